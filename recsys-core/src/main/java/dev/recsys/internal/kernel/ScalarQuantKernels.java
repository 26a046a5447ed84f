package dev.recsys.internal.kernel;

/**
 * Plain-Java {@link QuantKernels}: the reference implementation and the fallback without the
 * Vector API. Four partial sums, like {@link ScalarSgdKernels#dot}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class ScalarQuantKernels implements QuantKernels {
    /** Shared instance. */
    public static final ScalarQuantKernels INSTANCE = new ScalarQuantKernels();

    private ScalarQuantKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dotInt8(byte[] q, int qOff, float[] v, int vOff, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (int bound = n & ~3; i < bound; i += 4) {
            s0 += q[qOff + i] * v[vOff + i];
            s1 += q[qOff + i + 1] * v[vOff + i + 1];
            s2 += q[qOff + i + 2] * v[vOff + i + 2];
            s3 += q[qOff + i + 3] * v[vOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += q[qOff + i] * v[vOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float dotBf16(short[] h, int hOff, float[] v, int vOff, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (int bound = n & ~3; i < bound; i += 4) {
            s0 += Bfloat16.toFloat(h[hOff + i]) * v[vOff + i];
            s1 += Bfloat16.toFloat(h[hOff + i + 1]) * v[vOff + i + 1];
            s2 += Bfloat16.toFloat(h[hOff + i + 2]) * v[vOff + i + 2];
            s3 += Bfloat16.toFloat(h[hOff + i + 3]) * v[vOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += Bfloat16.toFloat(h[hOff + i]) * v[vOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
