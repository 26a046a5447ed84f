package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.api.Scene;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** biased-mf (SGD and Adam), svdpp and als on a small synthetic rating matrix. */
class ExplicitModelsTest {
    private static Synthetic.Ratings data;
    private static double meanBaseline;

    @BeforeAll
    static void setUp() {
        data = Synthetic.ratings(150, 120, 0.3, 7);
        InteractionMatrix m = data.train().matrix();
        double s = 0;
        for (int p = 0; p < m.nnz(); p++) {
            s += m.values()[p];
        }
        double mu = s / m.nnz();
        double sq = 0;
        for (float r : data.testRating()) {
            sq += (r - mu) * (r - mu);
        }
        meanBaseline = Math.sqrt(sq / data.testRating().length);
    }

    static double rmse(TrainedModel m) {
        double sq = 0;
        for (int p = 0; p < data.testUser().length; p++) {
            double e = m.predict(data.testUser()[p], data.testItem()[p]) - data.testRating()[p];
            sq += e * e;
        }
        return Math.sqrt(sq / data.testUser().length);
    }

    static TrainedModel train(Algorithm a, Map<String, String> p) {
        return a.train(data.train(), Params.parse(a.params(), p), TrainingListener.NONE);
    }

    static List<Object[]> configs() {
        List<Object[]> out = new ArrayList<>();
        // small synthetic data: larger initial factors and lighter L2 than the MovieLens-tuned defaults
        out.add(new Object[] {new BiasedMf(), Map.of("factors", "8", "learning-rate", "0.02", "lr-decay", "0.99",
                "reg", "0.06", "init-std", "0.05")});
        out.add(new Object[] {new BiasedMf(), Map.of("factors", "8", "optimizer", "adam", "adam-learning-rate", "0.01")});
        out.add(new Object[] {new SvdPlusPlus(), Map.of("factors", "8", "learning-rate", "0.02", "lr-decay", "0.99",
                "init-std", "0.05", "reg-bias", "0.01", "reg-implicit", "0.06")});
        out.add(new Object[] {new Als(), Map.of("factors", "8", "threads", "1")});
        return out;
    }

    @Test
    void everyModelBeatsTheGlobalMeanClearly() {
        for (Object[] c : configs()) {
            TrainedModel m = train((Algorithm) c[0], (Map<String, String>) c[1]);
            assertThat(m.predictsRatings()).isTrue();
            assertThat(rmse(m)).as(m.algorithm() + " " + c[1]).isLessThan(0.8 * meanBaseline);
        }
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        for (Object[] c : configs()) {
            Algorithm a = (Algorithm) c[0];
            Map<String, String> p = (Map<String, String>) c[1];
            byte[] one = MemoryModelIo.bytes(train(a, p));
            byte[] two = MemoryModelIo.bytes(train(a, p));
            assertThat(two).as(a.name() + " " + p).isEqualTo(one);
            Map<String, String> other = new java.util.HashMap<>(p);
            other.put("seed", "7");
            assertThat(MemoryModelIo.bytes(train(a, other))).as(a.name()).isNotEqualTo(one);
        }
    }

    @Test
    void alsIsIdenticalWithOneAndTwoThreads() {
        byte[] one = MemoryModelIo.bytes(train(new Als(), Map.of("factors", "8", "threads", "1")));
        byte[] two = MemoryModelIo.bytes(train(new Als(), Map.of("factors", "8", "threads", "2")));
        byte[] three = MemoryModelIo.bytes(train(new Als(), Map.of("factors", "8", "threads", "3")));
        assertThat(two).isEqualTo(one);
        assertThat(three).isEqualTo(one);
    }

    @Test
    void earlyStoppingReportsValidationAndStopsBeforeTheLimit() {
        List<String> stages = new ArrayList<>();
        int[] lastEpoch = {0};
        new BiasedMf().train(data.train(), Params.parse(new BiasedMf().params(), Map.of("factors", "8", "epochs", "500")),
                (stage, step, total, metrics) -> {
                    stages.add(stage);
                    if (stage.equals("epoch")) {
                        lastEpoch[0] = step;
                        assertThat(metrics).containsKey("validation-rmse");
                        assertThat(metrics.get("validation-rmse")).isFinite();
                    }
                });
        assertThat(lastEpoch[0]).isLessThan(500);
        assertThat(stages).contains("refit-epoch");
    }

    @Test
    void knownUserScoresArePredictionsAndPredictIsClamped() {
        for (Object[] c : configs()) {
            TrainedModel m = train((Algorithm) c[0], (Map<String, String>) c[1]);
            InteractionMatrix hist = data.train().matrix();
            int u = 3;
            float[] out = new float[m.numItems()];
            Query q = Query.ofUser(u, hist.rowColumns(u), values(hist, u), Scene.HOME);
            assertThat(m.score(q, out)).isTrue();
            for (int i = 0; i < m.numItems(); i++) {
                float p = m.predict(u, i);
                assertThat(p).isBetween(1f, 5f);
                assertThat(Math.max(1f, Math.min(5f, out[i]))).as(m.algorithm() + " item " + i).isCloseTo(p, within(1e-3f));
            }
        }
    }

    @Test
    void foldInOfAnUnknownUserTracksTheirRatings() {
        for (Object[] c : configs()) {
            TrainedModel m = train((Algorithm) c[0], (Map<String, String>) c[1]);
            FactorModel f = (FactorModel) m;
            InteractionMatrix hist = data.train().matrix();
            // an unknown user who rates like user 5: the folded-in scores must correlate with user 5's
            int u = 5;
            float[] known = new float[m.numItems()];
            float[] folded = new float[m.numItems()];
            m.score(Query.ofUser(u, hist.rowColumns(u), values(hist, u), Scene.HOME), known);
            assertThat(m.score(new Query(-1, hist.rowColumns(u), values(hist, u), -1, null, Scene.HOME), folded)).isTrue();
            assertThat(correlation(known, folded)).as(m.algorithm()).isGreaterThan(0.8);
            float[] v = f.foldIn(hist.rowColumns(u), values(hist, u));
            assertThat(v).hasSize(f.factors());
            float[] empty = f.foldIn(new int[0], new float[0]);
            assertThat(empty).containsOnly(0f);
        }
    }

    @Test
    void alsFoldInReproducesTheTrainedUserParameters() {
        // ALS ends with a user pass: the fold-in solve for a user's own ratings is that pass.
        BiasedFactorModel m = (BiasedFactorModel) train(new Als(), Map.of("factors", "8", "threads", "2"));
        InteractionMatrix hist = data.train().matrix();
        for (int u : new int[] {0, 17, 99}) {
            float[] folded = m.foldIn(hist.rowColumns(u), values(hist, u));
            float[] trained = m.userVector(u);
            for (int f = 0; f < folded.length; f++) {
                assertThat(folded[f]).isCloseTo(trained[f], within(1e-4f));
            }
        }
    }

    @Test
    void newEventsChangeAKnownUsersScoresAtOnce() {
        TrainedModel m = train(new BiasedMf(), Map.of("factors", "8"));
        InteractionMatrix hist = data.train().matrix();
        int u = 2;
        int[] items = hist.rowColumns(u);
        float[] w = values(hist, u);
        float[] before = new float[m.numItems()];
        m.score(Query.ofUser(u, items, w, Scene.HOME), before);
        // the user now rates every item of the history 1 star: fold-in must lower their predictions
        float[] ones = new float[w.length];
        Arrays.fill(ones, 1f);
        float[] after = new float[m.numItems()];
        m.score(Query.ofUser(u, items, ones, Scene.HOME), after);
        double mb = 0;
        double ma = 0;
        for (int i = 0; i < before.length; i++) {
            mb += before[i];
            ma += after[i];
        }
        assertThat(ma).isLessThan(mb - before.length * 0.5);
    }

    @Test
    void unknownUserWithoutHistoryHasNothingToSay() {
        TrainedModel m = train(new BiasedMf(), Map.of("factors", "4", "epochs", "3"));
        float[] out = new float[m.numItems()];
        assertThat(m.score(new Query(-1, new int[0], new float[0], -1, null, Scene.HOME), out)).isFalse();
        // a current item alone is enough
        assertThat(m.score(new Query(-1, new int[0], new float[0], 4, null, Scene.ITEM_DETAIL), out)).isTrue();
        for (float v : out) {
            assertThat(v).isFinite();
        }
    }

    static float[] values(InteractionMatrix m, int u) {
        return Arrays.copyOfRange(m.values(), m.rowPtr()[u], m.rowPtr()[u + 1]);
    }

    static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Test
    void aDivergingLearningRateIsAnErrorNotANanModel() {
        for (Algorithm a : new Algorithm[] {new BiasedMf(), new SvdPlusPlus()}) {
            assertThatThrownBy(() -> train(a, Map.of("factors", "8", "learning-rate", "10",
                            "lr-decay", "1", "validation-fraction", "0", "epochs", "20")))
                    .as(a.name())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("diverged")
                    .hasMessageContaining("lower learning-rate (now 10.0)");
        }
    }
}
