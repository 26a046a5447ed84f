package dev.recsys.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixOptions;
import dev.recsys.nn.testing.MovieLens;
import dev.recsys.nn.testing.RankingEval;
import dev.recsys.nn.testing.TestData;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The accuracy targets on MovieLens 100K u1..u5 (minutes; excluded from the default run).
 * Run on the Vector API kernels:
 * <pre>
 * mvn -B -o -pl recsys-nn -am verify -Dnn.excludedGroups=none -Dgroups=accuracy \
 *     -Dtest='Ml100kAccuracyTest' -Dsurefire.failIfNoSpecifiedTests=false \
 *     -DargLine="--add-modules jdk.incubator.vector"
 * </pre>
 * Protocol: NDCG@10 over the full catalogue, training items excluded, relevant = all test items,
 * mean over users with test items, then over the five folds. Parameters tuned on a validation
 * split of u1.base (see TUNING.md).
 */
@Tag("accuracy")
class Ml100kAccuracyTest {

    private static double meanNdcg(Algorithm algo, Map<String, String> given) {
        Path dir = TestData.ml100k().orElse(null);
        Assumptions.assumeTrue(dir != null, "shared/data/ml-100k not found: skipping");
        Params p = Params.parse(algo.params(), given);
        double sum = 0;
        for (int f = 1; f <= 5; f++) {
            InteractionMatrix train = MovieLens.binaryMatrix(dir.resolve("u" + f + ".base"));
            InteractionMatrix test = MovieLens.binaryMatrix(dir.resolve("u" + f + ".test"));
            TrainedModel m = algo.train(new TrainingData(MovieLens.dataset(dir.resolve("u" + f + ".base")),
                    MatrixOptions.ratings()), p, null);
            sum += RankingEval.evaluate(m, train, test).ndcg();
        }
        return sum / 5;
    }

    @Test
    void multVaeReachesNdcgAt10OfPoint42() {
        assertThat(meanNdcg(new MultVae(), Map.of("epochs", "100", "anneal-cap", "1.0"))).isGreaterThanOrEqualTo(0.42);
    }

    @Test
    void cdaeAndNeuMfAreInTheSameRange() {
        assertThat(meanNdcg(new Cdae(), Map.of("epochs", "100", "hidden", "200", "negatives", "10"))).isGreaterThan(0.42);
        assertThat(meanNdcg(new NeuMf(), Map.of("epochs", "20", "weight-decay", "0.1"))).isGreaterThan(0.40);
    }
}
