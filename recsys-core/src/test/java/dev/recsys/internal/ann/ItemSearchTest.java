package dev.recsys.internal.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.modelfile.BinaryModelInput;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.FactorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Quantised storage, the HNSW index (recall, filters, extension, file form) and cosine similarity. */
class ItemSearchTest {
    private static final int DIM = 16;

    /** Clustered random item factors, the shape trained factors have; users near a cluster. */
    record Fake(int numItems, float[] itemFactors, float[] itemBiases) implements FactorModel {
        @Override
        public int factors() {
            return DIM;
        }

        @Override
        public int numUsers() {
            return 0;
        }

        @Override
        public float[] userVector(int user) {
            throw new IllegalArgumentException("no users");
        }

        @Override
        public float[] foldIn(int[] items, float[] weights) {
            return new float[DIM];
        }
    }

    static Fake fake(int n, boolean biases, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centres = new float[20][DIM];
        for (float[] c : centres) {
            for (int d = 0; d < DIM; d++) {
                c[d] = (float) r.nextGaussian();
            }
        }
        float[] f = new float[n * DIM];
        float[] b = biases ? new float[n] : null;
        for (int i = 0; i < n; i++) {
            float[] c = centres[r.nextInt(centres.length)];
            double scale = 0.3 + r.nextDouble();
            for (int d = 0; d < DIM; d++) {
                f[i * DIM + d] = (float) (scale * (c[d] + 0.5 * r.nextGaussian()));
            }
            if (b != null) {
                b[i] = (float) (0.5 * r.nextGaussian());
            }
        }
        return new Fake(n, f, b);
    }

    static float[][] queries(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] q = new float[count][DIM];
        for (float[] v : q) {
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) r.nextGaussian();
            }
        }
        return q;
    }

    static int[] exact(Fake m, float[] x, int k) {
        int[] rows = new int[k];
        float[] s = new float[k];
        QuantizedFactors.of(FactorStorage.FLOAT, m.itemFactors(), m.numItems(), DIM, m.itemBiases())
                .topK(x, 0, k, null, rows, s);
        return rows;
    }

    static double overlap(int[] a, int[] b, int k) {
        int hit = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (a[i] == b[j]) {
                    hit++;
                    break;
                }
            }
        }
        return hit / (double) k;
    }

    @Test
    void quantisedScoresStayCloseToFloat() {
        Fake m = fake(2000, true, 1);
        float[][] qs = queries(20, 2);
        for (FactorStorage st : FactorStorage.values()) {
            ItemSearch s = ItemSearch.build(m, ServingOptions.of(st), 1, null);
            double tol = st == FactorStorage.INT8 ? 0.05 : st == FactorStorage.BF16 ? 0.03 : 1e-4;
            double recall = 0;
            for (float[] x : qs) {
                for (int i = 0; i < m.numItems(); i += 97) {
                    float exact = Kernels.get().dot(x, 0, m.itemFactors(), i * DIM, DIM) + m.itemBiases()[i];
                    assertThat(s.stored().score(i, x, 0)).as(st + " item " + i).isCloseTo(exact, within((float) tol * 10));
                }
                int[] rows = new int[10];
                float[] sc = new float[10];
                assertThat(s.topK(x, 0, 10, null, rows, sc)).isEqualTo(10);
                recall += overlap(rows, exact(m, x, 10), 10);
            }
            assertThat(recall / qs.length).as(st + " recall@10").isGreaterThanOrEqualTo(0.9);
        }
        assertThat(ItemSearch.build(m, ServingOptions.of(FactorStorage.INT8), 1, null).factorBytes())
                .isEqualTo(2000L * DIM + 4L * 2000);
        assertThat(ItemSearch.build(m, ServingOptions.of(FactorStorage.BF16), 1, null).factorBytes())
                .isEqualTo(2L * 2000 * DIM);
    }

    @Test
    void hnswRecallAndExactRescoring() {
        for (boolean biases : new boolean[] {false, true}) {
            Fake m = fake(2000, biases, 3);
            ItemSearch s = ItemSearch.build(m, ServingOptions.indexed(FactorStorage.FLOAT), 7, null);
            assertThat(s.index().size()).isEqualTo(2000);
            float[][] qs = queries(50, 4);
            double recall = 0;
            for (float[] x : qs) {
                int[] rows = new int[10];
                float[] sc = new float[10];
                assertThat(s.topK(x, 0, 10, null, rows, sc)).isEqualTo(10);
                for (int j = 0; j < 10; j++) {
                    // re-scored exactly: the model's own score of that item
                    assertThat(sc[j]).isCloseTo(s.stored().score(rows[j], x, 0), within(1e-6f));
                    assertThat(j == 0 || sc[j] <= sc[j - 1]).isTrue();
                }
                recall += overlap(rows, exact(m, x, 10), 10);
            }
            assertThat(recall / qs.length).as("biases " + biases).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void filtersThatRemoveMostItemsFallBackToExact() {
        Fake m = fake(2000, false, 5);
        ItemSearch s = ItemSearch.build(m, ServingOptions.indexed(FactorStorage.FLOAT), 7, null);
        float[] x = queries(1, 6)[0];
        // only every 200th item is eligible: 15 items
        int[] rows = new int[10];
        float[] sc = new float[10];
        int got = s.topK(x, 0, 10, i -> i % 200 != 0, rows, sc);
        int[] want = new int[10];
        float[] ws = new float[10];
        int exactGot = s.stored().topK(x, 0, 10, i -> i % 200 != 0, want, ws);
        assertThat(got).isEqualTo(exactGot).isEqualTo(10);
        assertThat(rows).isEqualTo(want);
        for (int r : rows) {
            assertThat(r % 200).isZero();
        }
    }

    @Test
    void sameSeedSameGraphAndExtendKeepsOldLinks() throws IOException {
        Fake all = fake(2000, true, 8);
        Fake first = new Fake(1500, Arrays.copyOf(all.itemFactors(), 1500 * DIM), Arrays.copyOf(all.itemBiases(), 1500));
        HnswIndex a = HnswIndex.build(QuantizedFactors.of(FactorStorage.FLOAT, first.itemFactors(), 1500, DIM, first.itemBiases()), 16, 100, 9, null);
        HnswIndex b = HnswIndex.build(QuantizedFactors.of(FactorStorage.FLOAT, first.itemFactors(), 1500, DIM, first.itemBiases()), 16, 100, 9, null);
        assertThat(bytes(a)).isEqualTo(bytes(b));

        ItemSearch old = ItemSearch.of(first, ServingOptions.indexed(FactorStorage.FLOAT),
                QuantizedFactors.of(FactorStorage.FLOAT, first.itemFactors(), 1500, DIM, first.itemBiases()), a);
        ItemSearch next = ItemSearch.carryOver(old, all, 9, null);
        assertThat(next.index().size()).isEqualTo(2000);
        double recall = 0;
        float[][] qs = queries(30, 10);
        boolean newFound = false;
        for (float[] x : qs) {
            int[] rows = new int[10];
            float[] sc = new float[10];
            next.topK(x, 0, 10, null, rows, sc);
            recall += overlap(rows, exact(all, x, 10), 10);
            for (int r : rows) {
                newFound |= r >= 1500;
            }
        }
        assertThat(recall / qs.length).isGreaterThanOrEqualTo(0.95);
        assertThat(newFound).as("the added items are reachable").isTrue();

        // changed factors of old items: a rebuild, still correct
        float[] changed = all.itemFactors().clone();
        changed[0] += 1f;
        ItemSearch rebuilt = ItemSearch.carryOver(old, new Fake(2000, changed, all.itemBiases()), 9, null);
        assertThat(rebuilt.index().size()).isEqualTo(2000);
    }

    @Test
    void graphRoundTripsAndCorruptGraphsAreRejected() throws IOException {
        Fake m = fake(1000, false, 11);
        HnswIndex a = HnswIndex.build(QuantizedFactors.of(FactorStorage.FLOAT, m.itemFactors(), 1000, DIM, null), 8, 50, 3, null);
        byte[] raw = bytes(a);
        HnswIndex back = HnswIndex.read(in(raw), "mem", QuantizedFactors.of(FactorStorage.FLOAT, m.itemFactors(), 1000, DIM, null));
        assertThat(bytes(back)).isEqualTo(raw);
        float[] x = queries(1, 12)[0];
        int[] r1 = new int[10];
        int[] r2 = new int[10];
        a.search(x, 0, 1f, 10, 50, null, r1, new float[10]);
        back.search(x, 0, 1f, 10, 50, null, r2, new float[10]);
        assertThat(r2).isEqualTo(r1);
        assertThatThrownBy(() -> HnswIndex.read(in(raw), "mem", QuantizedFactors.of(FactorStorage.FLOAT, Arrays.copyOf(m.itemFactors(), 900 * DIM), 900, DIM, null)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("HNSW");
        byte[] bad = raw.clone();
        // a link far out of range at the end of the level-0 links
        bad[bad.length - 1] = 0x7f;
        assertThatThrownBy(() -> HnswIndex.read(in(bad), "mem", QuantizedFactors.of(FactorStorage.FLOAT, m.itemFactors(), 1000, DIM, null)))
                .isInstanceOf(ModelFormatException.class);
    }

    @Test
    void similarIsTheExactCosine() {
        Fake m = fake(800, true, 13);
        ItemSearch s = ItemSearch.build(m, ServingOptions.of(FactorStorage.FLOAT), 1, null);
        int[] r1 = new int[5];
        float[] s1 = new float[5];
        int[] r2 = new int[5];
        float[] s2 = new float[5];
        assertThat(s.similar(17, 5, null, r1, s1)).isEqualTo(5);
        assertThat(m.similarItems(17, 5, r2, s2)).isEqualTo(5);
        assertThat(r1).isEqualTo(r2).doesNotContain(17);
        // brute force in double
        double best = -2;
        int arg = -1;
        for (int i = 0; i < 800; i++) {
            if (i == 17) {
                continue;
            }
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int d = 0; d < DIM; d++) {
                dot += m.itemFactors()[17 * DIM + d] * (double) m.itemFactors()[i * DIM + d];
                na += m.itemFactors()[17 * DIM + d] * (double) m.itemFactors()[17 * DIM + d];
                nb += m.itemFactors()[i * DIM + d] * (double) m.itemFactors()[i * DIM + d];
            }
            double c = dot / Math.sqrt(na * nb);
            if (c > best) {
                best = c;
                arg = i;
            }
        }
        assertThat(r2[0]).isEqualTo(arg);
        assertThat((double) s2[0]).isCloseTo(best, within(1e-5));
        assertThatThrownBy(() -> m.similarItems(800, 5, r2, s2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("item index 800");
    }

    @Test
    void storedFormsRoundTripThroughThePayloadFormAndConvert() throws IOException {
        Fake m = fake(301, true, 17); // 301 x 16 codes: the packing has a tail
        float[][] qs = queries(5, 18);
        for (FactorStorage st : FactorStorage.values()) {
            QuantizedFactors q = QuantizedFactors.of(st, m.itemFactors(), 301, DIM, m.itemBiases());
            if (st == FactorStorage.FLOAT) {
                assertThatThrownBy(() -> q.write(new BinaryModelOutput(new ByteArrayOutputStream())))
                        .isInstanceOf(IllegalStateException.class);
                continue;
            }
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            BinaryModelOutput out = new BinaryModelOutput(bo);
            q.write(out);
            out.flush();
            byte[] raw = bo.toByteArray();
            QuantizedFactors back = QuantizedFactors.read(in(raw), 301, DIM, "item factors").withBiases(m.itemBiases());
            assertThat(back.storage()).isEqualTo(st);
            for (float[] x : qs) {
                for (int i = 0; i < 301; i++) {
                    assertThat(back.score(i, x, 0)).isEqualTo(q.score(i, x, 0));
                }
            }
            assertThatThrownBy(() -> QuantizedFactors.read(in(Arrays.copyOf(raw, raw.length - 5)), 301, DIM, "item factors"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> QuantizedFactors.read(in(raw), 302, DIM, "item factors"))
                    .isInstanceOf(IOException.class).hasMessageContaining("item factors");
            // other storages from this one: the stored values, rounded again
            for (FactorStorage to : FactorStorage.values()) {
                QuantizedFactors c = q.to(to);
                assertThat(c.storage()).isEqualTo(to);
                float[] row = new float[DIM];
                float[] want = new float[DIM];
                for (int i = 0; i < 301; i += 7) {
                    c.row(i, row, 0);
                    q.row(i, want, 0);
                    float max = 0f;
                    for (int d = 0; d < DIM; d++) {
                        max = Math.max(max, Math.abs(want[d]));
                    }
                    for (int d = 0; d < DIM; d++) {
                        // int8: half a step of max/127; bf16: 2^-8 relative
                        assertThat(row[d]).as(st + " to " + to).isCloseTo(want[d], within(max / 250f + Math.abs(want[d]) / 200f));
                    }
                }
            }
            assertThat(q.to(st)).isSameAs(q);
        }
    }

    @Test
    void hnswOverInt8CodesFindsTheExactTop() {
        Fake m = fake(2000, true, 19);
        ItemSearch s = ItemSearch.build(m, ServingOptions.indexed(FactorStorage.INT8), 7, null);
        assertThat(s.index().vectors()).isSameAs(s.stored());
        double recall = 0;
        float[][] qs = queries(50, 20);
        for (float[] x : qs) {
            int[] rows = new int[10];
            float[] sc = new float[10];
            s.topK(x, 0, 10, null, rows, sc);
            int[] want = new int[10];
            s.stored().topK(x, 0, 10, null, want, new float[10]);
            recall += overlap(rows, want, 10);
        }
        assertThat(recall / qs.length).isGreaterThanOrEqualTo(0.95);
    }

    private static byte[] bytes(HnswIndex idx) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        BinaryModelOutput out = new BinaryModelOutput(bo);
        idx.write(out);
        out.flush();
        return bo.toByteArray();
    }

    private static BinaryModelInput in(byte[] b) {
        return new BinaryModelInput(new ByteArrayInputStream(b), "mem", b.length);
    }
}
