package dev.recsys.internal.kernel;

/**
 * The float kernels every model shares, on flat row-major {@code float[]} arrays with offsets.
 * Implementations: {@link ScalarKernels} (always available), a Vector API one and a jblas one
 * (picked by {@link Kernels}).
 *
 * <p>Thread safety: implementations are stateless and thread-safe.
 */
public interface FloatKernels {

    /** Name shown in logs and benchmarks: {@code scalar}, {@code vector} or {@code jblas}. */
    String name();

    /** Returns {@code sum_i a[aOff+i] * b[bOff+i]} for i in [0, n). Arrays not modified. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code y[yOff+i] += alpha * x[xOff+i]}. x not modified; y modified. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code x[off+i] *= alpha}. x modified. */
    void scale(int n, float alpha, float[] x, int off);

    /** Returns {@code sum_i x[off+i]^2}. x not modified. */
    float sumSquares(float[] x, int off, int n);

    /**
     * {@code y = alpha * op(A) * x + beta * y}, A an m x n row-major matrix with leading dimension
     * lda, op(A) = A or A^T. When beta is 0, y is overwritten (its old contents are ignored, even NaN).
     */
    void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
              float[] x, int xOff, float beta, float[] y, int yOff);

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, op(A) m x k, op(B) k x n, C m x n, all
     * row-major with leading dimensions lda, ldb, ldc. When beta is 0, C is overwritten.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * Scores one vector against many rows: {@code out[outOff + r] = dot(rows[r*dim ..], v[vOff ..])}
     * for r in [0, numRows), rows row-major with stride {@code dim}.
     */
    void scoreRows(float[] rows, int numRows, int dim, float[] v, int vOff, float[] out, int outOff);
}
