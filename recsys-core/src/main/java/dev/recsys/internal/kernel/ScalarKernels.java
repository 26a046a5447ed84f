package dev.recsys.internal.kernel;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Plain-Java kernels: several independent accumulators so the JIT can pipeline, blocking for the
 * caches, no allocation except gemm's transposed-B copy. The reference every other implementation
 * is tested against. (The JIT may auto-vectorize the simple axpy-style loops; reductions stay
 * scalar because float addition is not associative.)
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class ScalarKernels implements FloatKernels {
    /** Shared instance. */
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    /** Rows of op(B) kept hot per pass of gemm (256 rows x 1024 floats = 1 MB, L2-sized). */
    private static final int GEMM_KB = 256;
    /** Columns of op(B) per block of the packed gemm loop (256 rows x 512 floats = 512 KB). */
    private static final int GEMM_NB = 512;
    /** Rows of C from which gemm uses the packed loop (below, copying op(B) would cost more than it saves). */
    private static final int PACKED_MIN_ROWS = 8;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (int bound = n & ~3; i < bound; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int off) {
        for (int i = 0; i < n; i++) {
            x[off + i] *= alpha;
        }
    }

    @Override
    public float sumSquares(float[] x, int off, int n) {
        return dot(x, off, x, off, n);
    }

    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        if (!transA) {
            int r = 0;
            for (; r + 4 <= m; r += 4) {
                // four rows share each load of x: four independent accumulator chains
                int a0 = aOff + r * lda;
                int a1 = a0 + lda;
                int a2 = a1 + lda;
                int a3 = a2 + lda;
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                for (int j = 0; j < n; j++) {
                    float xv = x[xOff + j];
                    s0 += a[a0 + j] * xv;
                    s1 += a[a1 + j] * xv;
                    s2 += a[a2 + j] * xv;
                    s3 += a[a3 + j] * xv;
                }
                storeGemv(y, yOff + r, alpha * s0, beta);
                storeGemv(y, yOff + r + 1, alpha * s1, beta);
                storeGemv(y, yOff + r + 2, alpha * s2, beta);
                storeGemv(y, yOff + r + 3, alpha * s3, beta);
            }
            for (; r < m; r++) {
                // same summation order as the blocked rows: a row's result never depends on its position
                int a0 = aOff + r * lda;
                float s0 = 0f;
                for (int j = 0; j < n; j++) {
                    s0 += a[a0 + j] * x[xOff + j];
                }
                storeGemv(y, yOff + r, alpha * s0, beta);
            }
        } else {
            scaleOrZero(n, beta, y, yOff);
            int r = 0;
            for (; r + 4 <= m; r += 4) {
                int a0 = aOff + r * lda;
                int a1 = a0 + lda;
                int a2 = a1 + lda;
                int a3 = a2 + lda;
                float c0 = alpha * x[xOff + r];
                float c1 = alpha * x[xOff + r + 1];
                float c2 = alpha * x[xOff + r + 2];
                float c3 = alpha * x[xOff + r + 3];
                for (int j = 0; j < n; j++) {
                    y[yOff + j] += c0 * a[a0 + j] + c1 * a[a1 + j] + c2 * a[a2 + j] + c3 * a[a3 + j];
                }
            }
            for (; r < m; r++) {
                axpy(n, alpha * x[xOff + r], a, aOff + r * lda, y, yOff);
            }
        }
    }

    private static void storeGemv(float[] y, int i, float v, float beta) {
        y[i] = beta == 0f ? v : v + beta * y[i];
    }

    /** {@code x = beta * x}, with beta 0 meaning overwrite with zeros (NaN discarded). */
    static void scaleOrZero(int n, float beta, float[] x, int off) {
        if (beta == 0f) {
            Arrays.fill(x, off, off + n, 0f);
        } else if (beta != 1f) {
            for (int i = 0; i < n; i++) {
                x[off + i] *= beta;
            }
        }
    }

    /** Scales each row of an m x n row-major block: beta 0 zeroes it. */
    static void scaleMatrix(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            scaleOrZero(n, beta, c, cOff + i * ldc);
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        scaleMatrix(m, n, beta, c, cOff, ldc);
        if (m == 0 || n == 0 || k == 0 || alpha == 0f) {
            return;
        }
        float[] bb = b;
        int bo = bOff;
        int ldbb = ldb;
        if (transB) {
            // copy op(B) = B^T (k x n) row-major so the inner loop is a unit-stride axpy
            bb = new float[k * n];
            for (int j = 0; j < n; j++) {
                int src = bOff + j * ldb;
                for (int p = 0; p < k; p++) {
                    bb[p * n + j] = b[src + p];
                }
            }
            bo = 0;
            ldbb = n;
        }
        if (m < PACKED_MIN_ROWS) {
            gemmByRows(transA, m, n, k, alpha, a, aOff, lda, bb, bo, ldbb, c, cOff, ldc);
        } else {
            gemmPacked(transA, m, n, k, alpha, a, aOff, lda, bb, bo, ldbb, c, cOff, ldc);
        }
    }

    /** The loop of {@link #gemm} for few rows of C: four rows of op(B) per pass over a C row. */
    private static void gemmByRows(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                   float[] bb, int bo, int ldbb, float[] c, int cOff, int ldc) {
        for (int p0 = 0; p0 < k; p0 += GEMM_KB) {
            int p1 = Math.min(k, p0 + GEMM_KB);
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                int p = p0;
                // four rows of op(B) per pass over the C row: a quarter of the C loads/stores
                for (; p + 4 <= p1; p += 4) {
                    float v0 = alpha * opA(transA, a, aOff, lda, i, p);
                    float v1 = alpha * opA(transA, a, aOff, lda, i, p + 1);
                    float v2 = alpha * opA(transA, a, aOff, lda, i, p + 2);
                    float v3 = alpha * opA(transA, a, aOff, lda, i, p + 3);
                    int b0 = bo + p * ldbb;
                    int b1 = b0 + ldbb;
                    int b2 = b1 + ldbb;
                    int b3 = b2 + ldbb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += v0 * bb[b0 + j] + v1 * bb[b1 + j] + v2 * bb[b2 + j] + v3 * bb[b3 + j];
                    }
                }
                for (; p < p1; p++) {
                    axpyLoop(n, alpha * opA(transA, a, aOff, lda, i, p), bb, bo + p * ldbb, c, ci);
                }
            }
        }
    }

    /**
     * The loop of {@link #gemm} for many rows of C, with the same arithmetic per element of C (so the
     * same bits) as {@link #gemmByRows}: each block of {@code GEMM_KB} rows x {@code GEMM_NB} columns
     * of op(B) is first copied into separate row arrays, and each C row segment into a scratch row,
     * so that every array access of the inner loop has the same index. C2's auto-vectorizer (JDK 17)
     * packs such a loop, and not one whose references differ by loop-invariant offsets: about 4x
     * the throughput of {@link #gemmByRows} at 500 x 512 x 600. The copies cost {@code k x n} once
     * per call and two C row segments per row and block of 256 rows of op(B).
     */
    private static void gemmPacked(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                   float[] bb, int bo, int ldbb, float[] c, int cOff, int ldc) {
        int nbMax = Math.min(n, GEMM_NB);
        float[][] xb = new float[Math.min(k, GEMM_KB)][nbMax];
        float[] acc = new float[nbMax];
        for (int p0 = 0; p0 < k; p0 += GEMM_KB) {
            int p1 = Math.min(k, p0 + GEMM_KB);
            for (int j0 = 0; j0 < n; j0 += nbMax) {
                int nb = Math.min(nbMax, n - j0);
                for (int p = p0; p < p1; p++) {
                    System.arraycopy(bb, bo + p * ldbb + j0, xb[p - p0], 0, nb);
                }
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + j0;
                    System.arraycopy(c, ci, acc, 0, nb);
                    int p = p0;
                    for (; p + 4 <= p1; p += 4) {
                        float v0 = alpha * opA(transA, a, aOff, lda, i, p);
                        float v1 = alpha * opA(transA, a, aOff, lda, i, p + 1);
                        float v2 = alpha * opA(transA, a, aOff, lda, i, p + 2);
                        float v3 = alpha * opA(transA, a, aOff, lda, i, p + 3);
                        fourRows(nb, v0, v1, v2, v3, xb[p - p0], xb[p - p0 + 1], xb[p - p0 + 2], xb[p - p0 + 3], acc);
                    }
                    for (; p < p1; p++) {
                        oneRow(nb, alpha * opA(transA, a, aOff, lda, i, p), xb[p - p0], acc);
                    }
                    System.arraycopy(acc, 0, c, ci, nb);
                }
            }
        }
    }

    /** {@code acc[j] += v0 x0[j] + v1 x1[j] + v2 x2[j] + v3 x3[j]}: one index for every access. */
    private static void fourRows(int n, float v0, float v1, float v2, float v3, float[] x0, float[] x1, float[] x2,
                                 float[] x3, float[] acc) {
        for (int j = 0; j < n; j++) {
            acc[j] += v0 * x0[j] + v1 * x1[j] + v2 * x2[j] + v3 * x3[j];
        }
    }

    /** {@code acc[j] += v x[j]}. */
    private static void oneRow(int n, float v, float[] x, float[] acc) {
        for (int j = 0; j < n; j++) {
            acc[j] += v * x[j];
        }
    }

    /** The scalar axpy loop (the same arithmetic as {@link #axpy}). */
    private static void axpyLoop(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    private static float opA(boolean transA, float[] a, int aOff, int lda, int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    @Override
    public void scoreRows(float[] rows, int numRows, int dim, float[] v, int vOff, float[] out, int outOff) {
        gemv(false, numRows, dim, 1f, rows, 0, dim, v, vOff, 0f, out, outOff);
    }

    @Override
    public int scoreTopK(float[] rows, int fromRow, int toRow, int dim, float[] v, int vOff, int k,
                         IntPredicate exclude, int[] outRows, float[] outScores) {
        return FusedTopK.scoreTopK(this, rows, fromRow, toRow, dim, v, vOff, k, exclude, outRows, outScores);
    }

    @Override
    public void spmm(boolean transA, int aRows, int aCols, int[] rowPtr, int[] colIdx, float[] values,
                     int n, float alpha, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        spmm(this, transA, aRows, aCols, rowPtr, colIdx, values, n, alpha, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link #spmm} on top of any implementation's axpy and scale. */
    static void spmm(FloatKernels kern, boolean transA, int aRows, int aCols, int[] rowPtr, int[] colIdx,
                     float[] values, int n, float alpha, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (!transA) {
            for (int r = 0; r < aRows; r++) {
                int ci = cOff + r * ldc;
                if (beta == 0f) {
                    Arrays.fill(c, ci, ci + n, 0f);
                } else if (beta != 1f) {
                    kern.scale(n, beta, c, ci);
                }
                for (int q = rowPtr[r], end = rowPtr[r + 1]; q < end; q++) {
                    float av = values == null ? alpha : alpha * values[q];
                    kern.axpy(n, av, b, bOff + colIdx[q] * ldb, c, ci);
                }
            }
        } else {
            for (int r = 0; r < aCols; r++) {
                int ci = cOff + r * ldc;
                if (beta == 0f) {
                    Arrays.fill(c, ci, ci + n, 0f);
                } else if (beta != 1f) {
                    kern.scale(n, beta, c, ci);
                }
            }
            for (int r = 0; r < aRows; r++) {
                int bi = bOff + r * ldb;
                for (int q = rowPtr[r], end = rowPtr[r + 1]; q < end; q++) {
                    float av = values == null ? alpha : alpha * values[q];
                    kern.axpy(n, av, b, bi, c, cOff + colIdx[q] * ldc);
                }
            }
        }
    }

    @Override
    public void gramRank1(int k, float w, float[] x, int xOff, float[] g, int gOff, int ldg) {
        for (int i = 0; i < k; i++) {
            axpy(k, w * x[xOff + i], x, xOff, g, gOff + i * ldg);
        }
    }

    @Override
    public void gramUpdate(int k, int count, float[] y, int yOff, int ldy, int[] rowIdx, int idxOff,
                           float[] w, int wOff, float[] g, int gOff, int ldg) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            int r0 = yOff + row(rowIdx, idxOff, j) * ldy;
            int r1 = yOff + row(rowIdx, idxOff, j + 1) * ldy;
            int r2 = yOff + row(rowIdx, idxOff, j + 2) * ldy;
            int r3 = yOff + row(rowIdx, idxOff, j + 3) * ldy;
            float w0 = w == null ? 1f : w[wOff + j];
            float w1 = w == null ? 1f : w[wOff + j + 1];
            float w2 = w == null ? 1f : w[wOff + j + 2];
            float w3 = w == null ? 1f : w[wOff + j + 3];
            for (int i = 0; i < k; i++) {
                float c0 = w0 * y[r0 + i];
                float c1 = w1 * y[r1 + i];
                float c2 = w2 * y[r2 + i];
                float c3 = w3 * y[r3 + i];
                int gi = gOff + i * ldg;
                for (int q = 0; q < k; q++) {
                    g[gi + q] += c0 * y[r0 + q] + c1 * y[r1 + q] + c2 * y[r2 + q] + c3 * y[r3 + q];
                }
            }
        }
        for (; j < count; j++) {
            gramRank1(k, w == null ? 1f : w[wOff + j], y, yOff + row(rowIdx, idxOff, j) * ldy, g, gOff, ldg);
        }
    }

    static int row(int[] rowIdx, int idxOff, int j) {
        return rowIdx == null ? j : rowIdx[idxOff + j];
    }

    @Override
    public void syrk(int n, int k, float alpha, float[] y, int yOff, int ldy, float beta, float[] g, int gOff, int ldg) {
        gemm(true, false, k, k, n, alpha, y, yOff, ldy, y, yOff, ldy, beta, g, gOff, ldg);
    }
}
