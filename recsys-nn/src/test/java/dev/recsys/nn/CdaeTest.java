package dev.recsys.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.MatrixOptions;
import dev.recsys.nn.testing.MemoryModelIO;
import dev.recsys.nn.testing.Synthetic;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CdaeTest {
    static TrainingData data;
    static Algorithm algo;
    static Params params;
    static TrainedModel model;

    @BeforeAll
    static void train() {
        data = new TrainingData(Synthetic.blocks(MultVaeTest.USERS, MultVaeTest.ITEMS, MultVaeTest.GROUPS, 10, 3),
                MatrixOptions.binary());
        algo = Algorithms.byName("cdae");
        params = Params.parse(algo.params(), Map.of("hidden", "16", "epochs", "60", "batch-size", "16",
                "learning-rate", "0.01"));
        model = algo.train(data, params, null);
    }

    @Test
    void isFoundByNameAndLearnsTheGroups() {
        assertThat(algo).isInstanceOf(Cdae.class);
        assertThat(algo.params()).extracting(p -> p.name()).contains("seed", "hidden", "corruption", "negatives");
        assertThat(MultVaeTest.groupPrecision(model, data.matrix())).isGreaterThan(0.7); // random: 1/3
    }

    @Test
    void foldsInUnseenUsers() {
        int per = MultVaeTest.ITEMS / MultVaeTest.GROUPS;
        int[] items = {2 * per, 2 * per + 3, 2 * per + 5, 2 * per + 8};
        float[] s = MultVaeTest.scores(model, MultVaeTest.queryOf(-1, items));
        for (int i : items) {
            s[i] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new int[3];
        dev.recsys.nn.internal.train.RankingValidator.topK(s, 3, top);
        for (int t : top) {
            assertThat(Synthetic.itemGroup(t, MultVaeTest.ITEMS, MultVaeTest.GROUPS)).isEqualTo(2);
        }
        assertThat(model.score(MultVaeTest.queryOf(-1, new int[0]), new float[MultVaeTest.ITEMS])).isFalse();
    }

    @Test
    void saveLoadRoundTripScoresIdentically() throws Exception {
        MemoryModelIO io = new MemoryModelIO();
        model.save(io);
        TrainedModel loaded = algo.load(io.reader(), model.params());
        for (int u = 0; u < 10; u++) {
            Query q = MultVaeTest.queryOf(u, data.matrix().rowColumns(u));
            assertThat(MultVaeTest.scores(loaded, q)).containsExactly(MultVaeTest.scores(model, q));
        }
    }

    @Test
    void sameSeedSameModel() {
        Params small = params.with(Map.of("epochs", "3"));
        Query q = MultVaeTest.queryOf(3, data.matrix().rowColumns(3));
        float[] a = MultVaeTest.scores(algo.train(data, small, null), q);
        float[] b = MultVaeTest.scores(algo.train(data, small, null), q);
        assertThat(b).containsExactly(a);
    }
}
