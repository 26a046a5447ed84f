package dev.recsys.nn.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.MovieLensUsers;
import dev.recsys.nn.scene.internal.SceneStarModel;
import dev.recsys.nn.testing.MovieLens;
import dev.recsys.nn.testing.RankingEval;
import dev.recsys.nn.testing.TestData;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * scene-star on MovieLens 100K u1 with scenes = user age group (under 25, 25-34, 35-49, 50 and
 * over): it learns one part per age group and beats popularity clearly. Skips when
 * shared/data/ml-100k is absent.
 */
class SceneStarMl100kTest {

    @Test
    void ageGroupScenesOnU1BeatPopularity() throws IOException {
        Path dir = TestData.ml100k().orElse(null);
        Assumptions.assumeTrue(dir != null,
                "shared/data/ml-100k not found (set -Drecsys.data.dir): skipping the scene-star MovieLens test");
        Scene[] sceneOfUser = new Scene[MovieLens.USERS];
        for (MovieLensUsers.User user : MovieLensUsers.load(dir.resolve("u.user"))) {
            int age = user.age();
            sceneOfUser[Integer.parseInt(user.id()) - 1] = Scene.of(age < 25 ? "age-under-25" : age < 35 ? "age-25-34"
                    : age < 50 ? "age-35-49" : "age-50-plus");
        }
        Interactions plain = MovieLens.read(dir.resolve("u1.base"));
        Interactions log = MovieLens.emptyLog();
        for (int e = 0; e < plain.size(); e++) {
            int u = plain.user(e);
            log.add(u, plain.item(e), plain.behavior(e), plain.value(e), plain.time(e),
                    log.sceneCode(sceneOfUser[u]));
        }
        InteractionMatrix train = MovieLens.binaryMatrix(dir.resolve("u1.base"));
        InteractionMatrix test = MovieLens.binaryMatrix(dir.resolve("u1.test"));
        SceneStar algo = new SceneStar();
        SceneStarModel m = (SceneStarModel) algo.train(new TrainingData(Dataset.of(log), MatrixOptions.binary()),
                Params.parse(algo.params(), Map.of("epochs", "20")), null);
        assertThat(m.scenes()).containsExactlyInAnyOrder("age-under-25", "age-25-34", "age-35-49", "age-50-plus");
        RankingEval.Result r = RankingEval.evaluate((u, out) -> m.score(
                Query.ofUser(u, new int[0], new float[0], sceneOfUser[u]), out), train, test);
        System.out.println("u1 scene-star (age scenes, 20 epochs + 10 scene fine-tuning): " + r);
        float[] pop = new float[train.cols()];
        for (int q = 0; q < train.nnz(); q++) {
            pop[train.colIdx()[q]]++;
        }
        RankingEval.Result popularity = RankingEval.evaluate(
                (u, out) -> System.arraycopy(pop, 0, out, 0, pop.length), train, test);
        assertThat(r.ndcg()).isGreaterThan(popularity.ndcg() + 0.03);
        assertThat(List.of(sceneOfUser)).doesNotContainNull();
    }
}
