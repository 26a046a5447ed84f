package dev.recsys.mf.internal;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;

/**
 * Closed-form fold-in of a rating model: with the item factors {@code q_j} fixed, the user's bias
 * b and vector p minimise
 * {@code sum_j (t_j - b - p . q_j)^2 + n * regBias * b^2 + n * reg * |p|^2} over the user's n
 * ratings, where {@code t_j} is the rating minus everything that does not depend on the user
 * (global mean, item bias, SVD++ implicit term). This is exactly the per-user objective of
 * weighted-lambda ALS and the stationary point SGD with per-rating L2 approaches, so one
 * {@code (k+1) x (k+1)} Cholesky solve replaces optimizer steps: deterministic, no seed.
 *
 * <p>Thread safety: stateless.
 */
public final class RidgeFoldIn {
    private RidgeFoldIn() {
    }

    /**
     * Solves for {@code [b, p]}.
     *
     * @param q       item factors, row-major, k per row. Not modified.
     * @param k       factors
     * @param items   item rows used. Not modified.
     * @param targets one target per item. Not modified.
     * @param n       number of entries used from items/targets
     * @param reg     L2 weight of p per rating
     * @param regBias L2 weight of b per rating
     * @return a new array: the bias at 0, p at 1..k
     */
    public static float[] solve(float[] q, int k, int[] items, float[] targets, int n, float reg, float regBias) {
        int d = k + 1;
        float[] out = new float[d];
        if (n == 0) {
            return out;
        }
        FloatKernels kern = Kernels.get();
        float[] x = new float[n * d];
        for (int j = 0; j < n; j++) {
            x[j * d] = 1f;
            System.arraycopy(q, items[j] * k, x, j * d + 1, k);
        }
        float[] a = new float[d * d];
        kern.gemm(true, false, d, d, n, 1f, x, 0, d, x, 0, d, 0f, a, 0, d);
        a[0] += n * regBias;
        for (int f = 1; f < d; f++) {
            a[f * d + f] += n * reg;
        }
        kern.gemv(true, n, d, 1f, x, 0, d, targets, 0, 0f, out, 0);
        DenseCholesky.solveSpd(a, new float[d * d], d, out);
        return out;
    }
}
