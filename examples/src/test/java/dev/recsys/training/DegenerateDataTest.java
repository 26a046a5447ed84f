package dev.recsys.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered algorithm (all modules are on this module's class path) on every degenerate
 * data set: one user, one item, one event, all values equal, every user with one item, views
 * only. Each either trains a model that scores with finite values (or {@code -inf} for items it
 * cannot score), or refuses the data with an {@link IllegalArgumentException} that says why; no
 * other exception, no NaN. The explicit-rating algorithms must refuse the views. Few epochs keep
 * it fast.
 */
class DegenerateDataTest {

    /** A named degenerate data set. */
    record Data(String name, Dataset dataset) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Data data(String name, int[][] userItem, Behavior b, float value) {
        Interactions log = new Interactions();
        long t = 1_000_000L;
        for (int[] e : userItem) {
            log.add(log.users().add("u" + e[0]), log.items().add("i" + e[1]), b, value, t++, Interactions.NO_SCENE);
        }
        return new Data(name, Dataset.of(log));
    }

    static List<Data> datasets() {
        List<Data> out = new ArrayList<>();
        out.add(data("one event", new int[][] {{0, 0}}, Behavior.RATING, 4f));
        out.add(data("one user", new int[][] {{0, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 4}}, Behavior.RATING, 4f));
        out.add(data("one item", new int[][] {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}}, Behavior.RATING, 5f));
        int[][] grid = new int[24][];
        for (int e = 0; e < grid.length; e++) {
            grid[e] = new int[] {e % 6, (e * 7) % 8};
        }
        out.add(data("all values equal", grid, Behavior.RATING, 3f));
        int[][] single = new int[10][];
        for (int u = 0; u < single.length; u++) {
            single[u] = new int[] {u, u % 4};
        }
        out.add(data("every user with one item", single, Behavior.RATING, 4f));
        out.add(data("views only", grid, Behavior.VIEW, 1f));
        return out;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Algorithm a : Algorithms.all()) {
            for (Data d : datasets()) {
                out.add(Arguments.of(a.name(), d));
            }
        }
        return out.stream();
    }

    /** Few epochs and small sizes, for every parameter the algorithm declares. */
    private static Map<String, String> quick(Algorithm a) {
        Map<String, String> small = Map.of("epochs", "2", "iterations", "2", "attribute-epochs", "2",
                "finetune-epochs", "0", "factors", "4", "hidden", "8", "latent", "4", "code", "4", "threads", "1",
                "mlp-layers", "2");
        Set<String> declared = new java.util.HashSet<>();
        for (ParamSpec s : a.params()) {
            declared.add(s.name());
        }
        Map<String, String> p = new HashMap<>();
        small.forEach((k, v) -> {
            if (declared.contains(k)) {
                p.put(k, v);
            }
        });
        return p;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void trainsOrRefusesClearly(String algorithm, Data data) {
        Algorithm a = Algorithms.byName(algorithm);
        TrainingData td = new TrainingData(data.dataset(), Recommenders.defaultOptions(a));
        TrainedModel m;
        try {
            m = a.train(td, Params.parse(a.params(), quick(a)), null);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("the refusal says why").isNotBlank();
            if (data.name().equals("views only") && a.explicit()) {
                assertThat(e.getMessage()).contains("explicit ratings");
            }
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(algorithm + " on " + data + ": " + e, e);
        }
        assertThat(m).isNotNull();
        assertThat(a.explicit() && data.name().equals("views only"))
                .as(algorithm + " learns from ratings and must refuse data without any").isFalse();
        float[] out = new float[m.numItems()];
        int users = data.dataset().interactions().users().size();
        for (int u = 0; u < users; u++) {
            m.score(Query.ofUser(u, new int[] {0}, new float[] {1f}, Scene.of("home")), out);
            for (int i = 0; i < out.length; i++) {
                if (Float.isNaN(out[i]) || out[i] == Float.POSITIVE_INFINITY) {
                    fail(algorithm + " on " + data + " scores item " + i + " of user " + u + " as " + out[i]);
                }
            }
        }
    }
}
