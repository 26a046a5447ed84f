package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The end-of-training checks (no non-finite or absurd model is returned, the message names the
 * parameter to change), the refusal of rating-less data by the explicit-rating algorithms, and the
 * memory estimate before EASE's dense block.
 */
class TrainingGuardsTest {

    private static TrainedModel train(Algorithm a, TrainingData d, Map<String, String> p) {
        return a.train(d, Params.parse(a.params(), p), null);
    }

    @Test
    void adamAtAHugeLearningRateIsAnErrorNamingAdamLearningRate() {
        TrainingData d = Synthetic.ratings(60, 40, 0.3, 5).train();
        assertThatThrownBy(() -> train(new BiasedMf(), d, Map.of("optimizer", "adam", "adam-learning-rate", "5",
                "factors", "8", "epochs", "10", "validation-fraction", "0", "lr-decay", "1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("biased-mf Adam training diverged")
                .hasMessageContaining("adam-learning-rate (now 5.0)");
        // the default Adam rate trains a model
        assertThat(train(new BiasedMf(), d, Map.of("optimizer", "adam", "factors", "8", "epochs", "10"))).isNotNull();
    }

    @Test
    void alsRefusesRegZeroAndTrainsWithTheDefault() {
        TrainingData d = Synthetic.ratings(60, 40, 0.3, 5).train();
        assertThatThrownBy(() -> train(new Als(), d, Map.of("reg", "0", "iterations", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reg must be > 0");
        assertThat(train(new Als(), d, Map.of("iterations", "3"))).isNotNull();
    }

    @Test
    void alsWithAlmostNoRegularisationFailsNamingRegOnMovieLens() {
        var dir = MovieLens.dir();
        assumeTrue(dir.isPresent(), "ml-100k not found under shared/data: skipping the MovieLens ALS check");
        // reg = 1e-4 fits the training ratings almost exactly and predicts about 30 on the 1-5 scale elsewhere
        Algorithm a = new Als();
        TrainingData d = Harness.data(MovieLens.fold(dir.get(), 1), a);
        assertThatThrownBy(() -> train(a, d, Map.of("reg", "0.0001", "iterations", "3")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("als training diverged")
                .hasMessageContaining("raise reg (now 1.0E-4)");
    }

    @Test
    void ialsWithAHugeWeightFailsNamingAlphaInsteadOfReturningNonFiniteFactors() {
        Interactions log = new Interactions();
        for (int u = 0; u < 20; u++) {
            for (int i = 0; i < 10; i++) {
                if ((u + i) % 3 == 0) {
                    log.add(log.users().add("u" + u), log.items().add("i" + i), Behavior.RATING,
                            u == 0 && i == 0 ? 1e30f : 4f, 1000L, Interactions.NO_SCENE);
                }
            }
        }
        TrainingData d = new TrainingData(Dataset.of(log), MatrixOptions.implicitDefaults());
        assertThatThrownBy(() -> train(new ImplicitAls(), d, Map.of("factors", "4", "iterations", "3")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ials training diverged")
                .hasMessageContaining("lower alpha (now 0.5)")
                .hasMessageContaining("1.0E30");
    }

    @Test
    void explicitAlgorithmsRefuseDataWithoutRatings() {
        TrainingData views = Synthetic.implicit(30, 20, 2, 5, 1);
        TrainingData asRatings = new TrainingData(views.dataset(), MatrixOptions.ratings());
        for (Algorithm a : new Algorithm[] {new BiasedMf(), new SvdPlusPlus(), new Als()}) {
            for (TrainingData d : new TrainingData[] {views, asRatings}) {
                assertThatThrownBy(() -> train(a, d, Map.of()))
                        .as(a.name())
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(a.name() + " learns from explicit ratings")
                        .hasMessageContaining("ials").hasMessageContaining("bpr").hasMessageContaining("ease");
            }
        }
    }

    @Test
    void easeChecksTheHeapBeforeAllocatingTheItemMatrix() {
        int n = 46_340; // the largest max-items: 4 n^2 bytes = 8.0 GiB
        assumeTrue(Runtime.getRuntime().maxMemory() < 4L * n * n,
                "the heap holds EASE's 8 GiB item matrix; the check has nothing to refuse");
        Interactions log = new Interactions();
        int u = log.users().add("u");
        for (int i = 0; i < n; i++) {
            log.add(u, log.items().add("i" + i), Behavior.VIEW, 1f, 1000L, Interactions.NO_SCENE);
        }
        TrainingData d = new TrainingData(Dataset.of(log), MatrixOptions.implicitDefaults());
        assertThatThrownBy(() -> train(new Ease(), d, Map.of("max-items", Integer.toString(n))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("46340 x 46340")
                .hasMessageContaining("bytes")
                .hasMessageContaining("-Xmx");
    }
}
