package dev.recsys.internal.kernel.jblas;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.FusedTopK;
import java.util.function.IntPredicate;
import org.jblas.NativeBlas;
import org.jblas.util.Logger;

/**
 * Kernels backed by jblas's bundled native BLAS for gemm (and for large gemv when the Java
 * delegate is the scalar one); every other operation (dot, axpy, scoring, ...) is delegated to the
 * best Java implementation, because a JNI call costs more than those small loops. jblas is an optional dependency: this class is loaded
 * reflectively by {@code dev.recsys.internal.kernel.Kernels} and {@link #create} probes the
 * native library once with a 1 x 1 multiply (it fails, for example, without Debian's
 * {@code libgfortran5}).
 *
 * <p>Row-major operands are handed to the column-major BLAS as their transposes:
 * {@code C = op(A) op(B)} row-major is {@code C^T = op(B)^T op(A)^T} column-major.
 *
 * <p>Thread safety: stateless, thread-safe (the delegate is thread-safe).
 */
public final class JblasKernels implements FloatKernels {
    /** Below this many multiply-adds a JNI call costs more than the Java kernel. */
    private static final long NATIVE_GEMM_MIN = 16L * 16 * 16;
    /** Below this many matrix entries gemv stays in Java. */
    private static final long NATIVE_GEMV_MIN = 64L * 64;

    private final FloatKernels javaKernels;
    /** The Vector API gemv beats a JNI sgemv call at every size measured: use native gemv only over scalar Java. */
    private final boolean javaGemv;

    private JblasKernels(FloatKernels java) {
        this.javaKernels = java;
        this.javaGemv = "vector".equals(java.name());
    }

    /**
     * Loads the native library, checks a 1 x 1 multiply and returns the kernels.
     *
     * @param java the Java implementation small operations are delegated to. Not modified.
     * @throws Throwable (typically {@link UnsatisfiedLinkError} or {@link NoClassDefFoundError})
     *                   when jblas or its native library is unusable
     */
    public static FloatKernels create(FloatKernels java) throws Throwable {
        Logger.getLogger().setLevel(Logger.ERROR);
        float[] c = {0f};
        NativeBlas.sgemm('N', 'N', 1, 1, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f}, 0, 1, 0f, c, 0, 1);
        if (c[0] != 6f) {
            throw new IllegalStateException("jblas sgemm probe returned " + c[0] + " instead of 6");
        }
        return new JblasKernels(java);
    }

    @Override
    public String name() {
        return "jblas";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return javaKernels.dot(a, aOff, b, bOff, n);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        javaKernels.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int off) {
        javaKernels.scale(n, alpha, x, off);
    }

    @Override
    public float sumSquares(float[] x, int off, int n) {
        return javaKernels.sumSquares(x, off, n);
    }

    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        if (javaGemv || (long) m * n < NATIVE_GEMV_MIN || lda < Math.max(1, n)) {
            javaKernels.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
            return;
        }
        int ylen = transA ? n : m;
        if (beta == 0f) {
            java.util.Arrays.fill(y, yOff, yOff + ylen, 0f);
        }
        // row-major m x n A is the column-major n x m matrix A^T: flip the transpose flag
        NativeBlas.sgemv(transA ? 'N' : 'T', n, m, alpha, a, aOff, lda, x, xOff, 1, beta, y, yOff, 1);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if ((long) m * n * k < NATIVE_GEMM_MIN
                || lda < Math.max(1, transA ? m : k) || ldb < Math.max(1, transB ? k : n) || ldc < n) {
            javaKernels.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (beta == 0f) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
        }
        NativeBlas.sgemm(transB ? 'T' : 'N', transA ? 'T' : 'N', n, m, k, alpha,
                b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
    }

    @Override
    public void scoreRows(float[] rows, int numRows, int dim, float[] v, int vOff, float[] out, int outOff) {
        javaKernels.scoreRows(rows, numRows, dim, v, vOff, out, outOff);
    }

    @Override
    public int scoreTopK(float[] rows, int fromRow, int toRow, int dim, float[] v, int vOff, int k,
                         IntPredicate exclude, int[] outRows, float[] outScores) {
        return FusedTopK.scoreTopK(javaKernels, rows, fromRow, toRow, dim, v, vOff, k, exclude, outRows, outScores);
    }

    @Override
    public void spmm(boolean transA, int aRows, int aCols, int[] rowPtr, int[] colIdx, float[] values,
                     int n, float alpha, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        javaKernels.spmm(transA, aRows, aCols, rowPtr, colIdx, values, n, alpha, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void gramRank1(int k, float w, float[] x, int xOff, float[] g, int gOff, int ldg) {
        javaKernels.gramRank1(k, w, x, xOff, g, gOff, ldg);
    }

    @Override
    public void gramUpdate(int k, int count, float[] y, int yOff, int ldy, int[] rowIdx, int idxOff,
                           float[] w, int wOff, float[] g, int gOff, int ldg) {
        javaKernels.gramUpdate(k, count, y, yOff, ldy, rowIdx, idxOff, w, wOff, g, gOff, ldg);
    }

    @Override
    public void syrk(int n, int k, float alpha, float[] y, int yOff, int ldy, float beta, float[] g, int gOff, int ldg) {
        gemm(true, false, k, k, n, alpha, y, yOff, ldy, y, yOff, ldy, beta, g, gOff, ldg);
    }
}
