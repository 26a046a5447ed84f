package dev.recsys.nn.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.MatrixOptions;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * scene-star served through the {@link SceneEngine}: the engine passes the request's scene to the
 * model ({@link Query#scene()}), so the same user gets scene-dependent personal rankings.
 */
class SceneStarEngineTest {
    static final Scene A = SceneStarTest.A;
    static final Scene B = SceneStarTest.B;
    static final int K = 5;
    static RecommenderModel bundle;
    static SceneEngine engine;

    @BeforeAll
    static void build() {
        Dataset data = Dataset.of(SceneStarTest.twoScenes(11));
        bundle = Recommenders.train(data, SceneStar.NAME, Map.of("factors", "8", "epochs", "40", "batch-size", "32",
                "learning-rate", "0.02"), MatrixOptions.binary(), null);
        SceneConfig personal = SceneConfig.builder().source("personal", 1).exclude("history").build();
        engine = SceneEngine.builder(bundle).trainingData(data).scene(A, personal).scene(B, personal).build();
    }

    private static List<String> ids(List<Recommendation> recs) {
        return recs.stream().map(Recommendation::itemId).toList();
    }

    /** The model's own top-k for a known user in a scene, history excluded, as item ids. */
    private static List<String> modelTop(int user, Scene scene) {
        TrainedModel m = bundle.model();
        float[] s = new float[m.numItems()];
        assertThat(m.score(Query.ofUser(user, new int[0], new float[0], scene), s)).isTrue();
        for (int i : bundle.history().rowColumns(user)) {
            s[i] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new int[K];
        int n = dev.recsys.nn.internal.train.RankingValidator.topK(s, K, top);
        return java.util.Arrays.stream(top, 0, n).mapToObj(i -> bundle.items().idOf(i)).toList();
    }

    @Test
    void twoScenesGiveDifferentPersonalRankingsFromTheSceneParts() {
        int differ = 0;
        int secondHalfA = 0;
        int secondHalfB = 0;
        for (int u = 0; u < 12; u++) {
            String user = bundle.users().idOf(u);
            List<String> a = ids(engine.recommend(user, A, K));
            List<String> b = ids(engine.recommend(user, B, K));
            assertThat(a).hasSize(K).doesNotHaveDuplicates();
            assertThat(b).hasSize(K).doesNotHaveDuplicates();
            // the engine's personal ranking is the model's ranking for the request's scene
            assertThat(a).isEqualTo(modelTop(u, A));
            assertThat(b).isEqualTo(modelTop(u, B));
            differ += a.equals(b) ? 0 : 1;
            secondHalfA += (int) a.stream().filter(SceneStarEngineTest::secondHalf).count();
            secondHalfB += (int) b.stream().filter(SceneStarEngineTest::secondHalf).count();
        }
        assertThat(differ).isEqualTo(12);
        // scene B's events are all on the second half of the catalogue, scene A's on the first
        assertThat(secondHalfB).isGreaterThan(secondHalfA + 12);
    }

    private static boolean secondHalf(String itemId) {
        return Integer.parseInt(itemId.substring(1)) >= SceneStarTest.ITEMS / 2;
    }
}
