package dev.recsys.mf.internal;

import dev.recsys.internal.kernel.SgdKernels;

/**
 * Adds {@code X^T X} of a small gathered matrix X (n rows of length d) to a d x d matrix: the
 * normal-equation matrices of ALS rows and fold-in. X is stored transposed ({@code d x n}, leading
 * dimension {@code ldx}), so every entry of the Gram matrix is one contiguous dot product of
 * length n ({@link SgdKernels#dot}, vectorised when the Vector API is on); only the lower triangle
 * is computed and then mirrored. Rows with few entries ({@code n < 8}) use rank-1 updates instead.
 *
 * <p>Thread safety: stateless; concurrent calls must use distinct arrays.
 */
public final class SmallGram {
    private SmallGram() {
    }

    /**
     * {@code a += X^T X} with X given transposed.
     *
     * @param xt  d x n, row f holds feature f of every entry. Not modified.
     * @param d   dimension
     * @param n   entries
     * @param ldx leading dimension of xt (at least n)
     * @param a   d x d row-major, both triangles updated. Modified.
     */
    public static void add(float[] xt, int d, int n, int ldx, float[] a) {
        if (n == 0) {
            return;
        }
        if (n < 8) {
            for (int j = 0; j < n; j++) {
                for (int f = 0; f < d; f++) {
                    float v = xt[f * ldx + j];
                    if (v == 0f) {
                        continue;
                    }
                    int row = f * d;
                    for (int g = 0; g <= f; g++) {
                        a[row + g] += v * xt[g * ldx + j];
                    }
                }
            }
        } else {
            SgdKernels kern = SgdKernels.get();
            for (int f = 0; f < d; f++) {
                int row = f * d;
                int xf = f * ldx;
                for (int g = 0; g <= f; g++) {
                    a[row + g] += kern.dot(xt, xf, xt, g * ldx, n);
                }
            }
        }
        for (int f = 0; f < d; f++) {
            for (int g = 0; g < f; g++) {
                a[g * d + f] = a[f * d + g];
            }
        }
    }
}
