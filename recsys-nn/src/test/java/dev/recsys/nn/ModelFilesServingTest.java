package dev.recsys.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.nn.testing.Synthetic;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Save through {@link ModelFiles}, load, and serve identical recommendations through the serving layer. */
class ModelFilesServingTest {
    static final int USERS = 60;
    static final int ITEMS = 45;
    static final int GROUPS = 3;

    @TempDir
    Path dir;

    static Map<String, String> smallParams(String algo) {
        switch (algo) {
            case "mult-vae":
                return Map.of("hidden", "32", "latent", "8", "epochs", "40", "batch-size", "16", "learning-rate", "0.01");
            case "cdae":
                return Map.of("epochs", "20");
            case "neumf":
                return Map.of("epochs", "3");
            default:
                throw new IllegalArgumentException(algo);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mult-vae", "cdae", "neumf"})
    void savedModelLoadsAndServesIdenticalRecommendations(String algo) throws Exception {
        Dataset ds = Synthetic.blocks(USERS, ITEMS, GROUPS, 8, 3);
        RecommenderModel model = Recommenders.train(ds, algo, smallParams(algo), null);
        Path file = dir.resolve(algo + ".model");
        ModelFiles.save(model, file);
        RecommenderModel loaded = ModelFiles.load(file);
        assertThat(loaded.model().algorithm()).isEqualTo(algo);
        int compared = 0;
        for (int u = 0; u < USERS; u += 7) {
            List<Recommendation> a = model.recommender().recommend("u" + u, Scene.HOME, 10);
            List<Recommendation> b = loaded.recommender().recommend("u" + u, Scene.HOME, 10);
            assertThat(b).isEqualTo(a);
            assertThat(a).isNotEmpty();
            compared++;
        }
        assertThat(compared).isGreaterThan(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mult-vae"})
    void unseenUserIsFoldedInThroughRecommend(String algo) throws Exception {
        Dataset ds = Synthetic.blocks(USERS, ITEMS, GROUPS, 8, 3);
        RecommenderModel model = Recommenders.train(ds, algo, smallParams(algo), null);
        ModelFiles.save(model, dir.resolve("m"));
        RecommenderModel loaded = ModelFiles.load(dir.resolve("m"));
        int per = ITEMS / GROUPS;
        List<String> cart = List.of("i" + (per + 1), "i" + (per + 4), "i" + (per + 7), "i" + (per + 9));
        List<Event> events = cart.stream()
                .map(i -> new Event("never-seen", i, Behavior.CLICK, 1f, 5000L, Scene.HOME)).toList();
        RecommendRequest req = RecommendRequest.builder(Scene.HOME, 5).user("never-seen").recentEvents(events).build();
        List<Recommendation> a = model.recommender().recommend(req);
        List<Recommendation> b = loaded.recommender().recommend(req);
        assertThat(b).isEqualTo(a);
        assertThat(a).hasSize(5);
        long inGroup = a.stream().filter(r -> Synthetic.itemGroup(Integer.parseInt(r.itemId().substring(1)), ITEMS, GROUPS) == 1).count();
        assertThat(inGroup).isGreaterThanOrEqualTo(4);
        assertThat(a).allSatisfy(r -> assertThat(cart).doesNotContain(r.itemId()));
    }
}
