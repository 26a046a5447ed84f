package dev.recsys.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class NeuMfTest {
    static TrainingData data;
    static Algorithm algo;
    static Params params;
    static TrainedModel model;

    @BeforeAll
    static void train() {
        data = new TrainingData(Synthetic.blocks(MultVaeTest.USERS, MultVaeTest.ITEMS, MultVaeTest.GROUPS, 10, 2),
                MatrixOptions.binary());
        algo = Algorithms.byName("neumf");
        params = Params.parse(algo.params(), Map.of("factors", "8", "epochs", "25", "batch-size", "64",
                "learning-rate", "0.01"));
        model = algo.train(data, params, null);
    }

    @Test
    void isFoundByNameAndLearnsTheGroups() {
        assertThat(algo).isInstanceOf(NeuMf.class);
        assertThat(algo.params()).extracting(p -> p.name()).contains("seed", "factors", "negatives");
        assertThat(MultVaeTest.groupPrecision(model, data.matrix())).isGreaterThan(0.7); // random: 1/3
    }

    @Test
    void unknownUsersHaveNoScores() {
        assertThat(model.score(MultVaeTest.queryOf(-1, new int[] {1, 2}), new float[MultVaeTest.ITEMS])).isFalse();
        assertThat(model.score(MultVaeTest.queryOf(MultVaeTest.USERS, new int[0]), new float[MultVaeTest.ITEMS])).isFalse();
    }

    @Test
    void saveLoadRoundTripScoresIdentically() throws Exception {
        MemoryModelIO io = new MemoryModelIO();
        model.save(io);
        TrainedModel loaded = algo.load(io.reader(), model.params());
        for (int u = 0; u < 10; u++) {
            Query q = MultVaeTest.queryOf(u, new int[0]);
            assertThat(MultVaeTest.scores(loaded, q)).containsExactly(MultVaeTest.scores(model, q));
        }
    }

    @Test
    void sameSeedSameModel() {
        Params small = params.with(Map.of("epochs", "2"));
        Query q = MultVaeTest.queryOf(3, new int[0]);
        float[] a = MultVaeTest.scores(algo.train(data, small, null), q);
        float[] b = MultVaeTest.scores(algo.train(data, small, null), q);
        float[] c = MultVaeTest.scores(algo.train(data, small.with(Map.of("seed", "9")), null), q);
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void tooManyLayersForTheFactorsIsRejected() {
        Params p = params.with(Map.of("factors", "2", "mlp-layers", "3"));
        assertThatThrownBy(() -> algo.train(data, p, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factors");
    }
}
