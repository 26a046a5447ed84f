package dev.recsys.spark.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.mf.internal.BiasedMfTrainer;
import dev.recsys.spi.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * The single-machine side of the distributed biased-MF comparison ({@code SparkMain compare-mf}
 * and the tests): the {@code biased-mf} trainer configuration from the same parameters, the
 * collected ratings as a matrix with the Spark indices, and the RMSE of a model on test ratings.
 *
 * <p>Thread safety: stateless.
 */
public final class RatingRuns {
    private RatingRuns() {
    }

    /** The single-machine trainer configuration of {@code biased-mf} parameters (as {@code BiasedMf} builds it). */
    public static BiasedMfTrainer.Config config(Params p) {
        return BiasedMfTrainer.Config.of(p);
    }

    /** The entries as a {@code rows x cols} CSR matrix (columns ascending within a row). */
    public static InteractionMatrix matrix(List<Entry> entries, int rows, int cols) {
        List<Entry> list = new ArrayList<>(entries);
        list.sort((a, b) -> a.user() != b.user() ? Integer.compare(a.user(), b.user()) : Integer.compare(a.item(), b.item()));
        int[] ptr = new int[rows + 1];
        int[] col = new int[list.size()];
        float[] val = new float[list.size()];
        for (int q = 0; q < list.size(); q++) {
            Entry e = list.get(q);
            ptr[e.user() + 1]++;
            col[q] = e.item();
            val[q] = e.weight();
        }
        for (int r = 0; r < rows; r++) {
            ptr[r + 1] += ptr[r];
        }
        return new InteractionMatrix(rows, cols, ptr, col, val);
    }

    /**
     * Root mean squared error of {@code mu + b_u + b_i + p_u . q_i}, clamped to
     * {@code [minRating, maxRating]} as {@code BiasedFactorModel.predict} does, over the test
     * ratings whose user and item are known (index >= 0); the count is returned too.
     *
     * @return {rmse, rated}
     */
    public static double[] rmse(float mu, float[] bu, float[] bi, float[] p, float[] q, int k, float minRating,
                                float maxRating, int[] users, int[] items, float[] ratings) {
        double sq = 0;
        int n = 0;
        for (int t = 0; t < ratings.length; t++) {
            int u = users[t];
            int i = items[t];
            if (u < 0 || i < 0) {
                continue;
            }
            float dot = 0f;
            for (int f = 0; f < k; f++) {
                dot += p[u * k + f] * q[i * k + f];
            }
            float pred = Math.max(minRating, Math.min(maxRating, mu + bu[u] + bi[i] + dot));
            double e = pred - ratings[t];
            sq += e * e;
            n++;
        }
        return new double[] {n > 0 ? Math.sqrt(sq / n) : Double.NaN, n};
    }
}
