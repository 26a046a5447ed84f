package dev.recsys.nn.bench;

import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixOptions;
import dev.recsys.nn.testing.MovieLens;
import dev.recsys.nn.testing.RankingEval;
import dev.recsys.nn.testing.TestData;
import dev.recsys.nn.internal.train.HoldoutSplit;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accuracy runs on MovieLens 100K (not a test; run by hand).
 *
 * <pre>
 * java -cp ... dev.recsys.nn.bench.Ml100kRun ALGO test|val [key=value ...]
 * </pre>
 * {@code test}: train on u1..u5.base, evaluate on u1..u5.test, print each fold and the mean.
 * {@code val}: tuning: hold 20% of each user's u1.base ratings out (seed 7) and evaluate on them.
 * Protocol: NDCG@10 / P@10 over the full catalogue, training items excluded, relevant = all test
 * items.
 */
public final class Ml100kRun {
    private Ml100kRun() {
    }

    public static void main(String[] args) {
        Path dir = TestData.ml100k().orElseThrow(() -> new IllegalStateException("shared/data/ml-100k not found"));
        Algorithm algo = Algorithms.byName(args[0]);
        String mode = args[1];
        Map<String, String> given = new LinkedHashMap<>();
        String folds = "1,2,3,4,5";
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv[0].equals("folds")) {
                folds = kv[1];
            } else {
                given.put(kv[0], kv[1]);
            }
        }
        Params params = Params.parse(algo.params(), given);
        System.out.println(algo.name() + " " + mode + " " + params);
        if (mode.equals("val")) {
            InteractionMatrix base = MovieLens.binaryMatrix(dir.resolve("u1.base"));
            HoldoutSplit s = HoldoutSplit.of(base, 0.2, 7);
            long t0 = System.nanoTime();
            TrainedModel m = algo.train(new TrainingData(MovieLens.datasetOf(s.train()), MatrixOptions.ratings()),
                    params, (stage, step, total, metrics) -> {
                        if (step % 10 == 0 || step == total) {
                            System.out.println("  " + stage + " " + step + "/" + total + " " + metrics);
                        }
                    });
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("val  %s  train %.1fs%n", RankingEval.evaluate(m, s.train(), s.heldOut()), secs);
            return;
        }
        double nd = 0;
        double pr = 0;
        int n = 0;
        for (String f : folds.split(",")) {
            Dataset train = MovieLens.dataset(dir.resolve("u" + f + ".base"));
            InteractionMatrix trainM = MovieLens.binaryMatrix(dir.resolve("u" + f + ".base"));
            InteractionMatrix testM = MovieLens.binaryMatrix(dir.resolve("u" + f + ".test"));
            long t0 = System.nanoTime();
            TrainedModel m = algo.train(new TrainingData(train, MatrixOptions.ratings()), params, null);
            double secs = (System.nanoTime() - t0) / 1e9;
            RankingEval.Result r = RankingEval.evaluate(m, trainM, testM);
            System.out.printf("u%s  %s  train %.1fs%n", f, r, secs);
            nd += r.ndcg();
            pr += r.precision();
            n++;
        }
        System.out.printf("mean NDCG@10 %.4f  P@10 %.4f over %d folds%n", nd / n, pr / n, n);
    }
}
