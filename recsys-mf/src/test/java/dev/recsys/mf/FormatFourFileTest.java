package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.internal.ann.ItemStoreModel;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Older model files still load. A file of format 5 (no inverted-file flag in the serving section) and
 * one of format 4 (float item factors in the model payload, the int8 codes and row scales
 * of the serving form in the serving section, no "stored in the payload" flag) still loads: the
 * file is made from a current one by writing format 4's serving section in place of an empty one,
 * setting the version to 4 and recomputing the checksum.
 */
class FormatFourFileTest {
    /** Bytes after the serving section: END tag, footer, CRC32. */
    private static final int TAIL = 4 + 8 + 4;
    /** Offset of the format version (after the 8-byte magic). */
    private static final int VERSION_AT = 8;

    @TempDir
    Path dir;

    private static byte[] servingSectionOfFormat4(QuantizedFactors q) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BinaryModelOutput o = new BinaryModelOutput(b);
        o.writeBoolean(true);
        o.writeString(FactorStorage.INT8.name());
        o.writeBoolean(false); // no index
        o.writeInt(ServingOptions.DEFAULT_MAX_CONN);
        o.writeInt(ServingOptions.DEFAULT_BEAM_WIDTH);
        o.writeInt(ServingOptions.DEFAULT_EF_SEARCH);
        o.writeInt(q.codes().length);
        o.writeBytes(q.codes());
        o.writeFloats(q.scales());
        o.flush();
        return b.toByteArray();
    }

    /** The file with format 4's serving section for m's int8 factors in place of the empty one. */
    private static byte[] formatFour(byte[] current, FactorModel m) throws IOException {
        int serving = current.length - TAIL - 1; // the empty section is one byte, false
        assertThat(current[serving]).isZero();
        byte[] section = servingSectionOfFormat4(QuantizedFactors.of(FactorStorage.INT8, m.itemFactors(), m.numItems(),
                m.factors(), m.itemBiases()));
        byte[] out = new byte[current.length - 1 + section.length];
        System.arraycopy(current, 0, out, 0, serving);
        System.arraycopy(section, 0, out, serving, section.length);
        System.arraycopy(current, serving + 1, out, serving + section.length, TAIL);
        ByteBuffer.wrap(out, VERSION_AT, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(4);
        CRC32 crc = new CRC32();
        crc.update(out, 0, out.length - 4);
        ByteBuffer.wrap(out, out.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        return out;
    }

    private static List<String> home(RecommenderModel m, String user) {
        return m.recommender().recommend(RecommendRequest.builder(Scene.HOME, 10).user(user).build()).stream()
                .map(Recommendation::itemId).toList();
    }

    @Test
    void aFormatFiveFileWithoutTheInvertedFileFlagLoads() throws IOException {
        RecommenderModel m = Recommenders.train(SyntheticGenerator.generate(SyntheticConfig.builder().users(120)
                        .items(90).categories(4).seed(9).build()).dataset(), "ials",
                Map.of("factors", "8", "iterations", "3", "seed", "3"), TrainingListener.NONE)
                .withServing(ServingOptions.of(FactorStorage.INT8));
        Path current = dir.resolve("int8.model");
        ModelFiles.save(m, current);
        byte[] bytes = Files.readAllBytes(current);
        // the section ends with the inverted-file flag (false) and the "codes in the payload" flag (true)
        int flag = bytes.length - TAIL - 2;
        assertThat(bytes[flag]).isZero();
        assertThat(bytes[flag + 1]).isOne();
        byte[] five = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, five, 0, flag);
        System.arraycopy(bytes, flag + 1, five, flag, bytes.length - flag - 1);
        ByteBuffer.wrap(five, VERSION_AT, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(5);
        CRC32 crc = new CRC32();
        crc.update(five, 0, five.length - 4);
        ByteBuffer.wrap(five, five.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        Path old = dir.resolve("five.model");
        Files.write(old, five);
        RecommenderModel loaded = ModelFiles.load(old);
        assertThat(loaded.servingOptions()).contains(ServingOptions.of(FactorStorage.INT8));
        for (int u = 0; u < m.numUsers(); u += 9) {
            String id = m.users().idOf(u);
            assertThat(home(loaded, id)).isNotEmpty().isEqualTo(home(m, id));
        }
    }

    @Test
    void aFormatFourFileWithInt8ServingLoadsAndServesAsTheSameModelServedInInt8() throws IOException {
        RecommenderModel m = Recommenders.train(SyntheticGenerator.generate(SyntheticConfig.builder().users(120)
                        .items(90).categories(4).seed(9).build()).dataset(), "ials",
                Map.of("factors", "8", "iterations", "3", "seed", "3"), TrainingListener.NONE);
        Path current = dir.resolve("current.model");
        ModelFiles.save(m, current);
        byte[] bytes = Files.readAllBytes(current);
        assertThat(ByteBuffer.wrap(bytes, VERSION_AT, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())
                .isEqualTo(ModelFiles.FORMAT_VERSION);
        Path four = dir.resolve("four.model");
        Files.write(four, formatFour(bytes, (FactorModel) m.model()));

        RecommenderModel loaded = ModelFiles.load(four);
        assertThat(loaded.servingOptions()).contains(ServingOptions.of(FactorStorage.INT8));
        assertThat(((ItemStoreModel) loaded.model()).itemStore().storage()).isEqualTo(FactorStorage.INT8);
        RecommenderModel expected = m.withServing(ServingOptions.of(FactorStorage.INT8));
        for (int u = 0; u < m.numUsers(); u += 9) {
            String id = m.users().idOf(u);
            assertThat(home(loaded, id)).isNotEmpty().isEqualTo(home(expected, id));
        }

        // format 4 with a count of codes that does not fit the model: refused, naming the section
        byte[] bad = Files.readAllBytes(four);
        FactorModel fm = (FactorModel) m.model();
        // the section ends with the codes' count, the codes (n x k bytes) and the scales (count, n floats)
        int countAt = bad.length - TAIL - (4 + fm.numItems() * 4) - fm.numItems() * fm.factors() - 4;
        assertThat(ByteBuffer.wrap(bad, countAt, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())
                .isEqualTo(fm.numItems() * fm.factors());
        ByteBuffer.wrap(bad, countAt, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(7);
        CRC32 crc = new CRC32();
        crc.update(bad, 0, bad.length - 4);
        ByteBuffer.wrap(bad, bad.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        Path broken = dir.resolve("broken.model");
        Files.write(broken, bad);
        assertThatThrownBy(() -> ModelFiles.load(broken)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("serving data");
        assertThat(Arrays.equals(bad, Files.readAllBytes(four))).isFalse();
    }
}
