package dev.recsys.internal.kernel;

/**
 * Plain-Java kernels: several independent accumulators so the JIT can pipeline, no allocation.
 * The reference every other implementation is tested against.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class ScalarKernels implements FloatKernels {
    /** Shared instance. */
    public static final ScalarKernels INSTANCE = new ScalarKernels();

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
            for (int r = 0; r < m; r++) {
                float d = dot(a, aOff + r * lda, x, xOff, n);
                y[yOff + r] = beta == 0f ? alpha * d : alpha * d + beta * y[yOff + r];
            }
        } else {
            if (beta == 0f) {
                java.util.Arrays.fill(y, yOff, yOff + n, 0f);
            } else if (beta != 1f) {
                scale(n, beta, y, yOff);
            }
            for (int r = 0; r < m; r++) {
                axpy(n, alpha * x[xOff + r], a, aOff + r * lda, y, yOff);
            }
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                scale(n, beta, c, ci);
            }
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (av == 0f) {
                    continue;
                }
                av *= alpha;
                if (!transB) {
                    axpy(n, av, b, bOff + p * ldb, c, ci);
                } else {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += av * b[bOff + j * ldb + p];
                    }
                }
            }
        }
    }

    @Override
    public void scoreRows(float[] rows, int numRows, int dim, float[] v, int vOff, float[] out, int outOff) {
        for (int r = 0; r < numRows; r++) {
            out[outOff + r] = dot(rows, r * dim, v, vOff, dim);
        }
    }
}
