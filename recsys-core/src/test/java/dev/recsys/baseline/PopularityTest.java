package dev.recsys.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.modelfile.BinaryModelInput;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.spi.Explainable;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopularityTest {
    private static final long DAY = 86_400L;

    private static Interactions log() {
        Interactions log = new Interactions();
        log.add(Event.of("u1", "a", Behavior.VIEW, 10 * DAY));
        log.add(Event.of("u2", "a", Behavior.VIEW, 10 * DAY));
        log.add(Event.of("u1", "b", Behavior.PURCHASE, 0));
        log.add(Event.of("u2", "c", Behavior.ADD_TO_CART, 9 * DAY));
        return log;
    }

    @Test
    void countsAreBehaviourWeighted() {
        float[] c = Popularity.counts(log(), MatrixOptions.implicitDefaults(), 0);
        assertThat(c).containsExactly(2f, 5f, 3f);
    }

    @Test
    void timeDecayHalvesPerHalfLife() {
        // reference time is day 10: b is 10 days old, c one day old
        float[] c = Popularity.counts(log(), MatrixOptions.implicitDefaults(), 10 * DAY);
        assertThat(c[0]).isCloseTo(2f, within(1e-6f));
        assertThat(c[1]).isCloseTo(2.5f, within(1e-5f));
        assertThat(c[2]).isCloseTo((float) (3 * Math.pow(2, -0.1)), within(1e-5f));
        assertThatThrownBy(() -> Popularity.counts(log(), MatrixOptions.implicitDefaults(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("halfLifeSeconds");
    }

    @Test
    void sameScoresForEveryoneIncludingUnknownUsers() throws Exception {
        Popularity alg = new Popularity();
        Params p = Params.parse(alg.params(), Map.of("half-life-days", "1"));
        TrainedModel m = alg.train(new TrainingData(Dataset.of(log()), MatrixOptions.implicitDefaults()), p, TrainingListener.NONE);
        float[] known = new float[3];
        float[] unknown = new float[3];
        assertThat(m.score(Query.ofUser(0, new int[] {0}, new float[] {1f}, Scene.HOME), known)).isTrue();
        assertThat(m.score(Query.ofUser(-1, new int[0], new float[0], Scene.HOME), unknown)).isTrue();
        assertThat(unknown).containsExactly(known);
        // half-life 1 day: the cart event of yesterday counts 3 * 2^-1 = 1.5, below today's two views
        assertThat(known[2]).isCloseTo(1.5f, within(1e-6f));
        assertThat(known[0]).isCloseTo(2f, within(1e-6f));
        assertThat(((Explainable) m).popularityBased()).isTrue();
        assertThat(m.algorithm()).isEqualTo("popularity");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BinaryModelOutput out = new BinaryModelOutput(bytes)) {
            m.save(out);
        }
        TrainedModel back = alg.load(new BinaryModelInput(new ByteArrayInputStream(bytes.toByteArray()), "test", bytes.size()), p);
        float[] again = new float[3];
        back.score(Query.ofUser(-1, new int[0], new float[0], Scene.HOME), again);
        assertThat(again).containsExactly(known);
    }
}
