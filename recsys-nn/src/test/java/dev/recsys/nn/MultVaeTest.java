package dev.recsys.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixOptions;
import dev.recsys.nn.testing.MemoryModelIO;
import dev.recsys.nn.testing.Synthetic;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MultVaeTest {
    static final int USERS = 90;
    static final int ITEMS = 60;
    static final int GROUPS = 3;
    static TrainingData data;
    static TrainedModel model;
    static Algorithm algo;
    static Params params;

    @BeforeAll
    static void train() {
        Dataset ds = Synthetic.blocks(USERS, ITEMS, GROUPS, 10, 1);
        data = new TrainingData(ds, MatrixOptions.binary());
        algo = Algorithms.byName("mult-vae");
        params = Params.parse(algo.params(), Map.of("hidden", "32", "latent", "8", "epochs", "60",
                "batch-size", "16", "learning-rate", "0.01"));
        model = algo.train(data, params, null);
    }

    static Query queryOf(int user, int[] items) {
        float[] w = new float[items.length];
        java.util.Arrays.fill(w, 1f);
        return Query.ofUser(user, items, w, Scene.HOME);
    }

    static float[] scores(TrainedModel m, Query q) {
        float[] out = new float[m.numItems()];
        assertThat(m.score(q, out)).isTrue();
        return out;
    }

    /** Share of each user's top-5 unseen items that belong to the user's group. */
    static double groupPrecision(TrainedModel m, InteractionMatrix x) {
        int hits = 0;
        int total = 0;
        for (int u = 0; u < USERS; u++) {
            float[] s = scores(m, queryOf(u, x.rowColumns(u)));
            for (int i : x.rowColumns(u)) {
                s[i] = Float.NEGATIVE_INFINITY;
            }
            int[] top = new int[5];
            int n = dev.recsys.nn.internal.train.RankingValidator.topK(s, 5, top);
            for (int k = 0; k < n; k++) {
                hits += Synthetic.itemGroup(top[k], ITEMS, GROUPS) == Synthetic.userGroup(u, GROUPS) ? 1 : 0;
                total++;
            }
        }
        return hits / (double) total;
    }

    @Test
    void isFoundByNameWithSeedParameter() {
        assertThat(algo).isInstanceOf(MultVae.class);
        assertThat(algo.params()).extracting(p -> p.name()).contains("seed", "hidden", "latent", "dropout", "anneal-cap");
        assertThat(model.algorithm()).isEqualTo("mult-vae");
        assertThat(model.numItems()).isEqualTo(ITEMS);
    }

    @Test
    void perUserKlAndCosineScheduleStillLearnTheGroups() {
        Params p = Params.parse(algo.params(), Map.of("hidden", "32", "latent", "8", "epochs", "60",
                "batch-size", "16", "learning-rate", "0.01", "kl-per-items", "true", "lr-schedule", "cosine"));
        TrainedModel m = algo.train(data, p, null);
        assertThat(groupPrecision(m, data.matrix())).isGreaterThan(0.8);
        Query q = queryOf(0, data.matrix().rowColumns(0));
        assertThat(scores(m, q)).doesNotContain(Float.NaN).isNotEqualTo(scores(model, q));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Params.parse(algo.params(),
                Map.of("lr-schedule", "linear")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void learnsTheGroups() {
        assertThat(groupPrecision(model, data.matrix())).isGreaterThan(0.8); // random: 1/3
    }

    @Test
    void foldsInUnseenUsersFromTheirItems() {
        int per = ITEMS / GROUPS;
        int[] items = {per + 1, per + 4, per + 7, per + 9}; // group 1
        float[] s = scores(model, queryOf(-1, items));
        for (int i : items) {
            s[i] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new int[5];
        dev.recsys.nn.internal.train.RankingValidator.topK(s, 5, top);
        for (int t : top) {
            assertThat(Synthetic.itemGroup(t, ITEMS, GROUPS)).isEqualTo(1);
        }
        for (float v : s) {
            assertThat(Float.isNaN(v)).isFalse();
        }
    }

    @Test
    void noSignalGivesFalseAndUnknownItemsAreSkipped() {
        assertThat(model.score(queryOf(3, new int[0]), new float[ITEMS])).isFalse();
        assertThat(model.score(queryOf(-1, new int[] {ITEMS + 5, -2}), new float[ITEMS])).isFalse();
        float[] a = scores(model, queryOf(-1, new int[] {2, 3}));
        float[] b = scores(model, queryOf(-1, new int[] {3, 2, ITEMS + 1, 3}));
        assertThat(b).containsExactly(a);
    }

    @Test
    void saveLoadRoundTripScoresIdentically() throws Exception {
        MemoryModelIO io = new MemoryModelIO();
        model.save(io);
        TrainedModel loaded = algo.load(io.reader(), model.params());
        assertThat(loaded.numItems()).isEqualTo(ITEMS);
        for (int u = 0; u < 10; u++) {
            Query q = queryOf(u, data.matrix().rowColumns(u));
            assertThat(scores(loaded, q)).containsExactly(scores(model, q));
        }
    }

    @Test
    void loadRejectsAnotherVersion() {
        MemoryModelIO io = new MemoryModelIO();
        io.writeInt(99);
        assertThatThrownBy(() -> algo.load(io.reader(), model.params()))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("version 99");
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        Params small = params.with(Map.of("epochs", "3"));
        Query q = queryOf(0, data.matrix().rowColumns(0));
        float[] a = scores(algo.train(data, small, null), q);
        float[] b = scores(algo.train(data, small, null), q);
        float[] c = scores(algo.train(data, small.with(Map.of("seed", "7")), null), q);
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void theModelIsIdenticalWhateverTheThreadCount() {
        // large enough that the output layer's products (batch x hidden x items) are split over threads
        Dataset ds = Synthetic.blocks(200, 1200, 4, 40, 3);
        TrainingData big = new TrainingData(ds, MatrixOptions.binary());
        Params p = Params.parse(algo.params(), Map.of("hidden", "600", "latent", "32", "epochs", "2",
                "batch-size", "100", "threads", "1"));
        Query q = queryOf(0, big.matrix().rowColumns(0));
        float[] one = scores(algo.train(big, p, null), q);
        float[] two = scores(algo.train(big, p.with(Map.of("threads", "2")), null), q);
        float[] all = scores(algo.train(big, p.with(Map.of("threads", "0")), null), q);
        assertThat(two).containsExactly(one);
        assertThat(all).containsExactly(one);
    }

    @Test
    void earlyStoppingReportsValidationAndRefits() {
        List<String> stages = new ArrayList<>();
        List<Double> ndcg = new ArrayList<>();
        Params p = params.with(Map.of("epochs", "8", "validation", "0.2", "patience", "2"));
        TrainedModel m = algo.train(data, p, (stage, step, total, metrics) -> {
            stages.add(stage);
            if (metrics.containsKey("val-ndcg@10")) {
                ndcg.add(metrics.get("val-ndcg@10"));
            }
        });
        assertThat(ndcg).isNotEmpty().allMatch(v -> v >= 0 && v <= 1);
        assertThat(stages).contains("epoch", "refit");
        assertThat(m.score(queryOf(0, data.matrix().rowColumns(0)), new float[ITEMS])).isTrue();
    }

    @Test
    void invalidParametersAreRejectedByName() {
        assertThatThrownBy(() -> Params.parse(algo.params(), Map.of("dropout", "1.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropout");
        assertThatThrownBy(() -> Params.parse(algo.params(), Map.of("hiden", "5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hiden");
    }
}
