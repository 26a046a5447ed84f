package dev.recsys.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.nn.internal.Fitting;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.scene.SceneStar;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.Query;
import dev.recsys.api.Scene;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The neural trainers check their network against the heap before building it, and the trained
 * parameters for finiteness, naming the parameter to change.
 */
class NetworkGuardsTest {

    /** One user who viewed {@code items} items: a wide catalogue at almost no cost. */
    private static TrainingData wideCatalogue(int items) {
        Interactions log = new Interactions();
        int u = log.users().add("u");
        int v = log.users().add("v");
        for (int i = 0; i < items; i++) {
            log.add(i % 2 == 0 ? u : v, log.items().add("i" + i), Behavior.VIEW, 1f, 1000L + i, Interactions.NO_SCENE);
        }
        return new TrainingData(Dataset.of(log), MatrixOptions.implicitDefaults());
    }

    @Test
    void aNetworkLargerThanTheHeapIsRefusedBeforeItIsAllocated() {
        int items = 20_000;
        // hidden 65,536: two 20,000 x 65,536 weight matrices, 2.6 G values, 52 GB with gradients and Adam state
        assumeTrue(Runtime.getRuntime().maxMemory() < 52_000_000_000L, "the heap holds the network");
        TrainingData d = wideCatalogue(items);
        for (Algorithm a : List.<Algorithm>of(new Cdae(), new MultVae(), new ItemAttributeAe())) {
            assertThatThrownBy(() -> a.train(d, Params.parse(a.params(), Map.of("hidden", "65536", "epochs", "1")), null))
                    .as(a.name())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(a.name() + ": ")
                    .hasMessageContaining(" bytes (")
                    .hasMessageContaining("-Xmx")
                    .hasMessageContaining("lower hidden (now 65536)");
        }
        // factors 4096 on 50,000 users and 50,000 items: 100,000 x 4096 embedding rows, 8 GB and more
        assumeTrue(Runtime.getRuntime().maxMemory() < 8_000_000_000L, "the heap holds the embeddings");
        Interactions log = new Interactions();
        for (int u = 0; u < 50_000; u++) {
            log.add(log.users().add("u" + u), log.items().add("i" + u), Behavior.VIEW, 1f, 1000L, Interactions.NO_SCENE);
        }
        TrainingData many = new TrainingData(Dataset.of(log), MatrixOptions.implicitDefaults());
        for (Algorithm a : List.<Algorithm>of(new NeuMf(), new SceneStar())) {
            assertThatThrownBy(() -> a.train(many, Params.parse(a.params(), Map.of("factors", "4096", "epochs", "1")), null))
                    .as(a.name())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("-Xmx")
                    .hasMessageContaining("lower factors (now 4096)");
        }
    }

    @Test
    void nonFiniteTrainedParametersAreAnErrorNamingTheLearningRate() {
        Parameter w = Parameter.dense("w", 2, 2);
        Params p = Params.parse(new Cdae().params(), Map.of("learning-rate", "0.5"));
        assertThatCode(() -> Fitting.requireFinite("cdae", p, List.of(w))).doesNotThrowAnyException();
        w.value()[3] = Float.NaN;
        assertThatThrownBy(() -> Fitting.requireFinite("cdae", p, List.of(w)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cdae training diverged: 1 of 4 parameters are NaN or infinite; lower learning-rate (now 0.5)");
    }

    @Test
    void itemAttributeAeWithoutAnyAttributeColumnGivesColdItemsTheMeanEmbedding() {
        Interactions log = new Interactions();
        for (int u = 0; u < 6; u++) {
            for (int i = 0; i < 4; i++) {
                log.add(log.users().add("u" + u), log.items().add("i" + ((u + i) % 5)), Behavior.VIEW, 1f, 1000L,
                        Interactions.NO_SCENE);
            }
        }
        int cold = log.items().add("never-seen");
        Algorithm a = new ItemAttributeAe();
        TrainedModel m = a.train(new TrainingData(Dataset.of(log), MatrixOptions.implicitDefaults()),
                Params.parse(a.params(), Map.of("epochs", "2", "hidden", "8", "latent", "4", "min-count", "1")), null);
        float[] out = new float[m.numItems()];
        m.score(Query.ofUser(0, new int[] {0}, new float[] {1f}, Scene.of("home")), out);
        assertThat(out[cold]).isFinite();
    }
}
