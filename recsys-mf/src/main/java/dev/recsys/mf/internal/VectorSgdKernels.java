package dev.recsys.mf.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
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
    /** Whether core's kernels are the Vector API ones, whose dot/axpy order confidenceSum reproduces. */
    private static final boolean CORE_IS_VECTOR = "vector".equals(dev.recsys.internal.kernel.Kernels.get().name());
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
    private static final VectorSpecies<Short> SH = VectorSpecies.of(short.class,
            VectorShape.forBitSize(S.vectorBitSize() / 2));

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

    /**
     * At k = 4 vectors, two consecutive entries that share neither user nor item are computed
     * together: their dot products, lane reductions and updates are interleaved, so the two
     * dependency chains (load, dot, reduce, error, update, store) overlap instead of one waiting
     * for the other. Each entry's arithmetic is exactly {@link #mfRating}'s and the rows are
     * disjoint, so the result equals the sequential definition bit for bit; an entry pair sharing a
     * row runs one after the other.
     */
    @Override
    public double mfBlock(int[] users, int[] items, float[] ratings, int from, int to,
                          float[] p, float[] q, float[] bu, float[] bi, int k,
                          float mu, float keep, float lr, float regBias) {
        if (k != 4 * L) {
            if (k % (2 * L) == 0) {
                return pairedLoops(users, items, ratings, from, to, p, q, bu, bi, k, mu, keep, lr, regBias);
            }
            return SgdKernels.super.mfBlock(users, items, ratings, from, to, p, q, bu, bi, k, mu, keep, lr, regBias);
        }
        double sq = 0;
        int n = from;
        for (; n + 1 < to; n += 2) {
            int ua = users[n];
            int ia = items[n];
            int ub = users[n + 1];
            int ib = items[n + 1];
            if (ua == ub || ia == ib) {
                sq = single(ua, ia, ratings[n], p, q, bu, bi, k, mu, keep, lr, regBias, sq);
                sq = single(ub, ib, ratings[n + 1], p, q, bu, bi, k, mu, keep, lr, regBias, sq);
                continue;
            }
            int pa = ua * k;
            int qa = ia * k;
            int pb = ub * k;
            int qb = ib * k;
            float bua = bu[ua];
            float bia = bi[ia];
            float bub = bu[ub];
            float bib = bi[ib];
            FloatVector zero = FloatVector.zero(S);
            FloatVector a0 = FloatVector.fromArray(S, p, pa);
            FloatVector c0 = FloatVector.fromArray(S, q, qa);
            FloatVector b0 = FloatVector.fromArray(S, p, pb);
            FloatVector d0 = FloatVector.fromArray(S, q, qb);
            FloatVector a1 = FloatVector.fromArray(S, p, pa + L);
            FloatVector c1 = FloatVector.fromArray(S, q, qa + L);
            FloatVector b1 = FloatVector.fromArray(S, p, pb + L);
            FloatVector d1 = FloatVector.fromArray(S, q, qb + L);
            FloatVector accA = a0.fma(c0, zero);
            FloatVector accB = b0.fma(d0, zero);
            FloatVector accA2 = a1.fma(c1, zero);
            FloatVector accB2 = b1.fma(d1, zero);
            FloatVector a2 = FloatVector.fromArray(S, p, pa + 2 * L);
            FloatVector c2 = FloatVector.fromArray(S, q, qa + 2 * L);
            FloatVector b2 = FloatVector.fromArray(S, p, pb + 2 * L);
            FloatVector d2 = FloatVector.fromArray(S, q, qb + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, p, pa + 3 * L);
            FloatVector c3 = FloatVector.fromArray(S, q, qa + 3 * L);
            FloatVector b3 = FloatVector.fromArray(S, p, pb + 3 * L);
            FloatVector d3 = FloatVector.fromArray(S, q, qb + 3 * L);
            accA = a2.fma(c2, accA);
            accB = b2.fma(d2, accB);
            accA2 = a3.fma(c3, accA2);
            accB2 = b3.fma(d3, accB2);
            float errA = ratings[n] - ((mu + bua + bia) + accA.add(accA2).reduceLanes(VectorOperators.ADD));
            float errB = ratings[n + 1] - ((mu + bub + bib) + accB.add(accB2).reduceLanes(VectorOperators.ADD));
            FloatVector la = FloatVector.broadcast(S, lr * errA);
            FloatVector lb = FloatVector.broadcast(S, lr * errB);
            c0.fma(la, a0.mul(keep)).intoArray(p, pa);
            a0.fma(la, c0.mul(keep)).intoArray(q, qa);
            d0.fma(lb, b0.mul(keep)).intoArray(p, pb);
            b0.fma(lb, d0.mul(keep)).intoArray(q, qb);
            c1.fma(la, a1.mul(keep)).intoArray(p, pa + L);
            a1.fma(la, c1.mul(keep)).intoArray(q, qa + L);
            d1.fma(lb, b1.mul(keep)).intoArray(p, pb + L);
            b1.fma(lb, d1.mul(keep)).intoArray(q, qb + L);
            c2.fma(la, a2.mul(keep)).intoArray(p, pa + 2 * L);
            a2.fma(la, c2.mul(keep)).intoArray(q, qa + 2 * L);
            d2.fma(lb, b2.mul(keep)).intoArray(p, pb + 2 * L);
            b2.fma(lb, d2.mul(keep)).intoArray(q, qb + 2 * L);
            c3.fma(la, a3.mul(keep)).intoArray(p, pa + 3 * L);
            a3.fma(la, c3.mul(keep)).intoArray(q, qa + 3 * L);
            d3.fma(lb, b3.mul(keep)).intoArray(p, pb + 3 * L);
            b3.fma(lb, d3.mul(keep)).intoArray(q, qb + 3 * L);
            sq += errA * errA;
            sq += errB * errB;
            bu[ua] = bua + lr * (errA - regBias * bua);
            bi[ia] = bia + lr * (errA - regBias * bia);
            bu[ub] = bub + lr * (errB - regBias * bub);
            bi[ib] = bib + lr * (errB - regBias * bib);
        }
        if (n < to) {
            sq = single(users[n], items[n], ratings[n], p, q, bu, bi, k, mu, keep, lr, regBias, sq);
        }
        return sq;
    }

    /**
     * At k = 4 vectors, v and acc stay in registers across the entries: per entry four loads, the
     * dot product in core's {@code dot} order (four chains, then {@code (a0 + a1) + (a2 + a3)}),
     * and four fused multiply-adds in core's {@code axpy} form, so the sums equal dot-then-axpy bit
     * for bit without a store and reload of acc per entry.
     */
    @Override
    public void confidenceSum(float[] f, int[] idx, float[] w, int from, int to, float alpha, boolean residual,
                              float[] v, int vOff, float[] acc, int k) {
        if (k != 4 * L || !CORE_IS_VECTOR) {
            SgdKernels.super.confidenceSum(f, idx, w, from, to, alpha, residual, v, vOff, acc, k);
            return;
        }
        FloatVector v0 = FloatVector.fromArray(S, v, vOff);
        FloatVector v1 = FloatVector.fromArray(S, v, vOff + L);
        FloatVector v2 = FloatVector.fromArray(S, v, vOff + 2 * L);
        FloatVector v3 = FloatVector.fromArray(S, v, vOff + 3 * L);
        FloatVector a0 = FloatVector.fromArray(S, acc, 0);
        FloatVector a1 = FloatVector.fromArray(S, acc, L);
        FloatVector a2 = FloatVector.fromArray(S, acc, 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, acc, 3 * L);
        FloatVector zero = FloatVector.zero(S);
        for (int e = from; e < to; e++) {
            int row = idx[e] * k;
            FloatVector f0 = FloatVector.fromArray(S, f, row);
            FloatVector f1 = FloatVector.fromArray(S, f, row + L);
            FloatVector f2 = FloatVector.fromArray(S, f, row + 2 * L);
            FloatVector f3 = FloatVector.fromArray(S, f, row + 3 * L);
            FloatVector s0 = f0.fma(v0, zero);
            FloatVector s1 = f1.fma(v1, zero);
            FloatVector s2 = f2.fma(v2, zero);
            FloatVector s3 = f3.fma(v3, zero);
            float d = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
            float c1 = alpha * Math.max(w[e], 0f);
            float coef;
            if (residual) {
                float c = 1f + c1;
                coef = c - (c - 1f) * d;
            } else {
                coef = c1 * d;
            }
            FloatVector cv = FloatVector.broadcast(S, coef);
            a0 = f0.fma(cv, a0);
            a1 = f1.fma(cv, a1);
            a2 = f2.fma(cv, a2);
            a3 = f3.fma(cv, a3);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
    }

    /**
     * {@link #mfBlock} for k a multiple of two vectors (other than four): the same pairing, with
     * the rows walked in loops; each entry's arithmetic is {@link #dot} (two chains) then
     * {@link #sgdStep}, as {@link #mfRating} does at these sizes.
     */
    private double pairedLoops(int[] users, int[] items, float[] ratings, int from, int to,
                               float[] p, float[] q, float[] bu, float[] bi, int k,
                               float mu, float keep, float lr, float regBias) {
        double sq = 0;
        int n = from;
        for (; n + 1 < to; n += 2) {
            int ua = users[n];
            int ia = items[n];
            int ub = users[n + 1];
            int ib = items[n + 1];
            if (ua == ub || ia == ib) {
                sq = single(ua, ia, ratings[n], p, q, bu, bi, k, mu, keep, lr, regBias, sq);
                sq = single(ub, ib, ratings[n + 1], p, q, bu, bi, k, mu, keep, lr, regBias, sq);
                continue;
            }
            int pa = ua * k;
            int qa = ia * k;
            int pb = ub * k;
            int qb = ib * k;
            float bua = bu[ua];
            float bia = bi[ia];
            float bub = bu[ub];
            float bib = bi[ib];
            FloatVector accA = FloatVector.zero(S);
            FloatVector accA2 = FloatVector.zero(S);
            FloatVector accB = FloatVector.zero(S);
            FloatVector accB2 = FloatVector.zero(S);
            for (int f = 0; f < k; f += 2 * L) {
                accA = FloatVector.fromArray(S, p, pa + f).fma(FloatVector.fromArray(S, q, qa + f), accA);
                accB = FloatVector.fromArray(S, p, pb + f).fma(FloatVector.fromArray(S, q, qb + f), accB);
                accA2 = FloatVector.fromArray(S, p, pa + f + L).fma(FloatVector.fromArray(S, q, qa + f + L), accA2);
                accB2 = FloatVector.fromArray(S, p, pb + f + L).fma(FloatVector.fromArray(S, q, qb + f + L), accB2);
            }
            float errA = ratings[n] - ((mu + bua + bia) + accA.add(accA2).reduceLanes(VectorOperators.ADD));
            float errB = ratings[n + 1] - ((mu + bub + bib) + accB.add(accB2).reduceLanes(VectorOperators.ADD));
            FloatVector la = FloatVector.broadcast(S, lr * errA);
            FloatVector lb = FloatVector.broadcast(S, lr * errB);
            for (int f = 0; f < k; f += L) {
                FloatVector a = FloatVector.fromArray(S, p, pa + f);
                FloatVector c = FloatVector.fromArray(S, q, qa + f);
                FloatVector b = FloatVector.fromArray(S, p, pb + f);
                FloatVector d = FloatVector.fromArray(S, q, qb + f);
                c.fma(la, a.mul(keep)).intoArray(p, pa + f);
                a.fma(la, c.mul(keep)).intoArray(q, qa + f);
                d.fma(lb, b.mul(keep)).intoArray(p, pb + f);
                b.fma(lb, d.mul(keep)).intoArray(q, qb + f);
            }
            sq += errA * errA;
            sq += errB * errB;
            bu[ua] = bua + lr * (errA - regBias * bua);
            bi[ia] = bia + lr * (errA - regBias * bia);
            bu[ub] = bub + lr * (errB - regBias * bub);
            bi[ib] = bib + lr * (errB - regBias * bib);
        }
        if (n < to) {
            sq = single(users[n], items[n], ratings[n], p, q, bu, bi, k, mu, keep, lr, regBias, sq);
        }
        return sq;
    }

    private double single(int u, int i, float r, float[] p, float[] q, float[] bu, float[] bi, int k,
                          float mu, float keep, float lr, float regBias, double sq) {
        float bui = bu[u];
        float bii = bi[i];
        float err = mfRating(p, u * k, q, i * k, k, r, mu + bui + bii, keep, lr);
        bu[u] = bui + lr * (err - regBias * bui);
        bi[i] = bii + lr * (err - regBias * bii);
        return sq + err * err;
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
    public void adamStep(float[] w, int wo, short[] m, short[] v, float[] x, int xo, int k,
                         float err, float reg, float b1, float b2, float step, float eps) {
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        int f = 0;
        int bound = S.loopBound(k);
        for (; f < bound; f += L) {
            FloatVector wv = FloatVector.fromArray(S, w, wo + f);
            FloatVector g = wv.mul(reg).sub(FloatVector.fromArray(S, x, xo + f).mul(err));
            FloatVector mv = loadBf16(m, wo + f).mul(b1).add(g.mul(c1));
            FloatVector vv = loadBf16(v, wo + f).mul(b2).add(g.mul(g).mul(c2));
            storeBf16(mv, m, wo + f);
            storeBf16(vv, v, wo + f);
            wv.sub(mv.mul(step).div(vv.sqrt().add(eps))).intoArray(w, wo + f);
        }
        for (; f < k; f++) {
            float wf = w[wo + f];
            float g = reg * wf - err * x[xo + f];
            float mf = b1 * Bfloat16.toFloat(m[wo + f]) + c1 * g;
            float vf = b2 * Bfloat16.toFloat(v[wo + f]) + c2 * g * g;
            m[wo + f] = Bfloat16.of(mf);
            v[wo + f] = Bfloat16.of(vf);
            w[wo + f] = wf - step * mf / ((float) Math.sqrt(vf) + eps);
        }
    }

    /** L bfloat16 values as floats (exact: the bits shifted into the upper half). */
    private static FloatVector loadBf16(short[] a, int off) {
        ShortVector sv = ShortVector.fromArray(SH, a, off);
        IntVector iv = (IntVector) sv.convertShape(VectorOperators.S2I, IS, 0);
        return iv.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** Stores L floats as bfloat16, rounded to nearest even exactly as {@link Bfloat16#of}. */
    private static void storeBf16(FloatVector fv, short[] a, int off) {
        IntVector b = fv.reinterpretAsInts();
        IntVector r = b.add(b.lanewise(VectorOperators.LSHR, 16).and(1)).add(0x7FFF)
                .lanewise(VectorOperators.LSHR, 16);
        ((ShortVector) r.convertShape(VectorOperators.I2S, SH, 0)).intoArray(a, off);
    }
}
