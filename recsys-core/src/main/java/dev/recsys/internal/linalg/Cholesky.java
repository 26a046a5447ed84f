package dev.recsys.internal.linalg;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;

/**
 * Cholesky factorisation {@code A = L L^T} of a small symmetric positive definite float matrix
 * (the k x k normal equations of ALS, k up to a few hundred) and the matching solves, in place on
 * a row-major block with a leading dimension. The factorisation is the row-oriented
 * Cholesky-Crout form, whose inner loops are contiguous dot products of rows of L
 * ({@link FloatKernels#dot}); the solves use dot (forward) and axpy (backward) on rows of L.
 *
 * <p>Thread safety: stateless, thread-safe; concurrent calls must use distinct arrays.
 */
public final class Cholesky {
    private Cholesky() {
    }

    /**
     * Factorises A in place: on return the lower triangle (diagonal included) holds L; the strict
     * upper triangle is neither read nor written.
     *
     * @param a   the matrix; only its lower triangle is read. Modified.
     * @param off index of A(0, 0)
     * @param lda leading dimension (>= n)
     * @param n   order of A (>= 0)
     * @return false if A is not (numerically) positive definite: a pivot was not finite and
     *         positive. A is then partly overwritten.
     * @throws IllegalArgumentException if n is negative or lda < n
     */
    public static boolean decompose(float[] a, int off, int lda, int n) {
        checkShape(lda, n);
        FloatKernels k = Kernels.get();
        for (int i = 0; i < n; i++) {
            int rowI = off + i * lda;
            for (int j = 0; j < i; j++) {
                int rowJ = off + j * lda;
                float s = a[rowI + j] - k.dot(a, rowI, a, rowJ, j);
                a[rowI + j] = s / a[rowJ + j];
            }
            float d = a[rowI + i] - k.sumSquares(a, rowI, i);
            if (!(d > 0f) || d == Float.POSITIVE_INFINITY) {
                return false;
            }
            a[rowI + i] = (float) Math.sqrt(d);
        }
        return true;
    }

    /**
     * Solves {@code L L^T x = b} in place, with L from {@link #decompose}.
     *
     * @param l    the factor (lower triangle read). Not modified.
     * @param off  index of L(0, 0)
     * @param lda  leading dimension (>= n)
     * @param n    order
     * @param b    right-hand side on entry, solution on return. Modified.
     * @param bOff index of b(0)
     * @throws IllegalArgumentException if n is negative or lda < n
     */
    public static void solve(float[] l, int off, int lda, int n, float[] b, int bOff) {
        checkShape(lda, n);
        FloatKernels k = Kernels.get();
        // forward: L y = b
        for (int i = 0; i < n; i++) {
            int rowI = off + i * lda;
            b[bOff + i] = (b[bOff + i] - k.dot(l, rowI, b, bOff, i)) / l[rowI + i];
        }
        // backward: L^T x = y, column-oriented on L^T = row-oriented on L
        for (int i = n - 1; i >= 0; i--) {
            int rowI = off + i * lda;
            float xi = b[bOff + i] / l[rowI + i];
            b[bOff + i] = xi;
            k.axpy(i, -xi, l, rowI, b, bOff);
        }
    }

    /**
     * Solves {@code A x = b} for a symmetric positive definite A, overwriting A with its factor.
     *
     * @param a    the matrix (lower triangle read), its Cholesky factor on return. Modified.
     * @param off  index of A(0, 0)
     * @param lda  leading dimension (>= n)
     * @param n    order
     * @param b    right-hand side on entry, solution on return (unchanged if false is returned).
     *             Modified.
     * @param bOff index of b(0)
     * @return false if A is not positive definite (then b is unchanged)
     * @throws IllegalArgumentException if n is negative or lda < n
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
