package dev.recsys.internal.linalg;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;

/**
 * Cholesky factorisation {@code A = U^T U} of a small symmetric positive definite float matrix
 * (the k x k normal equations of ALS, k up to a few hundred) and the matching solves, in place on
 * a row-major block with a leading dimension. U (upper triangular) is kept in rows so that every
 * inner loop runs along contiguous memory: the factorisation is right-looking and blocked by
 * {@value #PANEL} rows, each panel's trailing update being one rank-{@value #PANEL}
 * {@link FloatKernels#gramUpdate}; the solves use axpy (forward) and dot (backward) on rows of U.
 *
 * <p>Thread safety: stateless, thread-safe; concurrent calls must use distinct arrays.
 */
public final class Cholesky {
    /** Rows per panel of the blocked factorisation (one 4-row pass of gramUpdate). */
    static final int PANEL = 4;

    private static final float[] MINUS_ONES = {-1f, -1f, -1f, -1f};

    private Cholesky() {
    }

    /**
     * Factorises A in place: on return the upper triangle (diagonal included) holds U with
     * {@code A = U^T U}. Only the upper triangle of A is read, so a matrix with both triangles
     * filled (as {@link FloatKernels#syrk} and {@link FloatKernels#gramUpdate} produce) or only
     * the upper one will do. The strict lower triangle is used as scratch and overwritten.
     *
     * @param a   the matrix. Modified.
     * @param off index of A(0, 0)
     * @param lda leading dimension (>= n)
     * @param n   order of A (>= 0)
     * @return false if A is not (numerically) positive definite: a pivot was not finite and
     *         positive. A is then partly overwritten.
     * @throws IllegalArgumentException if n is negative or lda &lt; n
     */
    public static boolean decompose(float[] a, int off, int lda, int n) {
        checkShape(lda, n);
        FloatKernels k = Kernels.get();
        for (int j = 0; j < n; j += PANEL) {
            int nb = Math.min(PANEL, n - j);
            // factor the panel rows j .. j+nb-1, updating only rows of the panel
            for (int t = 0; t < nb; t++) {
                int r = j + t;
                int rowR = off + r * lda;
                float d = a[rowR + r];
                if (!(d > 0f) || d == Float.POSITIVE_INFINITY) {
                    return false;
                }
                float u = (float) Math.sqrt(d);
                a[rowR + r] = u;
                k.scale(n - r - 1, 1f / u, a, rowR + r + 1);
                for (int q = r + 1; q < j + nb; q++) {
                    // row q of the panel: A[q][q..n) -= U[r][q] * U[r][q..n)
                    k.axpy(n - q, -a[rowR + q], a, rowR + q, a, off + q * lda + q);
                }
            }
            int rest = n - j - nb;
            if (rest > 0) {
                // trailing block A[j+nb.., j+nb..] -= P^T P, P the panel's rows right of it
                k.gramUpdate(rest, nb, a, off + j * lda + j + nb, lda, null, 0, MINUS_ONES, 0,
                        a, off + (j + nb) * lda + j + nb, lda);
            }
        }
        return true;
    }

    /**
     * Solves {@code U^T U x = b} in place, with U from {@link #decompose}.
     *
     * @param u    the factor (upper triangle read). Not modified.
     * @param off  index of U(0, 0)
     * @param lda  leading dimension (>= n)
     * @param n    order
     * @param b    right-hand side on entry, solution on return. Modified.
     * @param bOff index of b(0)
     * @throws IllegalArgumentException if n is negative or lda &lt; n
     */
    public static void solve(float[] u, int off, int lda, int n, float[] b, int bOff) {
        checkShape(lda, n);
        FloatKernels k = Kernels.get();
        // forward: U^T y = b, column-oriented on U^T = row-oriented on U
        for (int i = 0; i < n; i++) {
            int rowI = off + i * lda;
            float yi = b[bOff + i] / u[rowI + i];
            b[bOff + i] = yi;
            k.axpy(n - i - 1, -yi, u, rowI + i + 1, b, bOff + i + 1);
        }
        // backward: U x = y
        for (int i = n - 1; i >= 0; i--) {
            int rowI = off + i * lda;
            b[bOff + i] = (b[bOff + i] - k.dot(u, rowI + i + 1, b, bOff + i + 1, n - i - 1)) / u[rowI + i];
        }
    }

    /**
     * Solves {@code A x = b} for a symmetric positive definite A, overwriting A with its factor.
     *
     * @param a    the matrix (upper triangle read; lower triangle scratch), its Cholesky factor on
     *             return. Modified.
     * @param off  index of A(0, 0)
     * @param lda  leading dimension (>= n)
     * @param n    order
     * @param b    right-hand side on entry, solution on return (unchanged if false is returned).
     *             Modified.
     * @param bOff index of b(0)
     * @return false if A is not positive definite (then b is unchanged)
     * @throws IllegalArgumentException if n is negative or lda &lt; n
     */
    public static boolean solveSpd(float[] a, int off, int lda, int n, float[] b, int bOff) {
        if (!decompose(a, off, lda, n)) {
            return false;
        }
        solve(a, off, lda, n, b, bOff);
        return true;
    }

    private static void checkShape(int lda, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (lda < n) {
            throw new IllegalArgumentException("lda must be >= n = " + n + ", got " + lda);
        }
    }
}
