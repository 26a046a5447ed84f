package dev.recsys.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainingListener;
import dev.recsys.modelfile.ModelFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateCountsTest {
    @TempDir
    Path dir;

    /** 300 users with 5-15 items each among 40 (skewed), one heavy user with every item 20 times. */
    static Dataset data() {
        Interactions log = new Interactions();
        SplittableRandom r = new SplittableRandom(3);
        long t = 1_700_000_000L;
        for (int u = 0; u < 300; u++) {
            int n = 5 + r.nextInt(11);
            for (int e = 0; e < n; e++) {
                int item = (int) Math.min(39, Math.floor(-Math.log(1 - r.nextDouble()) * 8));
                log.add(new Event("u" + u, "i" + item, Behavior.VIEW, 1f, t += 30, Scene.HOME));
            }
        }
        for (int rep = 0; rep < 20; rep++) {
            for (int i = 0; i < 40; i++) {
                log.add(new Event("heavy", "i" + i, Behavior.PURCHASE, 1f, t += 30, Scene.HOME));
            }
        }
        return Dataset.of(log);
    }

    private static float[] scores(RecommenderModel m) {
        float[] s = new float[m.numItems()];
        m.model().score(null, s);
        return s;
    }

    @Test
    void boundingKeepsAtMostKDistinctItemsPerUserDeterministically() {
        Dataset d = data();
        PrivateCounts.Budget b = new PrivateCounts.Budget(1, 0, 7, 5);
        InteractionMatrix m = PrivateCounts.bounded(d.interactions(), MatrixOptions.implicitDefaults(), 0, b);
        int heavy = d.interactions().users().indexOf("heavy");
        assertThat(m.rowLength(heavy)).isEqualTo(7);
        for (int u = 0; u < m.rows(); u++) {
            assertThat(m.rowLength(u)).isLessThanOrEqualTo(7);
            for (int p = m.rowPtr()[u]; p < m.rowPtr()[u + 1]; p++) {
                assertThat(m.values()[p]).isEqualTo(1f);
            }
        }
        InteractionMatrix again = PrivateCounts.bounded(d.interactions(), MatrixOptions.implicitDefaults(), 0, b);
        assertThat(again.colIdx()).containsExactly(m.colIdx());
    }

    @Test
    void privatePopularityIsSeededAndItsNoiseHasTheLaplaceScale() {
        Dataset d = data();
        Map<String, String> p = new HashMap<>(Map.of("dp-epsilon", "0.5", "dp-max-items", "4", "seed", "9"));
        RecommenderModel a = Recommenders.train(d, "popularity", p, TrainingListener.NONE);
        RecommenderModel b = Recommenders.train(d, "popularity", p, TrainingListener.NONE);
        assertThat(scores(a)).containsExactly(scores(b));
        assertThat(a.metadata().params().getDouble("dp-epsilon")).isEqualTo(0.5);
        assertThat(a.metadata().params().getDouble("dp-delta")).isZero();
        assertThat(a.metadata().seed()).isEqualTo(9L);
        p.put("seed", "10");
        assertThat(scores(Recommenders.train(d, "popularity", p, TrainingListener.NONE))).isNotEqualTo(scores(a));

        // the noise is Laplace(k / epsilon) = Laplace(8): mean absolute deviation 8 over many items
        Interactions wide = new Interactions();
        for (int i = 0; i < 4000; i++) {
            wide.add(Event.of("u" + (i % 50), "i" + i, Behavior.VIEW, 1_700_000_000L + i));
        }
        PrivateCounts.Budget lap = new PrivateCounts.Budget(0.5, 0, 4, 1);
        float[] noisy = PrivateCounts.popularity(wide, MatrixOptions.implicitDefaults(), 0, lap);
        InteractionMatrix kept = PrivateCounts.bounded(wide, MatrixOptions.implicitDefaults(), 0, lap);
        double[] exact = new double[noisy.length];
        for (int q = 0; q < kept.nnz(); q++) {
            exact[kept.colIdx()[q]] += 1;
        }
        double mad = 0;
        for (int i = 0; i < noisy.length; i++) {
            mad += Math.abs(noisy[i] - exact[i]);
        }
        assertThat(mad / noisy.length).isBetween(7.4, 8.6);
    }

    @Test
    void largeEpsilonApproachesTheBoundedCountsAndGaussianNeedsSmallEpsilon() {
        Dataset d = data();
        RecommenderModel loose = Recommenders.train(d, "popularity", Map.of("dp-epsilon", "1000", "dp-max-items", "100"),
                TrainingListener.NONE);
        RecommenderModel exact = Recommenders.train(d, "popularity", Map.of(), TrainingListener.NONE);
        // plain counts count every event; private ones each (user, item) once: same top item
        int best = argmax(scores(exact));
        assertThat(argmax(scores(loose))).isEqualTo(best);
        assertThatThrownBy(() -> Recommenders.train(d, "popularity", Map.of("dp-epsilon", "2", "dp-delta", "1e-6"),
                TrainingListener.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dp-epsilon");
        RecommenderModel g = Recommenders.train(d, "popularity", Map.of("dp-epsilon", "0.9", "dp-delta", "1e-6"),
                TrainingListener.NONE);
        for (float s : scores(g)) {
            assertThat(Float.isFinite(s)).isTrue();
        }
    }

    private static int argmax(float[] s) {
        int b = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[b]) {
                b = i;
            }
        }
        return b;
    }

    @Test
    void privateCooccurrenceNeedsDeltaIsThreadIndependentAndSavesItsBudget() throws Exception {
        Dataset d = data();
        assertThatThrownBy(() -> Recommenders.train(d, "item-cooccurrence", Map.of("dp-epsilon", "1"),
                TrainingListener.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dp-delta");
        Map<String, String> p = Map.of("dp-epsilon", "8", "dp-delta", "1e-5", "dp-max-items", "3", "threads", "1",
                "min-support", "1");
        RecommenderModel one = Recommenders.train(d, "item-cooccurrence", p, TrainingListener.NONE);
        Map<String, String> p2 = new HashMap<>(p);
        p2.put("threads", "2");
        RecommenderModel two = Recommenders.train(d, "item-cooccurrence", p2, TrainingListener.NONE);
        Path f1 = dir.resolve("1.model");
        Path f2 = dir.resolve("2.model");
        ModelFiles.save(one, f1);
        ModelFiles.save(two, f2);
        RecommenderModel back = ModelFiles.load(f1);
        assertThat(back.metadata().params().getDouble("dp-epsilon")).isEqualTo(8.0);
        assertThat(back.metadata().params().getDouble("dp-delta")).isEqualTo(1e-5);
        float[] s1 = new float[one.numItems()];
        float[] s2 = new float[one.numItems()];
        dev.recsys.spi.Query q = dev.recsys.spi.Query.ofUser(-1, new int[] {0, 1, 2}, new float[] {1f, 1f, 1f}, Scene.HOME);
        assertThat(one.model().score(q, s1)).isEqualTo(two.model().score(q, s2));
        assertThat(s1).containsExactly(s2);
        // the heavy user contributes 3 items, so the many pairs it alone would add are not released
        PrivateCounts.Cooccurrence c = new PrivateCounts.Cooccurrence(new PrivateCounts.Budget(8, 1e-5, 3, 42));
        assertThat(c.threshold()).isGreaterThan(1);
        assertThat(c.pairCount(3, 5, 1000)).isEqualTo(c.pairCount(5, 3, 1000)).isBetween(990.0, 1010.0);
        assertThat(c.pairCount(3, 5, 1)).as("a pair one user could make is not released").isNaN();
        int positive = 0;
        for (float x : s1) {
            positive += x > 0 ? 1 : 0;
        }
        assertThat(positive).as("frequent pairs are released").isPositive();
    }

    @Test
    void parametersAreOffByDefault() {
        Params p = Params.defaults(PrivateCounts.params());
        assertThat(PrivateCounts.Budget.of(p)).isNull();
        assertThat(PrivateCounts.params()).extracting(ParamSpec::name)
                .containsExactly("dp-epsilon", "dp-delta", "dp-max-items", "seed");
    }
}
