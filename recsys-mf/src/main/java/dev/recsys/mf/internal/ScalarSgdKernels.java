package dev.recsys.mf.internal;

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

    /**
     * The schedule of {@link SgdKernels#mfUsers} with each entry's {@link #dot} and
     * {@link #sgdStep} written out in one loop nest (same arithmetic, bit-identical to the default).
     */
    @Override
    public double mfUsers(int[] order, int nOrder, int[] start, int[] items, float[] ratings,
                          float[] p, float[] q, float[] bu, float[] bi, int k,
                          float mu, float keep, float lr, float regBias) {
        double sq = 0;
        int next = 0;
        int ua = 0;
        int na = 0;
        int ea = 0;
        int ub = 0;
        int nb = 0;
        int eb = 0;
        while (true) {
            while (na == ea && next < nOrder) {
                ua = order[next++];
                na = start[ua];
                ea = start[ua + 1];
            }
            while (nb == eb && next < nOrder) {
                ub = order[next++];
                nb = start[ub];
                eb = start[ub + 1];
            }
            if (na == ea && nb == eb) {
                return sq;
            }
            if (na < ea) {
                sq = entry(ua, items[na], ratings[na], p, q, bu, bi, k, mu, keep, lr, regBias, sq);
                na++;
            }
            if (nb < eb) {
                sq = entry(ub, items[nb], ratings[nb], p, q, bu, bi, k, mu, keep, lr, regBias, sq);
                nb++;
            }
        }
    }

    private double entry(int u, int i, float r, float[] p, float[] q, float[] bu, float[] bi, int k,
                         float mu, float keep, float lr, float regBias, double sq) {
        int po = u * k;
        int qo = i * k;
        float bui = bu[u];
        float bii = bi[i];
        float err = r - ((mu + bui + bii) + dot(p, po, q, qo, k));
        float le = lr * err;
        for (int f = 0; f < k; f++) {
            float pf = p[po + f];
            float qf = q[qo + f];
            p[po + f] = keep * pf + le * qf;
            q[qo + f] = keep * qf + le * pf;
        }
        bu[u] = bui + lr * (err - regBias * bui);
        bi[i] = bii + lr * (err - regBias * bii);
        return sq + err * err;
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
