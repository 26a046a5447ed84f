package dev.recsys.nn.testing;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.nn.internal.train.RankingValidator;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.api.Scene;

/**
 * Private accuracy harness: NDCG@10 and P@10 over the full catalogue with training items excluded;
 * relevant = all test items of the user; binary gains, log2 discount, IDCG over min(10, |rel|);
 * averaged over users with at least one test item.
 */
public final class RankingEval {
    /** Mean metrics. */
    public record Result(double ndcg, double precision, int users) {
        @Override
        public String toString() {
            return String.format("NDCG@10 %.4f  P@10 %.4f  (%d users)", ndcg, precision, users);
        }
    }

    private RankingEval() {
    }

    /** Evaluates a model with queries carrying each user's training items. */
    public static Result evaluate(TrainedModel model, InteractionMatrix train, InteractionMatrix test) {
        return evaluate((u, out) -> {
            int[] items = train.rowColumns(u);
            float[] w = new float[items.length];
            java.util.Arrays.fill(w, 1f);
            if (!model.score(Query.ofUser(u, items, w, Scene.HOME), out)) {
                java.util.Arrays.fill(out, 0f);
            }
        }, train, test);
    }

    /** Evaluates a scorer. */
    public static Result evaluate(RankingValidator.UserScorer scorer, InteractionMatrix train, InteractionMatrix test) {
        int k = 10;
        float[] scores = new float[train.cols()];
        int[] top = new int[k];
        double nd = 0;
        double pr = 0;
        int users = 0;
        for (int u = 0; u < test.rows(); u++) {
            int nrel = test.rowLength(u);
            if (nrel == 0) {
                continue;
            }
            scorer.score(u, scores);
            for (int q = train.rowPtr()[u]; q < train.rowPtr()[u + 1]; q++) {
                scores[train.colIdx()[q]] = Float.NEGATIVE_INFINITY;
            }
            for (float s : scores) {
                if (Float.isNaN(s)) {
                    throw new IllegalStateException("NaN score for user " + u);
                }
            }
            int n = RankingValidator.topK(scores, k, top);
            double dcg = 0;
            int hits = 0;
            for (int i = 0; i < n; i++) {
                if (test.get(u, top[i]) != 0f || java.util.Arrays.binarySearch(test.colIdx(), test.rowPtr()[u],
                        test.rowPtr()[u + 1], top[i]) >= 0) {
                    dcg += 1.0 / (Math.log(i + 2) / Math.log(2));
                    hits++;
                }
            }
            double idcg = 0;
            for (int i = 0; i < Math.min(k, nrel); i++) {
                idcg += 1.0 / (Math.log(i + 2) / Math.log(2));
            }
            nd += dcg / idcg;
            pr += hits / (double) k;
            users++;
        }
        return new Result(nd / users, pr / users, users);
    }
}
