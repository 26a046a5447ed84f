package dev.recsys.internal.kernel;

import java.util.function.IntPredicate;

/**
 * The float kernels every model shares, on flat row-major {@code float[]} arrays with offsets.
 * Implementations: {@link ScalarKernels} (always available, the reference), a Vector API one
 * ({@code dev.recsys.internal.kernel.panama}) and a jblas one ({@code dev.recsys.internal.kernel.jblas}),
 * picked once per JVM by {@link Kernels}.
 *
 * <p>Conventions (as in EJML's {@code CommonOps_FDRM}): a matrix is a row-major block of a
 * {@code float[]} starting at an offset, with a leading dimension ({@code lda} = distance between
 * the starts of two consecutive rows, at least the number of columns). Each parameter is either
 * "modified" or "not modified" as stated. Sizes may be zero (then nothing is read and, apart
 * from the {@code beta} scaling, nothing is written). Kernels do not validate ranges beyond what
 * the array accesses do: a range outside an array throws {@link ArrayIndexOutOfBoundsException},
 * possibly after part of the output was written. Implementations agree with the scalar one up to
 * float rounding (summation order differs).
 *
 * <p>Thread safety: implementations are stateless and thread-safe; concurrent calls must not
 * write to overlapping output ranges.
 */
public interface FloatKernels {

    /** Name shown in logs and benchmarks: {@code scalar}, {@code vector} or {@code jblas}. */
    String name();

    /** Returns {@code sum_i a[aOff+i] * b[bOff+i]} for i in [0, n). Arrays not modified. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code y[yOff+i] += alpha * x[xOff+i]} for i in [0, n). x not modified; y modified. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code x[off+i] *= alpha} for i in [0, n). x modified. */
    void scale(int n, float alpha, float[] x, int off);

    /** Returns {@code sum_i x[off+i]^2} for i in [0, n). x not modified. */
    float sumSquares(float[] x, int off, int n);

    /**
     * {@code y = alpha * op(A) * x + beta * y}, A an m x n row-major matrix with leading dimension
     * lda, op(A) = A (y has m entries, x has n) or A^T (y has n entries, x has m). When beta is 0,
     * y is overwritten (its old contents are ignored, even NaN). A and x not modified; y modified.
     */
    void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
              float[] x, int xOff, float beta, float[] y, int yOff);

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, op(A) m x k, op(B) k x n, C m x n, all
     * row-major with leading dimensions lda, ldb, ldc (A is stored k x m when transposed, B is
     * stored n x k when transposed). When beta is 0, C is overwritten (old contents ignored, even
     * NaN). A and B not modified (they must not overlap C); C modified.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * Scores one vector against many rows: {@code out[outOff + r] = dot(rows[r*dim ..], v[vOff ..])}
     * for r in [0, numRows), rows row-major with stride {@code dim}. rows and v not modified;
     * out modified.
     */
    void scoreRows(float[] rows, int numRows, int dim, float[] v, int vOff, float[] out, int outOff);

    /**
     * Fused scoring and top-k selection: scores rows {@code [fromRow, toRow)} of the row-major
     * {@code rows} (stride {@code dim}, row r starting at {@code r * dim}) against
     * {@code v[vOff .. vOff+dim)} and keeps the {@code k} best, without materialising all scores.
     * Rows for which {@code exclude} returns true, and rows whose score is NaN, are never
     * selected; {@code exclude} (may be null) is only asked about rows that would enter the current
     * top k. The result is written to {@code outRows[0..count)} / {@code outScores[0..count)} in
     * descending score order, ties broken by the lower row index, where
     * {@code count = min(k, eligible rows)} is returned. rows and v not modified; outRows and
     * outScores modified (each needs at least k entries).
     *
     * @throws IllegalArgumentException if k is negative or the row range is invalid
     */
    int scoreTopK(float[] rows, int fromRow, int toRow, int dim, float[] v, int vOff, int k,
                  IntPredicate exclude, int[] outRows, float[] outScores);

    /**
     * Sparse x dense product with A in CSR form (row r holds columns
     * {@code colIdx[rowPtr[r] .. rowPtr[r+1])} with {@code values} at the same positions; values
     * null means all ones): {@code C = alpha * op(A) * B + beta * C}. A is aRows x aCols;
     * op(A) = A (B is aCols x n, C is aRows x n) or A^T (B is aRows x n, C is aCols x n); B and C
     * row-major with leading dimensions ldb, ldc. When beta is 0, C is overwritten. A and B not
     * modified; C modified.
     */
    void spmm(boolean transA, int aRows, int aCols, int[] rowPtr, int[] colIdx, float[] values,
              int n, float alpha, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /**
     * Rank-1 update of a k x k Gram matrix: {@code G += w * x * x^T}, both triangles written.
     * x not modified; G modified.
     */
    void gramRank1(int k, float w, float[] x, int xOff, float[] g, int gOff, int ldg);

    /**
     * Weighted rank-{@code count} update of a k x k Gram matrix from selected rows of a row-major
     * factor matrix Y (leading dimension ldy, row r starting at {@code yOff + r * ldy}):
     * {@code G += sum_j w_j * y_{r_j} * y_{r_j}^T} for j in [0, count), with
     * {@code r_j = rowIdx[idxOff + j]} (or {@code j} when rowIdx is null) and
     * {@code w_j = w[wOff + j]} (or 1 when w is null). Both triangles written. This is the
     * {@code Y_u^T (C_u - I) Y_u} term of implicit ALS. Y, rowIdx and w not modified; G modified.
     */
    void gramUpdate(int k, int count, float[] y, int yOff, int ldy, int[] rowIdx, int idxOff,
                    float[] w, int wOff, float[] g, int gOff, int ldg);

    /**
     * Symmetric rank-n update {@code G = alpha * Y^T * Y + beta * G} with Y an n x k row-major
     * matrix (leading dimension ldy) and G k x k (both triangles written). {@code Y^T Y} of ALS.
     * When beta is 0, G is overwritten. Y not modified; G modified.
     */
    void syrk(int n, int k, float alpha, float[] y, int yOff, int ldy, float beta, float[] g, int gOff, int ldg);
}
