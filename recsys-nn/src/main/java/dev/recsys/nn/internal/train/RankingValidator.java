package dev.recsys.nn.internal.train;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.topk.TopK;

/**
 * Measures a model on held-out entries: for every user with held-out items, the mean NDCG@k over
 * the full catalogue with the user's training items excluded (binary gains, log2 discount, ideal
 * DCG over min(k, held-out items)).
 *
 * <p>Thread safety: not thread-safe (scratch buffers).
 */
public final class RankingValidator {
    /** Scores every item for a user. Thread safety: as the implementation. */
    @FunctionalInterface
    public interface UserScorer {
        /**
         * @param user the user (row of the training matrix)
         * @param out  receives one score per item. Modified.
         */
        void score(int user, float[] out);
    }

    private final InteractionMatrix train;
    private final InteractionMatrix heldOut;
    private final int k;
    private final float[] scores;
    private final int[] top;

    /**
     * @param train   the entries to exclude. Not modified.
     * @param heldOut the relevant entries. Not modified.
     * @param k       cut-off, >= 1
     */
    public RankingValidator(InteractionMatrix train, InteractionMatrix heldOut, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (train.rows() != heldOut.rows() || train.cols() != heldOut.cols()) {
            throw new IllegalArgumentException("train and heldOut must have the same shape");
        }
        this.train = train;
        this.heldOut = heldOut;
        this.k = k;
        this.scores = new float[train.cols()];
        this.top = new int[k];
    }

    /** Mean NDCG@k over users with held-out items (0 if there are none). */
    public double ndcg(UserScorer scorer) {
        double sum = 0;
        int users = 0;
        for (int u = 0; u < heldOut.rows(); u++) {
            if (heldOut.rowLength(u) == 0) {
                continue;
            }
            scorer.score(u, scores);
            for (int q = train.rowPtr()[u]; q < train.rowPtr()[u + 1]; q++) {
                scores[train.colIdx()[q]] = Float.NEGATIVE_INFINITY;
            }
            int n = topK(scores, k, top);
            double dcg = 0;
            for (int i = 0; i < n; i++) {
                if (contains(heldOut, u, top[i])) {
                    dcg += 1.0 / log2(i + 2);
                }
            }
            double idcg = 0;
            for (int i = 0, m = Math.min(k, heldOut.rowLength(u)); i < m; i++) {
                idcg += 1.0 / log2(i + 2);
            }
            sum += dcg / idcg;
            users++;
        }
        return users == 0 ? 0 : sum / users;
    }

    private static boolean contains(InteractionMatrix m, int r, int c) {
        int lo = m.rowPtr()[r];
        int hi = m.rowPtr()[r + 1] - 1;
        int[] ci = m.colIdx();
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ci[mid] < c) {
                lo = mid + 1;
            } else if (ci[mid] > c) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * Indices of the k largest scores above negative infinity ({@code +Infinity} included, NaN
     * skipped), best first, ties to the lower index: core's {@link TopK} with {@code -Infinity}
     * kept out, the marker of excluded items.
     *
     * @param scores the scores. Not modified.
     * @param k      how many, >= 0
     * @param out    receives the indices; length >= the number found. Modified.
     * @return how many were found (at most k)
     */
    public static int topK(float[] scores, int k, int[] out) {
        TopK top = new TopK(k, TopK.Mode.NOT_NAN);
        for (int j = 0; j < scores.length; j++) {
            float s = scores[j];
            if (s > Float.NEGATIVE_INFINITY) {
                top.offer(j, s);
            }
        }
        return top.drainItems(out);
    }
}
