package dev.recsys.nn.bench;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.nn.testing.MovieLens;
import dev.recsys.nn.testing.RankingEval;
import dev.recsys.nn.testing.TestData;
import dev.recsys.nn.internal.train.HoldoutSplit;
import java.nio.file.Path;

/** Popularity reference on the same protocols as {@link Ml100kRun} (run by hand). */
public final class PopularityRun {
    private PopularityRun() {
    }

    public static void main(String[] args) {
        Path dir = TestData.ml100k().orElseThrow();
        InteractionMatrix base = MovieLens.binaryMatrix(dir.resolve("u1.base"));
        HoldoutSplit s = HoldoutSplit.of(base, 0.2, 7);
        System.out.println("val  popularity " + RankingEval.evaluate(pop(s.train()), s.train(), s.heldOut()));
        double sum = 0;
        for (int f = 1; f <= 5; f++) {
            InteractionMatrix tr = MovieLens.binaryMatrix(dir.resolve("u" + f + ".base"));
            InteractionMatrix te = MovieLens.binaryMatrix(dir.resolve("u" + f + ".test"));
            RankingEval.Result r = RankingEval.evaluate(pop(tr), tr, te);
            System.out.println("u" + f + " popularity " + r);
            sum += r.ndcg();
        }
        System.out.printf("mean popularity NDCG@10 %.4f%n", sum / 5);
    }

    private static dev.recsys.nn.internal.train.RankingValidator.UserScorer pop(InteractionMatrix m) {
        float[] c = new float[m.cols()];
        for (int q = 0; q < m.nnz(); q++) {
            c[m.colIdx()[q]]++;
        }
        return (u, out) -> System.arraycopy(c, 0, out, 0, c.length);
    }
}
