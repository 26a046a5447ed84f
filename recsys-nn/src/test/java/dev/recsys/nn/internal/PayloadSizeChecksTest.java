package dev.recsys.nn.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.modelfile.BinaryModelInput;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.nn.scene.internal.SceneStarModel;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.Params;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The neural payload readers check the sizes a payload declares against the bytes left before
 * they allocate a network: sizes that would need gigabytes are an {@link IOException} naming the
 * need, never an {@link OutOfMemoryError}.
 */
class PayloadSizeChecksTest {
    interface Writer {
        void write(BinaryModelOutput out) throws IOException;
    }

    interface Reader {
        Object read(ModelInput in) throws IOException;
    }

    /** The payload, then 1 KiB of zeros, read with its length known. */
    private static ModelInput payload(Writer w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryModelOutput out = new BinaryModelOutput(bytes);
        w.write(out);
        out.writeBytes(new byte[1024]);
        out.flush();
        byte[] b = bytes.toByteArray();
        return new BinaryModelInput(new ByteArrayInputStream(b), "payload", b.length);
    }

    private static void refused(Writer w, Reader r, String what) {
        assertThatThrownBy(() -> r.read(payload(w))).isInstanceOf(IOException.class).hasMessageContaining(what)
                .hasMessageContaining("bytes are left");
    }

    @Test
    void neuMfWithAHugeMlpIsRefused() {
        // one user and one item, but a first MLP layer of 2 x 30000 x 30000 weights (7.2 GB)
        refused(out -> {
            out.writeInt(NeuMfModel.VERSION);
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(30_000);
            out.writeInt(1);
        }, in -> NeuMfModel.load(in, null), "neumf");
    }

    @Test
    void cdaeWithHugeSizesIsRefused() {
        refused(out -> {
            out.writeInt(CdaeModel.VERSION);
            out.writeInt(1 << 20);
            out.writeInt(1 << 20);
            out.writeInt(1 << 10);
            out.writeString("tanh");
        }, in -> CdaeModel.load(in, null), "cdae");
    }

    @Test
    void multVaeWithHugeSizesIsRefused() {
        refused(out -> {
            out.writeInt(MultVaeModel.VERSION);
            out.writeInt(1 << 24);
            out.writeInt(100);
            out.writeInt(10);
            out.writeBoolean(true);
        }, in -> MultVaeModel.load(in, null), "mult-vae");
    }

    @Test
    void sceneStarWithHugeSizesIsRefused() {
        refused(out -> {
            out.writeInt(3);
            out.writeInt(1 << 24);
            out.writeInt(1 << 20);
            out.writeInt(0);
            out.writeInt(64);
            out.writeInt(1);
        }, in -> SceneStarModel.load("scene-star", in, (Params) null), "scene-star");
    }
}
