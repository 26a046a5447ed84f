package dev.recsys.spark.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.eval.metrics.RankingMetrics;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.topk.TopK;

/**
 * Mean NDCG at a cutoff of a factor model ({@code score = x_u . y_i}) on held-out entries, the
 * training items excluded, with the evaluation module's NDCG ({@link RankingMetrics#ndcg}); used to
 * compare the distributed trainers with single-machine training and with MLlib on the same split.
 *
 * <p>Thread safety: stateless.
 */
public final class FactorNdcg {
    private FactorNdcg() {
    }

    /**
     * Mean NDCG@cutoff over the users with at least one test entry.
     *
     * @param userFactors users x k (a user's row may be all zero)
     * @param itemFactors items x k
     * @param train       users x items training entries (excluded from the ranking)
     * @param test        users x items held-out entries (relevant)
     */
    public static double mean(float[] userFactors, float[] itemFactors, int k, InteractionMatrix train,
                              InteractionMatrix test, int cutoff) {
        int items = itemFactors.length / k;
        float[] scores = new float[items];
        TopK top = new TopK(cutoff);
        int[] ranked = new int[cutoff];
        boolean[] hits = new boolean[cutoff];
        double sum = 0;
        int users = 0;
        for (int u = 0; u < test.rows(); u++) {
            int relevant = test.rowLength(u);
            if (relevant == 0) {
                continue;
            }
            Kernels.get().scoreRows(itemFactors, items, k, userFactors, u * k, scores, 0);
            if (u < train.rows()) {
                for (int p = train.rowPtr()[u]; p < train.rowPtr()[u + 1]; p++) {
                    scores[train.colIdx()[p]] = Float.NEGATIVE_INFINITY;
                }
            }
            top.reset(cutoff);
            for (int i = 0; i < items; i++) {
                top.offer(i, scores[i]);
            }
            int n = top.drainItems(ranked);
            for (int q = 0; q < n; q++) {
                hits[q] = test.get(u, ranked[q]) != 0f;
            }
            sum += RankingMetrics.ndcg(hits, n, relevant, cutoff);
            users++;
        }
        return users == 0 ? 0 : sum / users;
    }
}
