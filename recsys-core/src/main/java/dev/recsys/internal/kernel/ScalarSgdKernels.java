package dev.recsys.internal.kernel;

/**
 * Plain-Java {@link SgdKernels}: the reference implementation and the fallback without the Vector
 * API.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class ScalarSgdKernels implements SgdKernels {
    /** Shared instance. */
    public static final ScalarSgdKernels INSTANCE = new ScalarSgdKernels();

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int k) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int f = 0;
        for (int bound = k & ~3; f < bound; f += 4) {
            s0 += a[ao + f] * b[bo + f];
            s1 += a[ao + f + 1] * b[bo + f + 1];
            s2 += a[ao + f + 2] * b[bo + f + 2];
            s3 += a[ao + f + 3] * b[bo + f + 3];
        }
        for (; f < k; f++) {
            s0 += a[ao + f] * b[bo + f];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void sgdStep(float[] p, int po, float[] q, int qo, float[] z, int zo, int k,
                        float keepP, float keepQ, float le) {
        for (int f = 0; f < k; f++) {
            float pf = p[po + f];
            float qf = q[qo + f];
            float zf = z[zo + f];
            p[po + f] = keepP * pf + le * qf;
            q[qo + f] = keepQ * qf + le * zf;
        }
    }

    @Override
    public void bprStep(float[] p, int po, float[] q, int io, int jo, int k, float keepP, float keepQ, float g) {
        for (int f = 0; f < k; f++) {
            float pf = p[po + f];
            float qi = q[io + f];
            float qj = q[jo + f];
            p[po + f] = keepP * pf + g * (qi - qj);
            q[io + f] = keepQ * qi + g * pf;
            q[jo + f] = keepQ * qj - g * pf;
        }
    }

    @Override
    public void adamStep(float[] w, int wo, short[] m, short[] v, float[] x, int xo, int k,
                         float err, float reg, float b1, float b2, float step, float eps) {
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        for (int f = 0; f < k; f++) {
            float wf = w[wo + f];
            float g = reg * wf - err * x[xo + f];
            float mf = b1 * Bfloat16.toFloat(m[wo + f]) + c1 * g;
            float vf = b2 * Bfloat16.toFloat(v[wo + f]) + c2 * g * g;
            m[wo + f] = Bfloat16.of(mf);
            v[wo + f] = Bfloat16.of(vf);
            w[wo + f] = wf - step * mf / ((float) Math.sqrt(vf) + eps);
        }
    }
}
