package dev.recsys.mf.internal;

import dev.recsys.internal.kernel.SgdKernels;

/**
 * Cholesky factorization and solve of small dense symmetric positive-definite systems in float,
 * row-major (the k x k normal equations of ALS, implicit ALS and fold-in). Row-oriented
 * (Cholesky-Banachiewicz): every inner product runs over two contiguous row prefixes through
 * {@link SgdKernels#dot}. About {@code k^3 / 6} multiply-adds: 44k at k = 64.
 *
 * <p>Thread safety: stateless; concurrent calls must use distinct arrays.
 */
public final class DenseCholesky {
    private DenseCholesky() {
    }

    /**
     * Overwrites the lower triangle of the n x n row-major matrix at {@code a[off..]} with its
     * Cholesky factor L ({@code A = L L^T}); only the lower triangle of A is read, the strict upper
     * triangle is left as it was.
     *
     * @return false if A is not (numerically) positive definite; a is then partly overwritten
     */
    public static boolean factor(float[] a, int off, int n) {
        SgdKernels kern = SgdKernels.get();
        for (int i = 0; i < n; i++) {
            int ri = off + i * n;
            for (int j = 0; j < i; j++) {
                int rj = off + j * n;
                float s = a[ri + j] - kern.dot(a, ri, a, rj, j);
                a[ri + j] = s / a[rj + j];
            }
            float d = a[ri + i] - kern.dot(a, ri, a, ri, i);
            if (!(d > 0f) || !Float.isFinite(d)) {
                return false;
            }
            a[ri + i] = (float) Math.sqrt(d);
        }
        return true;
    }

    /**
     * Solves {@code L L^T x = b} in place with the factor from {@link #factor}: b (length n at
     * {@code bOff}) is overwritten by x. l not modified.
     */
    public static void solve(float[] l, int off, int n, float[] b, int bOff) {
        SgdKernels kern = SgdKernels.get();
        for (int i = 0; i < n; i++) {
            int ri = off + i * n;
            b[bOff + i] = (b[bOff + i] - kern.dot(l, ri, b, bOff, i)) / l[ri + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            float s = b[bOff + i];
            for (int j = i + 1; j < n; j++) {
                s -= l[off + j * n + i] * b[bOff + j];
            }
            b[bOff + i] = s / l[off + i * n + i];
        }
    }

    /**
     * Solves the SPD system {@code A x = b}, adding a growing ridge to the diagonal if A is not
     * numerically positive definite (it never is singular for the regularised systems here, but
     * float rounding on nearly collinear factors must not produce NaN).
     *
     * @param a   n x n row-major, only the lower triangle read; overwritten by the factor
     * @param aCopy scratch of n * n floats (used only when a retry is needed)
     * @param b   right-hand side, overwritten by the solution
     */
    public static void solveSpd(float[] a, float[] aCopy, int n, float[] b) {
        System.arraycopy(a, 0, aCopy, 0, n * n);
        float ridge = 0f;
        float maxDiag = 0f;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i]));
        }
        for (int attempt = 0; attempt < 30; attempt++) {
            if (factor(a, 0, n)) {
                solve(a, 0, n, b, 0);
                return;
            }
            ridge = ridge == 0f ? Math.max(1e-6f, 1e-6f * maxDiag) : ridge * 10f;
            System.arraycopy(aCopy, 0, a, 0, n * n);
            for (int i = 0; i < n; i++) {
                a[i * n + i] += ridge;
            }
        }
        java.util.Arrays.fill(b, 0, n, 0f); // hopeless (non-finite input): the neutral vector
    }
}
