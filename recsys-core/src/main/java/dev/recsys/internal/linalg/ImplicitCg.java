package dev.recsys.internal.linalg;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;

/**
 * The conjugate-gradient step of implicit-feedback ALS (Hu, Koren and Volinsky, "Collaborative
 * Filtering for Implicit Feedback Datasets", ICDM 2008; the CG variant of Takács, Pilászy and Tikk,
 * "Applications of the Conjugate Gradient Method for Implicit Feedback Collaborative Filtering",
 * RecSys 2011). For one user u with observed items I_u and confidences c_i it improves x_u towards
 * the solution of
 * <pre>
 *   (Y^T Y + Y_u^T (C_u - I) Y_u + lambda I) x = Y_u^T C_u p_u,   p_ui = 1 for i in I_u
 * </pre>
 * with a few CG iterations warm-started from the current x, never forming the k x k matrix: each
 * product costs one k x k gemv with the shared {@code Y^T Y} plus two passes over the user's
 * |I_u| item rows.
 *
 * <p>Thread safety: stateless, thread-safe; concurrent calls need distinct x and work arrays.
 */
public final class ImplicitCg {
    private ImplicitCg() {
    }

    /** Floats of scratch space {@link #solve} needs for factor dimension k. */
    public static int workSize(int k) {
        return 3 * k;
    }

    /**
     * Runs up to {@code iterations} CG iterations on x in place.
     *
     * @param k          factor dimension (>= 0)
     * @param yty        {@code Y^T Y} (k x k row-major, leading dimension k, without lambda). Not
     *                   modified.
     * @param ytyOff     index of its first entry
     * @param y          item factors, row-major with leading dimension ldy. Not modified.
     * @param yOff       index of Y(0, 0)
     * @param ldy        leading dimension of Y (>= k)
     * @param items      the user's item rows at {@code items[itemsOff .. itemsOff+count)}. Not modified.
     * @param itemsOff   first index into items
     * @param conf       the confidences c_ui (> 0, usually {@code 1 + alpha * r_ui}) at
     *                   {@code conf[confOff .. confOff+count)}. Not modified.
     * @param confOff    first index into conf
     * @param count      number of observed items (>= 0)
     * @param lambda     L2 regularisation (>= 0)
     * @param x          the user's factors (k entries at xOff): start point on entry, improved
     *                   solution on return. Modified.
     * @param xOff       index of x(0)
     * @param iterations maximum number of CG iterations (>= 0; 3 is the usual choice)
     * @param work       scratch of at least {@link #workSize}(k) floats. Modified.
     * @return the number of iterations done (fewer when the residual vanished)
     * @throws IllegalArgumentException if a size is negative, ldy &lt; k, lambda is negative or not
     *                                  finite, or work is too small
     */
    public static int solve(int k, float[] yty, int ytyOff, float[] y, int yOff, int ldy,
                            int[] items, int itemsOff, float[] conf, int confOff, int count,
                            float lambda, float[] x, int xOff, int iterations, float[] work) {
        if (k < 0 || count < 0 || iterations < 0) {
            throw new IllegalArgumentException("k, count and iterations must be >= 0, got k=" + k
                    + ", count=" + count + ", iterations=" + iterations);
        }
        if (ldy < k) {
            throw new IllegalArgumentException("ldy must be >= k = " + k + ", got " + ldy);
        }
        if (!(lambda >= 0f) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        if (work.length < workSize(k)) {
            throw new IllegalArgumentException("work must hold " + workSize(k) + " floats, got " + work.length);
        }
        FloatKernels kern = Kernels.get();
        final int r = 0;
        final int p = k;
        final int ap = 2 * k;
        // r = b - A x = -(YtY + lambda I) x + sum_i (c_i - (c_i - 1) y_i.x) y_i
        kern.gemv(false, k, k, -1f, yty, ytyOff, k, x, xOff, 0f, work, r);
        kern.axpy(k, -lambda, x, xOff, work, r);
        for (int j = 0; j < count; j++) {
            int row = yOff + items[itemsOff + j] * ldy;
            float c = conf[confOff + j];
            float coef = c - (c - 1f) * kern.dot(y, row, x, xOff, k);
            kern.axpy(k, coef, y, row, work, r);
        }
        System.arraycopy(work, r, work, p, k);
        float rsOld = kern.sumSquares(work, r, k);
        int done = 0;
        while (done < iterations && rsOld > 1e-20f) {
            // Ap = (YtY + lambda I) p + sum_i (c_i - 1) (y_i.p) y_i
            kern.gemv(false, k, k, 1f, yty, ytyOff, k, work, p, 0f, work, ap);
            kern.axpy(k, lambda, work, p, work, ap);
            for (int j = 0; j < count; j++) {
                int row = yOff + items[itemsOff + j] * ldy;
                float c = conf[confOff + j];
                kern.axpy(k, (c - 1f) * kern.dot(y, row, work, p, k), y, row, work, ap);
            }
            float pAp = kern.dot(work, p, work, ap, k);
            if (!(pAp > 0f) || Float.isInfinite(pAp)) {
                break; // A is positive definite in exact arithmetic: stop before producing NaN
            }
            float alpha = rsOld / pAp;
            kern.axpy(k, alpha, work, p, x, xOff);
            kern.axpy(k, -alpha, work, ap, work, r);
            float rsNew = kern.sumSquares(work, r, k);
            done++;
            // p = r + (rsNew / rsOld) p
            kern.scale(k, rsNew / rsOld, work, p);
            kern.axpy(k, 1f, work, r, work, p);
            rsOld = rsNew;
        }
        return done;
    }
}
