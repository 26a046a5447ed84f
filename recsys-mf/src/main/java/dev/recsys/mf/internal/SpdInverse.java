package dev.recsys.mf.internal;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;

/**
 * In-place inverse of a dense symmetric positive-definite float matrix by blocked Gauss-Jordan
 * elimination without pivoting (stable for SPD matrices): for each diagonal block K of width b,
 * invert {@code A_KK}, scale the block row, apply the rank-b update
 * {@code A -= A_{:K} A_KK^-1 A_{K:}} to every other row through {@link FloatKernels#gemm} and
 * fix the block column. {@code n^3} multiply-adds, {@code 2 n b} floats of scratch. Used by EASE
 * for the item x item Gram matrix.
 *
 * <p>Thread safety: stateless; concurrent calls must use distinct matrices.
 */
public final class SpdInverse {
    private static final int BLOCK = 64;

    private SpdInverse() {
    }

    /**
     * Replaces the n x n row-major SPD matrix {@code a} by its inverse.
     *
     * @return false if a pivot block was not positive definite (then a is garbage)
     */
    public static boolean invert(float[] a, int n) {
        return invert(a, n, null);
    }

    /**
     * As {@link #invert(float[], int)}, the rank-b updates split by rows over {@code par}'s
     * threads (every row's update is independent, so the result does not depend on the thread
     * count).
     */
    public static boolean invert(float[] a, int n, Parallel par) {
        FloatKernels kern = Kernels.get();
        int b = Math.min(BLOCK, n);
        float[] col = new float[n * b];   // old A_{:K}
        float[] row = new float[b * n];   // P A_{K:}
        float[] pk = new float[b * b];
        float[] tmp = new float[b * b];
        for (int k0 = 0; k0 < n; k0 += b) {
            int w = Math.min(b, n - k0);
            int k1 = k0 + w;
            for (int i = 0; i < w; i++) {
                System.arraycopy(a, (k0 + i) * n + k0, pk, i * w, w);
            }
            if (!smallInverse(pk, tmp, w)) {
                return false;
            }
            // col = A_{:K} (all rows), row = P * A_{K:} (all columns)
            for (int i = 0; i < n; i++) {
                System.arraycopy(a, i * n + k0, col, i * w, w);
            }
            kern.gemm(false, false, w, n, w, 1f, pk, 0, w, a, k0 * n, n, 0f, row, 0, n);
            // rows outside K: A_i: -= col_i * row  (on K columns this leaves A_iK - A_iK = ~0)
            final int fw = w;
            final int fk0 = k0;
            final int fk1 = k1;
            Parallel.RangeBody update = (worker, from, to) -> {
                int lo = Math.min(from, fk0);
                int hi = Math.min(to, fk0);
                if (hi > lo) {
                    kern.gemm(false, false, hi - lo, n, fw, -1f, col, lo * fw, fw, row, 0, n, 1f, a, lo * n, n);
                }
                lo = Math.max(from, fk1);
                hi = Math.max(to, fk1);
                if (hi > lo) {
                    kern.gemm(false, false, hi - lo, n, fw, -1f, col, lo * fw, fw, row, 0, n, 1f, a, lo * n, n);
                }
            };
            if (par == null) {
                Parallel.SEQUENTIAL.forRange(n, n, update); // n > 0 here: one call over all rows
            } else {
                par.forRange(n, 32, update);
            }
            // block column: A_iK = -col_i * P for i outside K
            if (k0 > 0) {
                kern.gemm(false, false, k0, w, w, -1f, col, 0, w, pk, 0, w, 0f, a, k0, n);
            }
            if (k1 < n) {
                kern.gemm(false, false, n - k1, w, w, -1f, col, k1 * w, w, pk, 0, w, 0f, a, k1 * n + k0, n);
            }
            // block row: A_{K:} = row, with A_KK = P
            for (int i = 0; i < w; i++) {
                System.arraycopy(row, i * n, a, (k0 + i) * n, n);
                System.arraycopy(pk, i * w, a, (k0 + i) * n + k0, w);
            }
        }
        return true;
    }

    /** Inverts the w x w SPD block in place via Cholesky, column by column. */
    private static boolean smallInverse(float[] p, float[] tmp, int w) {
        System.arraycopy(p, 0, tmp, 0, w * w);
        if (!DenseCholesky.factor(tmp, 0, w)) {
            return false;
        }
        float[] e = new float[w];
        for (int c = 0; c < w; c++) {
            java.util.Arrays.fill(e, 0f);
            e[c] = 1f;
            DenseCholesky.solve(tmp, 0, w, e, 0);
            for (int r = 0; r < w; r++) {
                p[r * w + c] = e[r];
            }
        }
        // symmetrise against rounding
        for (int r = 0; r < w; r++) {
            for (int c = 0; c < r; c++) {
                float v = 0.5f * (p[r * w + c] + p[c * w + r]);
                p[r * w + c] = v;
                p[c * w + r] = v;
            }
        }
        return true;
    }
}
