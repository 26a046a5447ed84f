package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.train.TrainingChecks;

/**
 * The end-of-training check of the explicit-rating trainers ({@code biased-mf}, {@code svdpp},
 * {@code als}): every served parameter is finite, and the model's unclamped predictions of the
 * ratings it was trained on stay near the rating range (root mean squared error at most the width
 * of the range, {@link TrainingChecks#requireSaneError}), and so do its predictions for a sample of
 * (user, item) pairs it was not trained on ({@link TrainingChecks#requireSanePredictions}). A
 * diverged optimiser can keep its parameters finite while predicting ratings of 1500 on a 1-5
 * scale, and ALS without regularisation fits the training ratings exactly while predicting 2600
 * elsewhere; this catches both.
 *
 * <p>Thread safety: stateless.
 */
public final class RatingFit {
    /** Users sampled for the prediction range check. */
    static final int SAMPLE_USERS = 256;
    /** Items sampled for the prediction range check. */
    static final int SAMPLE_ITEMS = 4096;

    private RatingFit() {
    }

    /**
     * Checks a model {@code r(u, i) = mu + b_u + b_i + p_u . q_i} against its training ratings.
     *
     * @param what   the training, for the message (e.g. {@code "biased-mf Adam"})
     * @param remedy the parameter to change and its value
     * @param m      users x items training ratings. Not modified.
     * @param p      user vectors, row-major users x k (for SVD++ the effective vectors). Not modified.
     * @param q      item vectors, row-major items x k. Not modified.
     * @throws IllegalStateException if a parameter is not finite or the error is absurd
     */
    public static void require(String what, String remedy, InteractionMatrix m, float mu, float[] bu, float[] bi,
                               float[] p, float[] q, int k, float minRating, float maxRating) {
        TrainingChecks.requireFinite(what, remedy, mu);
        TrainingChecks.requireFinite(what, remedy, bu, bi, p, q);
        if (m.nnz() == 0) {
            return;
        }
        TrainingChecks.requireSaneError(what, remedy, rmse(m, mu, bu, bi, p, q, k), minRating, maxRating);
        TrainingChecks.requireSanePredictions(what, remedy, extremePrediction(mu, bu, bi, p, q, k), minRating, maxRating);
    }

    /**
     * The prediction farthest from the rating range's centre over an evenly spaced sample of at most
     * {@link #SAMPLE_USERS} users and {@link #SAMPLE_ITEMS} items (all of them on small data), so
     * the check costs at most {@code SAMPLE_USERS * SAMPLE_ITEMS * k} multiply-adds.
     */
    static float extremePrediction(float mu, float[] bu, float[] bi, float[] p, float[] q, int k) {
        int users = bu.length;
        int items = bi.length;
        int su = Math.min(users, SAMPLE_USERS);
        int si = Math.min(items, SAMPLE_ITEMS);
        float worst = mu;
        for (int a = 0; a < su; a++) {
            int u = (int) ((long) a * users / su);
            int po = u * k;
            for (int b = 0; b < si; b++) {
                int i = (int) ((long) b * items / si);
                int qo = i * k;
                float dot = 0f;
                for (int f = 0; f < k; f++) {
                    dot += p[po + f] * q[qo + f];
                }
                float pred = mu + bu[u] + bi[i] + dot;
                if (Math.abs(pred - mu) > Math.abs(worst - mu)) {
                    worst = pred;
                }
            }
        }
        return worst;
    }

    /** Root mean squared error of the unclamped predictions over the entries of {@code m}. */
    static double rmse(InteractionMatrix m, float mu, float[] bu, float[] bi, float[] p, float[] q, int k) {
        int[] ptr = m.rowPtr();
        int[] col = m.colIdx();
        float[] val = m.values();
        double sq = 0;
        for (int u = 0; u < m.rows(); u++) {
            int po = u * k;
            for (int j = ptr[u]; j < ptr[u + 1]; j++) {
                int i = col[j];
                int qo = i * k;
                double dot = 0;
                for (int f = 0; f < k; f++) {
                    dot += p[po + f] * q[qo + f];
                }
                double err = val[j] - (mu + bu[u] + bi[i] + dot);
                sq += err * err;
            }
        }
        return Math.sqrt(sq / m.nnz());
    }
}
