package dev.recsys.internal.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.modelfile.BinaryModelInput;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.serving.FactorStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IvfIndexTest {
    private static final int DIM = 16;

    /** n rows around 64 centres, norms over a factor of 20 (a few long, popular rows). */
    private static float[] items(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] c = new float[64 * DIM];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) r.nextGaussian();
        }
        float[] f = new float[n * DIM];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(64);
            double norm = 0.05 + Math.pow(r.nextDouble(), 4);
            for (int d = 0; d < DIM; d++) {
                f[i * DIM + d] = (float) (norm * (c[k * DIM + d] + 0.7 * r.nextGaussian()));
            }
        }
        return f;
    }

    private static float[][] queries(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] q = new float[count][DIM];
        for (float[] x : q) {
            for (int d = 0; d < DIM; d++) {
                x[d] = (float) r.nextGaussian();
            }
        }
        return q;
    }

    private static double recall(IvfIndex idx, QuantizedFactors exact, float[][] qs) {
        double sum = 0;
        int[] a = new int[10];
        int[] b = new int[10];
        float[] s = new float[10];
        for (float[] q : qs) {
            int ga = exact.topK(q, 0, 10, null, a, s);
            int gb = idx.search(q, 0, 10, IvfIndex.DEFAULT_NPROBE, null, b, s);
            int hit = 0;
            for (int i = 0; i < ga; i++) {
                for (int j = 0; j < gb; j++) {
                    if (a[i] == b[j]) {
                        hit++;
                        break;
                    }
                }
            }
            sum += hit / 10.0;
        }
        return sum / qs.length;
    }

    @Test
    void findsTheInnerProductTopTenOfArbitraryQueriesInEveryStorage() {
        int n = 20_000;
        float[] f = items(n, 1);
        float[] bias = new float[n];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            bias[i] = (float) (0.1 * r.nextGaussian());
        }
        for (FactorStorage st : FactorStorage.values()) {
            QuantizedFactors q = QuantizedFactors.of(st, f, n, DIM, bias);
            IvfIndex idx = IvfIndex.build(q, IvfIndex.defaultLists(n), IvfIndex.DEFAULT_HEAD, 42);
            assertThat(idx.lists()).isEqualTo(141);
            assertThat(idx.headSize()).isEqualTo(1000);
            // against exact search in the same storage: the index scores in the storage too
            assertThat(recall(idx, q, queries(200, 9))).as(st.name()).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void skipsExcludedItemsAndIsDeterministic() {
        int n = 5_000;
        QuantizedFactors q = QuantizedFactors.of(FactorStorage.FLOAT, items(n, 2), n, DIM, null);
        IvfIndex a = IvfIndex.build(q, 70, 0.05, 7);
        IvfIndex b = IvfIndex.build(q, 70, 0.05, 7);
        int[] ra = new int[50];
        int[] rb = new int[50];
        float[] sa = new float[50];
        float[] sb = new float[50];
        for (float[] x : queries(20, 3)) {
            int ga = a.search(x, 0, 50, 8, i -> i % 2 == 0, ra, sa);
            int gb = b.search(x, 0, 50, 8, i -> i % 2 == 0, rb, sb);
            assertThat(ga).isEqualTo(50).isEqualTo(gb);
            assertThat(ra).containsExactly(rb);
            assertThat(sa).containsExactly(sb);
            for (int j = 0; j < ga; j++) {
                assertThat(ra[j] % 2).isOne();
                // the list scan's four-row kernel may round differently from a single row's dot
                assertThat(sa[j]).isCloseTo(q.score(ra[j], x, 0), org.assertj.core.data.Offset.offset(1e-4f));
                if (j > 0) {
                    assertThat(sa[j]).isLessThanOrEqualTo(sa[j - 1]);
                }
            }
        }
    }

    private static byte[] written(IvfIndex idx) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BinaryModelOutput o = new BinaryModelOutput(b);
        idx.write(o);
        o.flush();
        return b.toByteArray();
    }

    private static IvfIndex read(byte[] bytes, QuantizedFactors q) throws IOException {
        return IvfIndex.read(new BinaryModelInput(new ByteArrayInputStream(bytes), "test", bytes.length), "test", q);
    }

    @Test
    void readsBackWhatItWroteAndRefusesCorruptedLists() throws IOException {
        int n = 3_000;
        QuantizedFactors q = QuantizedFactors.of(FactorStorage.INT8, items(n, 4), n, DIM, null);
        IvfIndex idx = IvfIndex.build(q, 55, 0.05, 1);
        byte[] bytes = written(idx);
        IvfIndex back = read(bytes, q);
        int[] ra = new int[10];
        int[] rb = new int[10];
        float[] s = new float[10];
        for (float[] x : queries(20, 6)) {
            idx.search(x, 0, 10, 8, null, ra, s);
            back.search(x, 0, 10, 8, null, rb, s);
            assertThat(rb).containsExactly(ra);
        }
        // the last int is the last head item: make it repeat the first
        byte[] bad = bytes.clone();
        ByteBuffer bb = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        int headLen = idx.headSize();
        int firstHead = bb.getInt(bad.length - 4 * headLen);
        bb.putInt(bad.length - 4, firstHead);
        assertThatThrownBy(() -> read(bad, q)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("inverted file").hasMessageContaining("repeated");
        // rows of another shape
        QuantizedFactors other = QuantizedFactors.of(FactorStorage.INT8, items(n + 1, 4), n + 1, DIM, null);
        assertThatThrownBy(() -> read(bytes, other)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("items");
    }

    @Test
    void extendedIndexFindsNewItems() {
        int n = 8_000;
        float[] all = items(n + 500, 8);
        QuantizedFactors old = QuantizedFactors.of(FactorStorage.FLOAT, Arrays.copyOf(all, n * DIM), n, DIM, null);
        QuantizedFactors grown = QuantizedFactors.of(FactorStorage.FLOAT, all, n + 500, DIM, null);
        IvfIndex ext = IvfIndex.build(old, 90, 0.05, 3).extend(grown);
        assertThat(ext.size()).isEqualTo(n + 500);
        assertThat(recall(ext, grown, queries(200, 10))).isGreaterThanOrEqualTo(0.95);
        assertThatThrownBy(() -> ext.extend(old)).isInstanceOf(IllegalArgumentException.class);
    }
}
