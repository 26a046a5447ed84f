package dev.recsys.internal.ann;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.FusedTopK;
import dev.recsys.internal.kernel.Kernels;

/**
 * Exact cosine top-k over float factor rows, the default of
 * {@link dev.recsys.spi.FactorModel#similarItems}.
 *
 * <p>Thread safety: stateless.
 */
public final class Cosine {
    private Cosine() {
    }

    /** See {@link dev.recsys.spi.FactorModel#similarItems}. */
    public static int similar(float[] factors, int numItems, int dim, int item, int k, int[] outItems,
                              float[] outScores) {
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item index " + item + " is outside [0, " + numItems + ")");
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        FloatKernels kern = Kernels.bestJava();
        float self = kern.sumSquares(factors, item * dim, dim);
        if (!(self > 0f)) {
            return 0;
        }
        float[] u = new float[dim];
        float inv = (float) (1.0 / Math.sqrt(self));
        for (int d = 0; d < dim; d++) {
            u[d] = factors[item * dim + d] * inv;
        }
        return FusedTopK.scoreTopK((start, len, buf) -> {
            kern.gemv(false, len, dim, 1f, factors, start * dim, dim, u, 0, 0f, buf, 0);
            for (int j = 0; j < len; j++) {
                float ss = kern.sumSquares(factors, (start + j) * dim, dim);
                buf[j] = ss > 0f ? Math.min(1f, Math.max(-1f, buf[j] / (float) Math.sqrt(ss))) : Float.NaN;
            }
        }, 0, numItems, k, i -> i == item, outItems, outScores);
    }
}
