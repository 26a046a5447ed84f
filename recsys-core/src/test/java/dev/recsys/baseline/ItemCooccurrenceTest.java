package dev.recsys.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.modelfile.BinaryModelInput;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainingData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ItemCooccurrenceTest {

    /**
     * Items a, b, c, d. Users: u1 {a, b}, u2 {a, b, c}, u3 {a, c}, u4 {d}. Co-counts: ab 2, ac 2, bc 1.
     * n_a = 3, n_b = 2, n_c = 2, n_d = 1; 4 active users.
     */
    private static TrainingData data() {
        Interactions log = new Interactions();
        String[][] ev = {{"u1", "a"}, {"u1", "b"}, {"u2", "a"}, {"u2", "b"}, {"u2", "c"}, {"u3", "a"}, {"u3", "c"}, {"u4", "d"}};
        long t = 0;
        for (String[] e : ev) {
            log.add(Event.of(e[0], e[1], Behavior.VIEW, t++));
        }
        return new TrainingData(Dataset.of(log), MatrixOptions.binary());
    }

    private static ItemCooccurrenceModel train(TrainingData d, String... kv) {
        ItemCooccurrence alg = new ItemCooccurrence();
        Map<String, String> m = new HashMap<>();
        m.put("min-support", "1");
        m.put("threads", "1");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return (ItemCooccurrenceModel) alg.train(d, Params.parse(alg.params(), m), null);
    }

    @Test
    void similarityMeasuresMatchHandComputedValues() {
        TrainingData d = data();
        ItemCooccurrenceModel count = train(d, "similarity", "count");
        assertThat(count.similarity(0, 1)).isEqualTo(2f);
        assertThat(count.similarity(0, 2)).isEqualTo(2f);
        assertThat(count.similarity(1, 2)).isEqualTo(1f);
        assertThat(count.neighbors(3)).isEmpty();
        assertThat(count.neighbors(0)).containsExactly(1, 2); // tie: lower index first

        ItemCooccurrenceModel jac = train(d, "similarity", "jaccard");
        assertThat(jac.similarity(0, 1)).isCloseTo(2f / 3f, within(1e-6f));
        assertThat(jac.similarity(1, 2)).isCloseTo(1f / 3f, within(1e-6f));

        ItemCooccurrenceModel lift = train(d, "similarity", "lift");
        assertThat(lift.similarity(0, 1)).isCloseTo(2f * 4 / (3 * 2), within(1e-6f));
        assertThat(lift.similarity(1, 2)).isCloseTo(1f * 4 / (2 * 2), within(1e-6f));

        ItemCooccurrenceModel cos = train(d, "similarity", "cosine");
        assertThat(cos.similarity(0, 1)).isCloseTo((float) (2 / Math.sqrt(3 * 2)), within(1e-6f));
        assertThat(cos.similarity(1, 0)).isCloseTo(cos.similarity(0, 1), within(1e-7f));
    }

    @Test
    void neighboursAndSupportAreLimited() {
        TrainingData d = data();
        ItemCooccurrenceModel one = train(d, "similarity", "count", "neighbors", "1");
        assertThat(one.neighbors(2)).containsExactly(0);
        ItemCooccurrenceModel support = train(d, "similarity", "count", "min-support", "2");
        assertThat(support.neighbors(1)).containsExactly(0);
        assertThat(support.similarity(1, 2)).isZero();
        assertThat(support.numEntries()).isEqualTo(4);
    }

    @Test
    void scoringUsesCurrentItemThenCartThenHistory() {
        ItemCooccurrenceModel m = train(data(), "similarity", "count");
        float[] out = new float[4];
        assertThat(m.score(new Query(-1, new int[] {2}, new float[] {1f}, 1, new int[] {2}, Scene.ITEM_DETAIL), out)).isTrue();
        assertThat(out).containsExactly(2f, Float.NEGATIVE_INFINITY, 1f, Float.NEGATIVE_INFINITY);
        assertThat(m.influentialItem(new Query(-1, new int[0], new float[0], 1, new int[0], Scene.ITEM_DETAIL), 0)).isEqualTo(1);

        assertThat(m.score(new Query(-1, new int[0], new float[0], -1, new int[] {1, 2}, Scene.CART), out)).isTrue();
        assertThat(out[0]).isEqualTo(4f); // 2 + 2
        assertThat(out[1]).isEqualTo(1f);
        assertThat(out[2]).isEqualTo(1f);

        Query home = Query.ofUser(0, new int[] {1, 2}, new float[] {1f, 3f}, Scene.HOME);
        assertThat(m.score(home, out)).isTrue();
        assertThat(out[0]).isEqualTo(2f * 1 + 2f * 3);
        assertThat(m.influentialItem(home, 0)).isEqualTo(2);

        // current item without neighbours falls through to the history
        assertThat(m.score(new Query(-1, new int[] {1}, new float[] {1f}, 3, new int[0], Scene.ITEM_DETAIL), out)).isTrue();
        assertThat(out[0]).isEqualTo(2f);

        assertThat(m.score(Query.ofUser(-1, new int[0], new float[0], Scene.HOME), out)).isFalse();
        assertThat(m.score(Query.ofUser(3, new int[] {3}, new float[] {1f}, Scene.HOME), out)).isFalse();
    }

    @Test
    void trainingIsDeterministicAcrossThreadCounts() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        Interactions log = new Interactions();
        for (int e = 0; e < 20_000; e++) {
            int u = r.nextInt(400);
            int i = (int) Math.min(599, Math.abs(r.nextGaussian() * 150));
            Behavior b = r.nextInt(10) == 0 ? Behavior.PURCHASE : Behavior.VIEW;
            log.add(Event.of("u" + u, "i" + i, b, e));
        }
        TrainingData d = new TrainingData(Dataset.of(log), MatrixOptions.implicitDefaults());
        for (String sim : new String[] {"cosine", "lift"}) {
            ItemCooccurrenceModel a = train(d, "similarity", sim, "neighbors", "20", "threads", "1");
            AtomicInteger calls = new AtomicInteger();
            ItemCooccurrence alg = new ItemCooccurrence();
            ItemCooccurrenceModel b = (ItemCooccurrenceModel) alg.train(d, Params.parse(alg.params(),
                    Map.of("similarity", sim, "neighbors", "20", "threads", "3", "min-support", "1")),
                    (stage, step, total, metrics) -> calls.incrementAndGet());
            int n = d.numItems();
            assertThat(n).isGreaterThan(256); // at least two blocks, so two worker threads run
            assertThat(calls.get()).isEqualTo((n + 255) / 256); // one progress report per block of 256 items
            ByteArrayOutputStream ba = new ByteArrayOutputStream();
            ByteArrayOutputStream bb = new ByteArrayOutputStream();
            try (BinaryModelOutput oa = new BinaryModelOutput(ba); BinaryModelOutput ob = new BinaryModelOutput(bb)) {
                a.save(oa);
                b.save(ob);
            }
            assertThat(ba.size()).isGreaterThan(1000);
            assertThat(bb.toByteArray()).isEqualTo(ba.toByteArray());
            assertThat(a.numEntries()).isGreaterThan(1000);
            for (int i = 0; i < a.numItems(); i++) {
                float[] s = a.similarities(i);
                for (int j = 1; j < s.length; j++) {
                    assertThat(s[j]).isLessThanOrEqualTo(s[j - 1]);
                }
                assertThat(s.length).isLessThanOrEqualTo(20);
            }
        }
    }

    @Test
    void saveAndLoadRoundTrip() throws Exception {
        ItemCooccurrenceModel m = train(data(), "similarity", "jaccard");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryModelOutput out = new BinaryModelOutput(bytes);
        m.save(out);
        out.flush();
        ItemCooccurrence alg = new ItemCooccurrence();
        ItemCooccurrenceModel back = (ItemCooccurrenceModel) alg.load(
                new BinaryModelInput(new ByteArrayInputStream(bytes.toByteArray()), "test", bytes.size()), m.params());
        for (int i = 0; i < 4; i++) {
            assertThat(back.neighbors(i)).containsExactly(m.neighbors(i));
            assertThat(back.similarities(i)).containsExactly(m.similarities(i));
        }
        assertThat(back.params().getChoice("similarity")).isEqualTo("jaccard");
    }
}
