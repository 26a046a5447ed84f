package dev.recsys.internal.kernel.panama;

import dev.recsys.internal.kernel.Bfloat16;
import dev.recsys.internal.kernel.SgdKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SgdKernels} on the Vector API ({@code jdk.incubator.vector}) with the preferred float
 * species; tails shorter than one vector run in scalar code. Loaded reflectively by
 * {@link dev.recsys.internal.kernel.Kernels} through {@link #create(boolean)} only when the module is
 * present and C2 is enabled.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class PanamaSgdKernels implements SgdKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
    private static final VectorSpecies<Short> SH = VectorSpecies.of(short.class,
            VectorShape.forBitSize(S.vectorBitSize() / 2));
    /**
     * Whether {@link #mfUsers} keeps the users' rows in registers across the loop. JDK 25's C2
     * compiles that loop to registers; JDK 17's does not (there it is slower than the rows kept in
     * memory; SgdEpochBenchmark measures both, figures in benchmarks/README.md), and 18-24 were not
     * measured, so they take the rows-in-memory path. Both paths give the same result.
     */
    private static final boolean ROWS_IN_REGISTERS = Runtime.version().feature() >= 25;

    /** Whether core's float kernels are the Vector API ones, whose dot/axpy order confidenceSum reproduces. */
    private final boolean coreIsVector;

    private PanamaSgdKernels(boolean coreIsVector) {
        this.coreIsVector = coreIsVector;
    }

    /**
     * Creates the kernels (fails with a LinkageError where the Vector API is absent).
     *
     * @param coreIsVector whether the active float kernels are the Vector API ones (then
     *     {@link #confidenceSum} may take its register path, which reproduces their dot/axpy order)
     * @throws UnsupportedOperationException if the preferred float species has fewer than 4 lanes
     */
    public static SgdKernels create(boolean coreIsVector) {
        if (L < 4) {
            throw new UnsupportedOperationException("preferred float species has only " + L + " lanes");
        }
        return new PanamaSgdKernels(coreIsVector);
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
     * At k = 4 vectors, each stream's user row (four vectors) and bias stay in registers while the
     * user is active: per entry only the item row is loaded and stored. Each entry's arithmetic is
     * exactly {@link #mfRating}'s, in the definition's order (stream A's entry, then stream B's), so
     * the result equals the sequential definition bit for bit; when both streams' entries name the
     * same item, B's loads follow A's stores in program order. The entry step is written out three
     * times (stream A, stream B, the last stream alone) on purpose: with the row in a small holder
     * object and one step method, C2 on JDK 25 boxed the vectors (48-54 ns per rating against 10-11),
     * and finishing the last stream through {@link #mfRating} instead of the third copy measured
     * 12.3-13.0 against 11.1 ns (alternating jars), although that tail is about 1 % of the entries.
     */
    @Override
    public double mfUsers(int[] order, int nOrder, int[] start, int[] items, float[] ratings,
                          float[] p, float[] q, float[] bu, float[] bi, int k,
                          float mu, float keep, float lr, float regBias) {
        if (k != 4 * L || !ROWS_IN_REGISTERS) {
            return SgdKernels.super.mfUsers(order, nOrder, start, items, ratings, p, q, bu, bi, k, mu, keep, lr,
                    regBias);
        }
        double sq = 0;
        int next = 0;
        int ua = -1;
        int na = 0;
        int ea = 0;
        int pa = 0;
        float bua = 0f;
        int ub = -1;
        int nb = 0;
        int eb = 0;
        int pb = 0;
        float bub = 0f;
        FloatVector zero = FloatVector.zero(S);
        FloatVector a0 = zero;
        FloatVector a1 = zero;
        FloatVector a2 = zero;
        FloatVector a3 = zero;
        FloatVector b0 = zero;
        FloatVector b1 = zero;
        FloatVector b2 = zero;
        FloatVector b3 = zero;
        while (true) {
            if (na == ea && next < nOrder) {
                if (ua >= 0) {
                    a0.intoArray(p, pa);
                    a1.intoArray(p, pa + L);
                    a2.intoArray(p, pa + 2 * L);
                    a3.intoArray(p, pa + 3 * L);
                    bu[ua] = bua;
                }
                ua = order[next++];
                na = start[ua];
                ea = start[ua + 1];
                pa = ua * k;
                bua = bu[ua];
                a0 = FloatVector.fromArray(S, p, pa);
                a1 = FloatVector.fromArray(S, p, pa + L);
                a2 = FloatVector.fromArray(S, p, pa + 2 * L);
                a3 = FloatVector.fromArray(S, p, pa + 3 * L);
                continue;
            }
            if (nb == eb && next < nOrder) {
                if (ub >= 0) {
                    b0.intoArray(p, pb);
                    b1.intoArray(p, pb + L);
                    b2.intoArray(p, pb + 2 * L);
                    b3.intoArray(p, pb + 3 * L);
                    bu[ub] = bub;
                }
                ub = order[next++];
                nb = start[ub];
                eb = start[ub + 1];
                pb = ub * k;
                bub = bu[ub];
                b0 = FloatVector.fromArray(S, p, pb);
                b1 = FloatVector.fromArray(S, p, pb + L);
                b2 = FloatVector.fromArray(S, p, pb + 2 * L);
                b3 = FloatVector.fromArray(S, p, pb + 3 * L);
                continue;
            }
            if (na == ea || nb == eb) {
                break; // the order is used up: at most one stream has entries left
            }
            {
                int i = items[na];
                int qo = i * k;
                float bii = bi[i];
                FloatVector c0 = FloatVector.fromArray(S, q, qo);
                FloatVector c1 = FloatVector.fromArray(S, q, qo + L);
                FloatVector c2 = FloatVector.fromArray(S, q, qo + 2 * L);
                FloatVector c3 = FloatVector.fromArray(S, q, qo + 3 * L);
                FloatVector acc = a0.fma(c0, zero);
                FloatVector acc2 = a1.fma(c1, zero);
                acc = a2.fma(c2, acc);
                acc2 = a3.fma(c3, acc2);
                float err = ratings[na] - ((mu + bua + bii) + acc.add(acc2).reduceLanes(VectorOperators.ADD));
                FloatVector le = FloatVector.broadcast(S, lr * err);
                a0.fma(le, c0.mul(keep)).intoArray(q, qo);
                a1.fma(le, c1.mul(keep)).intoArray(q, qo + L);
                a2.fma(le, c2.mul(keep)).intoArray(q, qo + 2 * L);
                a3.fma(le, c3.mul(keep)).intoArray(q, qo + 3 * L);
                a0 = c0.fma(le, a0.mul(keep));
                a1 = c1.fma(le, a1.mul(keep));
                a2 = c2.fma(le, a2.mul(keep));
                a3 = c3.fma(le, a3.mul(keep));
                sq += err * err;
                bua = bua + lr * (err - regBias * bua);
                bi[i] = bii + lr * (err - regBias * bii);
                na++;
            }
            {
                int i = items[nb];
                int qo = i * k;
                float bii = bi[i];
                FloatVector c0 = FloatVector.fromArray(S, q, qo);
                FloatVector c1 = FloatVector.fromArray(S, q, qo + L);
                FloatVector c2 = FloatVector.fromArray(S, q, qo + 2 * L);
                FloatVector c3 = FloatVector.fromArray(S, q, qo + 3 * L);
                FloatVector acc = b0.fma(c0, zero);
                FloatVector acc2 = b1.fma(c1, zero);
                acc = b2.fma(c2, acc);
                acc2 = b3.fma(c3, acc2);
                float err = ratings[nb] - ((mu + bub + bii) + acc.add(acc2).reduceLanes(VectorOperators.ADD));
                FloatVector le = FloatVector.broadcast(S, lr * err);
                b0.fma(le, c0.mul(keep)).intoArray(q, qo);
                b1.fma(le, c1.mul(keep)).intoArray(q, qo + L);
                b2.fma(le, c2.mul(keep)).intoArray(q, qo + 2 * L);
                b3.fma(le, c3.mul(keep)).intoArray(q, qo + 3 * L);
                b0 = c0.fma(le, b0.mul(keep));
                b1 = c1.fma(le, b1.mul(keep));
                b2 = c2.fma(le, b2.mul(keep));
                b3 = c3.fma(le, b3.mul(keep));
                sq += err * err;
                bub = bub + lr * (err - regBias * bub);
                bi[i] = bii + lr * (err - regBias * bii);
                nb++;
            }
        }
        if (nb == eb && na < ea) {
            // stream A is the one left: write B back and continue A's user in B's registers
            if (ub >= 0) {
                b0.intoArray(p, pb);
                b1.intoArray(p, pb + L);
                b2.intoArray(p, pb + 2 * L);
                b3.intoArray(p, pb + 3 * L);
                bu[ub] = bub;
            }
            ub = ua;
            nb = na;
            eb = ea;
            pb = pa;
            bub = bua;
            b0 = a0;
            b1 = a1;
            b2 = a2;
            b3 = a3;
            ua = -1;
        }
        for (; nb < eb; nb++) {
            int i = items[nb];
            int qo = i * k;
            float bii = bi[i];
            FloatVector c0 = FloatVector.fromArray(S, q, qo);
            FloatVector c1 = FloatVector.fromArray(S, q, qo + L);
            FloatVector c2 = FloatVector.fromArray(S, q, qo + 2 * L);
            FloatVector c3 = FloatVector.fromArray(S, q, qo + 3 * L);
            FloatVector acc = b0.fma(c0, zero);
            FloatVector acc2 = b1.fma(c1, zero);
            acc = b2.fma(c2, acc);
            acc2 = b3.fma(c3, acc2);
            float err = ratings[nb] - ((mu + bub + bii) + acc.add(acc2).reduceLanes(VectorOperators.ADD));
            FloatVector le = FloatVector.broadcast(S, lr * err);
            b0.fma(le, c0.mul(keep)).intoArray(q, qo);
            b1.fma(le, c1.mul(keep)).intoArray(q, qo + L);
            b2.fma(le, c2.mul(keep)).intoArray(q, qo + 2 * L);
            b3.fma(le, c3.mul(keep)).intoArray(q, qo + 3 * L);
            b0 = c0.fma(le, b0.mul(keep));
            b1 = c1.fma(le, b1.mul(keep));
            b2 = c2.fma(le, b2.mul(keep));
            b3 = c3.fma(le, b3.mul(keep));
            sq += err * err;
            bub = bub + lr * (err - regBias * bub);
            bi[i] = bii + lr * (err - regBias * bii);
        }
        if (ua >= 0) {
            a0.intoArray(p, pa);
            a1.intoArray(p, pa + L);
            a2.intoArray(p, pa + 2 * L);
            a3.intoArray(p, pa + 3 * L);
            bu[ua] = bua;
        }
        if (ub >= 0) {
            b0.intoArray(p, pb);
            b1.intoArray(p, pb + L);
            b2.intoArray(p, pb + 2 * L);
            b3.intoArray(p, pb + 3 * L);
            bu[ub] = bub;
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
        if (k != 4 * L || !coreIsVector) {
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
