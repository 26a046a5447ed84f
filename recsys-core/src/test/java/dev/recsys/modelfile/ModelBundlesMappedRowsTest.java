package dev.recsys.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.internal.rows.FactorRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces under mapped user factors: rows mapped from several bundle parts (rows spanning two
 * parts), the serialised form of {@link FactorRows} on the heap, and skipping in
 * {@link BinaryModelInput}. Loading whole bundles with mapped user factors is tested where the
 * {@code ials} model is (recsys-mf, {@code MappedUserFactorsTest}).
 */
class ModelBundlesMappedRowsTest {
    @TempDir
    Path dir;

    /** Parts holding floats 0, 1, 2, ... ({@code sizes} floats each); mapped as one matrix. */
    private MappedRows mapped(int rows, int dim, int... sizes) throws IOException {
        List<FloatBuffer> pieces = new ArrayList<>();
        long[] starts = new long[sizes.length];
        String[] files = new String[sizes.length];
        int v = 0;
        for (int p = 0; p < sizes.length; p++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            BinaryModelOutput o = new BinaryModelOutput(b);
            starts[p] = v;
            for (int i = 0; i < sizes[p]; i++) {
                o.writeFloat(v++);
            }
            o.flush();
            ModelBundles.Part part = ModelBundles.writePart(dir, "rows-" + p, b.toByteArray());
            files[p] = dir.resolve(part.file()).toString();
            try (FileChannel ch = FileChannel.open(dir.resolve(part.file()), StandardOpenOption.READ)) {
                pieces.add(ch.map(FileChannel.MapMode.READ_ONLY, 12, 4L * sizes[p]).order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer());
            }
        }
        return new MappedRows(rows, dim, pieces.toArray(new FloatBuffer[0]), starts, files, "test rows");
    }

    @Test
    void rowsSpanningPartsAreCopiedWhole() throws IOException {
        MappedRows r = mapped(5, 4, 7, 2, 11);
        assertThat(r.mapped()).isTrue();
        assertThat(r.array()).isNull();
        for (int row = 0; row < 5; row++) {
            float[] expected = new float[4];
            for (int j = 0; j < 4; j++) {
                expected[j] = row * 4 + j;
            }
            assertThat(r.row(row)).containsExactly(expected);
        }
        float[] dst = new float[6];
        r.copyRow(1, dst, 2);
        assertThat(dst).containsExactly(0, 0, 4, 5, 6, 7);
        assertThatThrownBy(() -> r.row(5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> r.row(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mapped(5, 4, 7, 2, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("19 mapped floats for 5 rows x 4");
    }

    @Test
    void aMappedMatrixWritesAsAHeapOneAndReadsBack() throws IOException {
        MappedRows r = mapped(3, 2, 4, 2);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BinaryModelOutput o = new BinaryModelOutput(b);
        r.write(o);
        o.flush();
        BinaryModelInput in = new BinaryModelInput(new ByteArrayInputStream(b.toByteArray()), "rows", b.size());
        FactorRows back = FactorRows.read(in, 3, 2, "rows");
        assertThat(back.mapped()).isFalse();
        assertThat(back.array()).containsExactly(0, 1, 2, 3, 4, 5);
        BinaryModelInput again = new BinaryModelInput(new ByteArrayInputStream(b.toByteArray()), "rows", b.size());
        assertThatThrownBy(() -> FactorRows.read(again, 4, 2, "rows")).isInstanceOf(IOException.class)
                .hasMessageContaining("expected 8 values of rows, got 6");
    }

    @Test
    void heapReadRefusesMatricesLargerThanAnArrayBeforeAllocating() {
        BinaryModelInput in = new BinaryModelInput(new ByteArrayInputStream(new byte[] {-1, -1, -1, -1}), "rows", 4);
        assertThatThrownBy(() -> FactorRows.read(in, 40_000_000, 64, "user factors")).isInstanceOf(IOException.class)
                .hasMessageContaining("more than one Java array holds");
        assertThatThrownBy(() -> FactorRows.of(new float[5], 2, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void skipPassesOverBufferedAndUnreadBytes() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BinaryModelOutput o = new BinaryModelOutput(b);
        for (int i = 0; i < 100_000; i++) {
            o.writeInt(i);
        }
        o.flush();
        BinaryModelInput in = new BinaryModelInput(new ByteArrayInputStream(b.toByteArray()), "ints", b.size());
        assertThat(in.readInt()).isZero();
        in.skip(4);
        assertThat(in.readInt()).isEqualTo(2);
        in.skip(4L * 90_000);
        assertThat(in.position()).isEqualTo(4L * 90_003);
        assertThat(in.readInt()).isEqualTo(90_003);
        assertThatThrownBy(() -> in.skip(4L * 10_000)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated");
        in.skip(4L * 9_996);
        assertThat(in.remaining()).isZero();
    }
}
