package dev.recsys.internal.optim;

import dev.recsys.internal.kernel.Kernels;

/**
 * Gradient clipping by L2 norm (Pascanu, Mikolov and Bengio, "On the difficulty of training
 * recurrent neural networks", ICML 2013): a gradient whose norm exceeds maxNorm is scaled down to
 * norm maxNorm. For a global norm over several blocks, add their {@link #squaredNorm}s, then call
 * {@link #factor} with the square root and scale each block.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** Returns {@code sum g[off+i]^2} over n entries. g not modified. */
    public static double squaredNorm(float[] g, int off, int n) {
        return Kernels.get().sumSquares(g, off, n);
    }

    /**
     * The factor {@code min(1, maxNorm / norm)} that brings a gradient of the given norm within
     * maxNorm; 1 when maxNorm is 0 (clipping off) or the norm is 0. A non-finite norm gives 0 so
     * that an exploded gradient cannot write NaN into the parameters.
     *
     * @throws IllegalArgumentException if maxNorm is negative or NaN
     */
    public static float factor(double norm, float maxNorm) {
        if (!(maxNorm >= 0f)) {
            throw new IllegalArgumentException("maxNorm must be >= 0, got " + maxNorm);
        }
        if (!Double.isFinite(norm)) {
            return 0f;
        }
        if (maxNorm == 0f || norm <= maxNorm) {
            return 1f;
        }
        return (float) (maxNorm / norm);
    }

    /**
     * Clips {@code g[off .. off+n)} in place to L2 norm at most maxNorm (0 = no clipping).
     *
     * @return the factor applied
     * @throws IllegalArgumentException if maxNorm is negative or NaN
     */
    public static float clipByNorm(float[] g, int off, int n, float maxNorm) {
        float f = factor(Math.sqrt(squaredNorm(g, off, n)), maxNorm);
        if (f != 1f) {
            Kernels.get().scale(n, f, g, off);
        }
        return f;
    }
}
