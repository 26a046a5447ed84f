package dev.recsys.mf.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SgdKernels} on the Vector API ({@code jdk.incubator.vector}) with the preferred float
 * species; tails shorter than one vector run in scalar code. Loaded reflectively by
 * {@link SgdKernels#get()} only when the module is present.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class VectorSgdKernels implements SgdKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Creates the kernels (fails with a LinkageError where the Vector API is absent). */
    public VectorSgdKernels() {
        if (L < 4) {
            throw new IllegalStateException("preferred float species has only " + L + " lanes");
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int k) {
        int f = 0;
        int bound = S.loopBound(k);
        FloatVector acc = FloatVector.zero(S);
        if (bound >= 2 * L) {
            FloatVector acc2 = FloatVector.zero(S);
            for (; f + 2 * L <= bound; f += 2 * L) {
                acc = FloatVector.fromArray(S, a, ao + f).fma(FloatVector.fromArray(S, b, bo + f), acc);
                acc2 = FloatVector.fromArray(S, a, ao + f + L).fma(FloatVector.fromArray(S, b, bo + f + L), acc2);
            }
            acc = acc.add(acc2);
        }
        for (; f < bound; f += L) {
            acc = FloatVector.fromArray(S, a, ao + f).fma(FloatVector.fromArray(S, b, bo + f), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; f < k; f++) {
            s += a[ao + f] * b[bo + f];
        }
        return s;
    }

    @Override
    public float mfRating(float[] p, int po, float[] q, int qo, int k, float r, float base, float keep, float lr) {
        if (k != 4 * L) {
            return SgdKernels.super.mfRating(p, po, q, qo, k, r, base, keep, lr);
        }
        // k = 4 vectors: both rows stay in registers between the dot product and the update. Same
        // operation order as dot() (two accumulators) followed by sgdStep(), so bit-identical.
        FloatVector p0 = FloatVector.fromArray(S, p, po);
        FloatVector p1 = FloatVector.fromArray(S, p, po + L);
        FloatVector p2 = FloatVector.fromArray(S, p, po + 2 * L);
        FloatVector p3 = FloatVector.fromArray(S, p, po + 3 * L);
        FloatVector q0 = FloatVector.fromArray(S, q, qo);
        FloatVector q1 = FloatVector.fromArray(S, q, qo + L);
        FloatVector q2 = FloatVector.fromArray(S, q, qo + 2 * L);
        FloatVector q3 = FloatVector.fromArray(S, q, qo + 3 * L);
        FloatVector zero = FloatVector.zero(S);
        FloatVector acc = p0.fma(q0, zero);
        FloatVector acc2 = p1.fma(q1, zero);
        acc = p2.fma(q2, acc);
        acc2 = p3.fma(q3, acc2);
        float err = r - (base + acc.add(acc2).reduceLanes(VectorOperators.ADD));
        float keepv = keep;
        FloatVector lev = FloatVector.broadcast(S, lr * err);
        q0.fma(lev, p0.mul(keepv)).intoArray(p, po);
        p0.fma(lev, q0.mul(keepv)).intoArray(q, qo);
        q1.fma(lev, p1.mul(keepv)).intoArray(p, po + L);
        p1.fma(lev, q1.mul(keepv)).intoArray(q, qo + L);
        q2.fma(lev, p2.mul(keepv)).intoArray(p, po + 2 * L);
        p2.fma(lev, q2.mul(keepv)).intoArray(q, qo + 2 * L);
        q3.fma(lev, p3.mul(keepv)).intoArray(p, po + 3 * L);
        p3.fma(lev, q3.mul(keepv)).intoArray(q, qo + 3 * L);
        return err;
    }

    @Override
    public void sgdStep(float[] p, int po, float[] q, int qo, float[] z, int zo, int k,
                        float keepP, float keepQ, float le) {
        int f = 0;
        int bound = S.loopBound(k);
        FloatVector lev = FloatVector.broadcast(S, le);
        for (; f < bound; f += L) {
            FloatVector pv = FloatVector.fromArray(S, p, po + f);
            FloatVector qv = FloatVector.fromArray(S, q, qo + f);
            FloatVector zv = FloatVector.fromArray(S, z, zo + f);
            qv.fma(lev, pv.mul(keepP)).intoArray(p, po + f);
            zv.fma(lev, qv.mul(keepQ)).intoArray(q, qo + f);
        }
        for (; f < k; f++) {
            float pf = p[po + f];
            float qf = q[qo + f];
            float zf = z[zo + f];
            p[po + f] = keepP * pf + le * qf;
            q[qo + f] = keepQ * qf + le * zf;
        }
    }

    @Override
    public void bprStep(float[] p, int po, float[] q, int io, int jo, int k, float keepP, float keepQ, float g) {
        int f = 0;
        int bound = S.loopBound(k);
        FloatVector gv = FloatVector.broadcast(S, g);
        for (; f < bound; f += L) {
            FloatVector pv = FloatVector.fromArray(S, p, po + f);
            FloatVector qi = FloatVector.fromArray(S, q, io + f);
            FloatVector qj = FloatVector.fromArray(S, q, jo + f);
            FloatVector gp = pv.mul(gv);
            qi.sub(qj).fma(gv, pv.mul(keepP)).intoArray(p, po + f);
            qi.mul(keepQ).add(gp).intoArray(q, io + f);
            qj.mul(keepQ).sub(gp).intoArray(q, jo + f);
        }
        for (; f < k; f++) {
            float pf = p[po + f];
            float qi = q[io + f];
            float qj = q[jo + f];
            p[po + f] = keepP * pf + g * (qi - qj);
            q[io + f] = keepQ * qi + g * pf;
            q[jo + f] = keepQ * qj - g * pf;
        }
    }

    @Override
    public void adamStep(float[] w, int wo, float[] m, float[] v, float[] x, int xo, int k,
                         float err, float reg, float b1, float b2, float step, float eps) {
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        int f = 0;
        int bound = S.loopBound(k);
        for (; f < bound; f += L) {
            FloatVector wv = FloatVector.fromArray(S, w, wo + f);
            FloatVector g = wv.mul(reg).sub(FloatVector.fromArray(S, x, xo + f).mul(err));
            FloatVector mv = FloatVector.fromArray(S, m, wo + f).mul(b1).add(g.mul(c1));
            FloatVector vv = FloatVector.fromArray(S, v, wo + f).mul(b2).add(g.mul(g).mul(c2));
            mv.intoArray(m, wo + f);
            vv.intoArray(v, wo + f);
            wv.sub(mv.mul(step).div(vv.sqrt().add(eps))).intoArray(w, wo + f);
        }
        for (; f < k; f++) {
            float wf = w[wo + f];
            float g = reg * wf - err * x[xo + f];
            float mf = b1 * m[wo + f] + c1 * g;
            float vf = b2 * v[wo + f] + c2 * g * g;
            m[wo + f] = mf;
            v[wo + f] = vf;
            w[wo + f] = wf - step * mf / ((float) Math.sqrt(vf) + eps);
        }
    }
}
