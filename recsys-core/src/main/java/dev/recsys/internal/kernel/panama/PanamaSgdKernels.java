package dev.recsys.internal.kernel.panama;

import dev.recsys.internal.kernel.Bfloat16;
import dev.recsys.internal.kernel.ScalarSgdKernels;
import dev.recsys.internal.kernel.SgdKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
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

    /** The fixed-order lane sum's rotations ({@link LaneSum}), written out where a vector is summed. */
    private static final VectorShuffle<Float> ROT8 = LaneSum.ROT8;
    private static final VectorShuffle<Float> ROT4 = LaneSum.ROT4;
    private static final VectorShuffle<Float> ROT2 = LaneSum.ROT2;
    private static final VectorShuffle<Float> ROT1 = LaneSum.ROT1;
    /**
     * The largest vector count per row for which {@link #mfUsers} keeps both streams' user rows in
     * registers: both streams' user rows plus the item row (3n vectors) must fit the register file
     * (32 registers with 512-bit vectors, 16 with 256-bit AVX2), so 8 vectors (k = 128) on 512-bit
     * and 4 (k = 64 at 512, k = 32 at 256 bits) otherwise; larger rows take the default schedule
     * with the unrolled {@link #mfRating}. Measured with benchmarks' {@code SgdEpochCompare}.
     */
    private static final int STREAM_VECTORS = S.vectorBitSize() >= 512 ? 8 : 4;

    /** Whether core's float kernels are the Vector API ones, whose dot/axpy order confidenceSum reproduces. */
    private final boolean coreIsVector;
    /** Largest k / L that {@link #mfUsers} runs with the users' rows in registers. */
    private final int streamVectors;
    /** Whether {@link #mfRating} runs the unrolled kernels at k = 2, 4, 8 and 16 vectors. */
    private final boolean unrolled;

    private PanamaSgdKernels(boolean coreIsVector, int streamVectors, boolean unrolled) {
        this.coreIsVector = coreIsVector;
        this.streamVectors = streamVectors;
        this.unrolled = unrolled;
    }

    /**
     * Creates the kernels (fails with a LinkageError where the Vector API is absent), with the
     * register kernels chosen for the preferred vector width.
     *
     * @param coreIsVector whether the active float kernels are the Vector API ones (then
     *     {@link #confidenceSum} may take its register path, which reproduces their dot/axpy order)
     * @throws UnsupportedOperationException if the preferred float species has fewer than 4 or more than 16 lanes
     */
    public static SgdKernels create(boolean coreIsVector) {
        return create(coreIsVector, STREAM_VECTORS, true);
    }

    /**
     * Creates the kernels with the register kernels forced, for equivalence tests and benchmarks
     * (every choice computes the same result bit for bit; only the speed differs).
     *
     * @param coreIsVector  as in {@link #create(boolean)}
     * @param streamVectors the largest {@code k / L} (a power of two up to 16; 0 for none) at which
     *                      {@link #mfUsers} keeps the users' rows in registers
     * @param unrolled      whether {@link #mfRating} takes the unrolled kernels at k = 2, 4, 8 and
     *                      16 vectors (else the dot-then-step loops)
     * @throws UnsupportedOperationException if the preferred float species has fewer than 4 or more than 16 lanes
     * @throws IllegalArgumentException if streamVectors is outside [0, 16]
     */
    public static SgdKernels create(boolean coreIsVector, int streamVectors, boolean unrolled) {
        if (L < 4 || L > 16) {
            throw new UnsupportedOperationException("preferred float species has " + L + " lanes (4 to 16 supported)");
        }
        if (streamVectors < 0 || streamVectors > 16) {
            throw new IllegalArgumentException("streamVectors must be in [0, 16]: " + streamVectors);
        }
        return new PanamaSgdKernels(coreIsVector, streamVectors, unrolled);
    }

    /** Float lanes of the preferred species (the register kernels' vector length). */
    public static int lanes() {
        return L;
    }

    @Override
    public String name() {
        return "vector";
    }

    /**
     * The register shapes in use, for the kernel log line, e.g. {@code rows in registers up to
     * k = 8L = 128, unrolled step at k = 2L, 4L, 8L, 16L, iALS sums in registers at k = 4L, 8L
     * (L = 16 floats)}.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (ROWS_IN_REGISTERS && streamVectors >= 2) {
            int n = Integer.highestOneBit(streamVectors);
            b.append("rows in registers up to k = ").append(n).append("L = ").append(n * L);
        } else {
            b.append("rows in memory").append(ROWS_IN_REGISTERS ? "" : " (JDK " + Runtime.version().feature() + " < 25)");
        }
        if (unrolled) {
            b.append(", unrolled step at k = 2L, 4L, 8L, 16L");
        }
        if (coreIsVector) {
            b.append(", iALS sums in registers at k = 4L, 8L");
        }
        return b.append(" (L = ").append(L).append(" floats)").toString();
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
        FloatVector t = acc;
        if (L >= 16) {
            t = t.add(t.rearrange(ROT8));
        }
        if (L >= 8) {
            t = t.add(t.rearrange(ROT4));
        }
        FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
        tq = tq.add(tq.rearrange(LaneSum.SWAP2));
        float s = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
        for (; f < k; f++) {
            s += a[ao + f] * b[bo + f];
        }
        return s;
    }

    @Override
    public float mfRating(float[] p, int po, float[] q, int qo, int k, float r, float base, float keep, float lr) {
        if (unrolled && k % L == 0) {
            switch (k / L) {
                case 2:
                    return mfRating2(p, po, q, qo, r, base, keep, lr);
                case 4:
                    return mfRating4(p, po, q, qo, r, base, keep, lr);
                case 8:
                    return mfRating8(p, po, q, qo, r, base, keep, lr);
                case 16:
                    return mfRating16(p, po, q, qo, r, base, keep, lr);
                default:
                    break;
            }
        }
        return SgdKernels.super.mfRating(p, po, q, qo, k, r, base, keep, lr);
    }

    /**
     * At k = n vectors with n at most {@link #streamVectors}, each stream's user row (n vectors)
     * and bias stay in registers while the user is active: per entry only the item row is loaded
     * and stored. The schedule (which users, how many rounds until one of them is done) runs on
     * scalars; a generated {@code pairN} method runs the rounds of two users with both rows in
     * registers, and {@code singleN} the last user alone. Each entry's arithmetic is exactly
     * {@link #mfRating}'s, in the definition's order (stream A's entry, then stream B's), so the
     * result equals the sequential definition bit for bit; when both streams' entries name the same
     * item, B's loads follow A's stores in program order. Up to 4 vectors {@code pairN} writes
     * the step once per stream; at 8 and 16 once, with the two streams' registers swapped after
     * each step, which keeps the method small enough for C2 to intrinsify every vector operation.
     * The rows live only inside those methods on purpose: C2 compiles them (called a few hundred times per epoch) as whole methods, where
     * a loop over the whole epoch with the rows carried across users was compiled on-stack (it
     * runs once per epoch) and there kept the vectors boxed, allocating on every entry. Larger n
     * (more vectors than the register file holds for both streams' rows and the item row) take the
     * default schedule with the unrolled {@link #mfRating}.
     */
    @Override
    public double mfUsers(int[] order, int nOrder, int[] start, int[] items, float[] ratings,
                          float[] p, float[] q, float[] bu, float[] bi, int k,
                          float mu, float keep, float lr, float regBias) {
        if (ROWS_IN_REGISTERS && k % L == 0 && k / L <= streamVectors) {
            switch (k / L) {
                case 2:
                    return mfUsers2(order, nOrder, start, items, ratings, p, q, bu, bi, k, mu, keep, lr, regBias);
                case 4:
                    return mfUsers4(order, nOrder, start, items, ratings, p, q, bu, bi, k, mu, keep, lr, regBias);
                case 8:
                    return mfUsers8(order, nOrder, start, items, ratings, p, q, bu, bi, k, mu, keep, lr, regBias);
                case 16:
                    return mfUsers16(order, nOrder, start, items, ratings, p, q, bu, bi, k, mu, keep, lr, regBias);
                default:
                    break;
            }
        }
        return SgdKernels.super.mfUsers(order, nOrder, start, items, ratings, p, q, bu, bi, k, mu, keep, lr,
                regBias);
    }

    /**
     * At k = 4 and 8 vectors acc stays in registers across the entries (and v too at 4 vectors;
     * at 8 it is reloaded from L1, as 8 more registers would not fit AVX2's 16): per entry the
     * row's loads, the dot product in core's {@code dot} order (four chains, at 8 vectors each
     * chain {@code j} continued by {@code j + 4}, then {@code (s0 + s1) + (s2 + s3)} and the
     * fixed-order lane sum), and one fused multiply-add per vector in core's {@code axpy} form, so
     * the sums equal dot-then-axpy bit for bit without a store and reload of acc per entry.
     */
    @Override
    public void confidenceSum(float[] f, int[] idx, float[] w, int from, int to, float alpha, boolean residual,
                              float[] v, int vOff, float[] acc, int k) {
        if (coreIsVector && k == 4 * L) {
            confidenceSum4(f, idx, w, from, to, alpha, residual, v, vOff, acc);
        } else if (coreIsVector && k == 8 * L) {
            confidenceSum8(f, idx, w, from, to, alpha, residual, v, vOff, acc);
        } else {
            SgdKernels.super.confidenceSum(f, idx, w, from, to, alpha, residual, v, vOff, acc, k);
        }
    }

    /** The entry's coefficient: {@code c - (c - 1) d} for the residual, else {@code (c - 1) d}. */
    private static float coefficient(float we, float alpha, boolean residual, float d) {
        float c1 = alpha * Math.max(we, 0f);
        if (residual) {
            float c = 1f + c1;
            return c - (c - 1f) * d;
        }
        return c1 * d;
    }

    /** {@link #confidenceSum} at k = 4 vectors: v and acc in registers. */
    private static void confidenceSum4(float[] f, int[] idx, float[] w, int from, int to, float alpha,
                                       boolean residual, float[] v, int vOff, float[] acc) {
        FloatVector v0 = FloatVector.fromArray(S, v, vOff);
        FloatVector v1 = FloatVector.fromArray(S, v, vOff + L);
        FloatVector v2 = FloatVector.fromArray(S, v, vOff + 2 * L);
        FloatVector v3 = FloatVector.fromArray(S, v, vOff + 3 * L);
        FloatVector a0 = FloatVector.fromArray(S, acc, 0);
        FloatVector a1 = FloatVector.fromArray(S, acc, L);
        FloatVector a2 = FloatVector.fromArray(S, acc, 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, acc, 3 * L);
        FloatVector zero = FloatVector.zero(S);
        int e = from;
        for (; e + 1 < to; e += 2) {
            // two entries share the first level of their lane sums (LaneSum): lanes 0 and L/2
            int ra = idx[e] * 4 * L;
            int rb = idx[e + 1] * 4 * L;
            FloatVector ta = FloatVector.fromArray(S, f, ra).fma(v0, zero)
                    .add(FloatVector.fromArray(S, f, ra + L).fma(v1, zero))
                    .add(FloatVector.fromArray(S, f, ra + 2 * L).fma(v2, zero)
                            .add(FloatVector.fromArray(S, f, ra + 3 * L).fma(v3, zero)));
            FloatVector tb = FloatVector.fromArray(S, f, rb).fma(v0, zero)
                    .add(FloatVector.fromArray(S, f, rb + L).fma(v1, zero))
                    .add(FloatVector.fromArray(S, f, rb + 2 * L).fma(v2, zero)
                            .add(FloatVector.fromArray(S, f, rb + 3 * L).fma(v3, zero)));
            FloatVector t = ta.blend(tb, LaneSum.HALF).add(tb.blend(ta, LaneSum.HALF).rearrange(LaneSum.SWAP_HALF));
            if (L >= 16) {
                t = t.add(t.rearrange(ROT4));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(ROT2));
            }
            t = t.add(t.rearrange(ROT1));
            FloatVector ca = FloatVector.broadcast(S, coefficient(w[e], alpha, residual, t.lane(0)));
            FloatVector cb = FloatVector.broadcast(S, coefficient(w[e + 1], alpha, residual, t.lane(L / 2)));
            a0 = FloatVector.fromArray(S, f, rb).fma(cb, FloatVector.fromArray(S, f, ra).fma(ca, a0));
            a1 = FloatVector.fromArray(S, f, rb + L).fma(cb, FloatVector.fromArray(S, f, ra + L).fma(ca, a1));
            a2 = FloatVector.fromArray(S, f, rb + 2 * L).fma(cb, FloatVector.fromArray(S, f, ra + 2 * L).fma(ca, a2));
            a3 = FloatVector.fromArray(S, f, rb + 3 * L).fma(cb, FloatVector.fromArray(S, f, ra + 3 * L).fma(ca, a3));
        }
        if (e < to) {
            int row = idx[e] * 4 * L;
            FloatVector f0 = FloatVector.fromArray(S, f, row);
            FloatVector f1 = FloatVector.fromArray(S, f, row + L);
            FloatVector f2 = FloatVector.fromArray(S, f, row + 2 * L);
            FloatVector f3 = FloatVector.fromArray(S, f, row + 3 * L);
            FloatVector t = f0.fma(v0, zero).add(f1.fma(v1, zero)).add(f2.fma(v2, zero).add(f3.fma(v3, zero)));
            if (L >= 16) {
                t = t.add(t.rearrange(ROT8));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(ROT4));
            }
            FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
            tq = tq.add(tq.rearrange(LaneSum.SWAP2));
            float d = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
            FloatVector cv = FloatVector.broadcast(S, coefficient(w[e], alpha, residual, d));
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

    /** The unsummed dot of an 8-vector row with v: {@code s0 + s1 + (s2 + s3)} of the row's four fma pairs. */
    private static FloatVector partial8(float[] f, int row, float[] v, int vOff) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector s0 = FloatVector.fromArray(S, f, row).fma(FloatVector.fromArray(S, v, vOff), zero);
        FloatVector s1 = FloatVector.fromArray(S, f, row + L).fma(FloatVector.fromArray(S, v, vOff + L), zero);
        FloatVector s2 = FloatVector.fromArray(S, f, row + 2 * L).fma(FloatVector.fromArray(S, v, vOff + 2 * L), zero);
        FloatVector s3 = FloatVector.fromArray(S, f, row + 3 * L).fma(FloatVector.fromArray(S, v, vOff + 3 * L), zero);
        s0 = FloatVector.fromArray(S, f, row + 4 * L).fma(FloatVector.fromArray(S, v, vOff + 4 * L), s0);
        s1 = FloatVector.fromArray(S, f, row + 5 * L).fma(FloatVector.fromArray(S, v, vOff + 5 * L), s1);
        s2 = FloatVector.fromArray(S, f, row + 6 * L).fma(FloatVector.fromArray(S, v, vOff + 6 * L), s2);
        s3 = FloatVector.fromArray(S, f, row + 7 * L).fma(FloatVector.fromArray(S, v, vOff + 7 * L), s3);
        return s0.add(s1).add(s2.add(s3));
    }

    /** {@link #confidenceSum} at k = 8 vectors: acc in registers, v and the row reloaded from L1. */
    private static void confidenceSum8(float[] f, int[] idx, float[] w, int from, int to, float alpha,
                                       boolean residual, float[] v, int vOff, float[] acc) {
        FloatVector a0 = FloatVector.fromArray(S, acc, 0);
        FloatVector a1 = FloatVector.fromArray(S, acc, L);
        FloatVector a2 = FloatVector.fromArray(S, acc, 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, acc, 3 * L);
        FloatVector a4 = FloatVector.fromArray(S, acc, 4 * L);
        FloatVector a5 = FloatVector.fromArray(S, acc, 5 * L);
        FloatVector a6 = FloatVector.fromArray(S, acc, 6 * L);
        FloatVector a7 = FloatVector.fromArray(S, acc, 7 * L);
        int e = from;
        for (; e + 1 < to; e += 2) {
            // two entries share the first level of their lane sums (LaneSum): lanes 0 and L/2
            int ra = idx[e] * 8 * L;
            int rb = idx[e + 1] * 8 * L;
            FloatVector ta = partial8(f, ra, v, vOff);
            FloatVector tb = partial8(f, rb, v, vOff);
            FloatVector t = ta.blend(tb, LaneSum.HALF).add(tb.blend(ta, LaneSum.HALF).rearrange(LaneSum.SWAP_HALF));
            if (L >= 16) {
                t = t.add(t.rearrange(ROT4));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(ROT2));
            }
            t = t.add(t.rearrange(ROT1));
            FloatVector ca = FloatVector.broadcast(S, coefficient(w[e], alpha, residual, t.lane(0)));
            FloatVector cb = FloatVector.broadcast(S, coefficient(w[e + 1], alpha, residual, t.lane(L / 2)));
            a0 = FloatVector.fromArray(S, f, rb).fma(cb, FloatVector.fromArray(S, f, ra).fma(ca, a0));
            a1 = FloatVector.fromArray(S, f, rb + L).fma(cb, FloatVector.fromArray(S, f, ra + L).fma(ca, a1));
            a2 = FloatVector.fromArray(S, f, rb + 2 * L).fma(cb, FloatVector.fromArray(S, f, ra + 2 * L).fma(ca, a2));
            a3 = FloatVector.fromArray(S, f, rb + 3 * L).fma(cb, FloatVector.fromArray(S, f, ra + 3 * L).fma(ca, a3));
            a4 = FloatVector.fromArray(S, f, rb + 4 * L).fma(cb, FloatVector.fromArray(S, f, ra + 4 * L).fma(ca, a4));
            a5 = FloatVector.fromArray(S, f, rb + 5 * L).fma(cb, FloatVector.fromArray(S, f, ra + 5 * L).fma(ca, a5));
            a6 = FloatVector.fromArray(S, f, rb + 6 * L).fma(cb, FloatVector.fromArray(S, f, ra + 6 * L).fma(ca, a6));
            a7 = FloatVector.fromArray(S, f, rb + 7 * L).fma(cb, FloatVector.fromArray(S, f, ra + 7 * L).fma(ca, a7));
        }
        if (e < to) {
            int row = idx[e] * 8 * L;
            FloatVector t = partial8(f, row, v, vOff);
            if (L >= 16) {
                t = t.add(t.rearrange(ROT8));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(ROT4));
            }
            FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
            tq = tq.add(tq.rearrange(LaneSum.SWAP2));
            float d = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
            FloatVector cv = FloatVector.broadcast(S, coefficient(w[e], alpha, residual, d));
            a0 = FloatVector.fromArray(S, f, row).fma(cv, a0);
            a1 = FloatVector.fromArray(S, f, row + L).fma(cv, a1);
            a2 = FloatVector.fromArray(S, f, row + 2 * L).fma(cv, a2);
            a3 = FloatVector.fromArray(S, f, row + 3 * L).fma(cv, a3);
            a4 = FloatVector.fromArray(S, f, row + 4 * L).fma(cv, a4);
            a5 = FloatVector.fromArray(S, f, row + 5 * L).fma(cv, a5);
            a6 = FloatVector.fromArray(S, f, row + 6 * L).fma(cv, a6);
            a7 = FloatVector.fromArray(S, f, row + 7 * L).fma(cv, a7);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
        a4.intoArray(acc, 4 * L);
        a5.intoArray(acc, 5 * L);
        a6.intoArray(acc, 6 * L);
        a7.intoArray(acc, 7 * L);
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
        if (f < k) {
            // the tail element by element, as the scalar kernel defines it
            ScalarSgdKernels.INSTANCE.sgdStep(p, po + f, q, qo + f, z, zo + f, k - f, keepP, keepQ, le);
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
        if (f < k) {
            ScalarSgdKernels.INSTANCE.bprStep(p, po + f, q, io + f, jo + f, k - f, keepP, keepQ, g);
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
        if (f < k) {
            // m and v are indexed like w (from wo), so the shifted call addresses the same entries
            ScalarSgdKernels.INSTANCE.adamStep(w, wo + f, m, v, x, xo + f, k - f, err, reg, b1, b2, step, eps);
        }
    }

    // ---- register kernels, generated for k = 2, 4, 8 and 16 vectors by benchmarks/native/gen_sgd_register_kernels.py ----

    /** {@link #mfRating} at k = 2 vectors, both rows in registers (unrolled). */
    private static float mfRating2(float[] p, int po, float[] q, int qo, float r, float base, float keep, float lr) {
        FloatVector p0 = FloatVector.fromArray(S, p, po);
        FloatVector p1 = FloatVector.fromArray(S, p, po + L);
        FloatVector q0 = FloatVector.fromArray(S, q, qo);
        FloatVector q1 = FloatVector.fromArray(S, q, qo + L);
        FloatVector zero = FloatVector.zero(S);
        FloatVector acc = p0.fma(q0, zero);
        FloatVector acc2 = p1.fma(q1, zero);
        FloatVector t = acc.add(acc2);
        if (L >= 16) {
            t = t.add(t.rearrange(ROT8));
        }
        if (L >= 8) {
            t = t.add(t.rearrange(ROT4));
        }
        FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
        tq = tq.add(tq.rearrange(LaneSum.SWAP2));
        float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
        float err = r - (base + dot);
        FloatVector lev = FloatVector.broadcast(S, lr * err);
        q0.fma(lev, p0.mul(keep)).intoArray(p, po);
        p0.fma(lev, q0.mul(keep)).intoArray(q, qo);
        q1.fma(lev, p1.mul(keep)).intoArray(p, po + L);
        p1.fma(lev, q1.mul(keep)).intoArray(q, qo + L);
        return err;
    }

    /** {@link #mfRating} at k = 4 vectors, both rows in registers (unrolled). */
    private static float mfRating4(float[] p, int po, float[] q, int qo, float r, float base, float keep, float lr) {
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
        FloatVector t = acc.add(acc2);
        if (L >= 16) {
            t = t.add(t.rearrange(ROT8));
        }
        if (L >= 8) {
            t = t.add(t.rearrange(ROT4));
        }
        FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
        tq = tq.add(tq.rearrange(LaneSum.SWAP2));
        float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
        float err = r - (base + dot);
        FloatVector lev = FloatVector.broadcast(S, lr * err);
        q0.fma(lev, p0.mul(keep)).intoArray(p, po);
        p0.fma(lev, q0.mul(keep)).intoArray(q, qo);
        q1.fma(lev, p1.mul(keep)).intoArray(p, po + L);
        p1.fma(lev, q1.mul(keep)).intoArray(q, qo + L);
        q2.fma(lev, p2.mul(keep)).intoArray(p, po + 2 * L);
        p2.fma(lev, q2.mul(keep)).intoArray(q, qo + 2 * L);
        q3.fma(lev, p3.mul(keep)).intoArray(p, po + 3 * L);
        p3.fma(lev, q3.mul(keep)).intoArray(q, qo + 3 * L);
        return err;
    }

    /** {@link #mfRating} at k = 8 vectors, both rows in registers (unrolled). */
    private static float mfRating8(float[] p, int po, float[] q, int qo, float r, float base, float keep, float lr) {
        FloatVector p0 = FloatVector.fromArray(S, p, po);
        FloatVector p1 = FloatVector.fromArray(S, p, po + L);
        FloatVector p2 = FloatVector.fromArray(S, p, po + 2 * L);
        FloatVector p3 = FloatVector.fromArray(S, p, po + 3 * L);
        FloatVector p4 = FloatVector.fromArray(S, p, po + 4 * L);
        FloatVector p5 = FloatVector.fromArray(S, p, po + 5 * L);
        FloatVector p6 = FloatVector.fromArray(S, p, po + 6 * L);
        FloatVector p7 = FloatVector.fromArray(S, p, po + 7 * L);
        FloatVector q0 = FloatVector.fromArray(S, q, qo);
        FloatVector q1 = FloatVector.fromArray(S, q, qo + L);
        FloatVector q2 = FloatVector.fromArray(S, q, qo + 2 * L);
        FloatVector q3 = FloatVector.fromArray(S, q, qo + 3 * L);
        FloatVector q4 = FloatVector.fromArray(S, q, qo + 4 * L);
        FloatVector q5 = FloatVector.fromArray(S, q, qo + 5 * L);
        FloatVector q6 = FloatVector.fromArray(S, q, qo + 6 * L);
        FloatVector q7 = FloatVector.fromArray(S, q, qo + 7 * L);
        FloatVector zero = FloatVector.zero(S);
        FloatVector acc = p0.fma(q0, zero);
        FloatVector acc2 = p1.fma(q1, zero);
        acc = p2.fma(q2, acc);
        acc2 = p3.fma(q3, acc2);
        acc = p4.fma(q4, acc);
        acc2 = p5.fma(q5, acc2);
        acc = p6.fma(q6, acc);
        acc2 = p7.fma(q7, acc2);
        FloatVector t = acc.add(acc2);
        if (L >= 16) {
            t = t.add(t.rearrange(ROT8));
        }
        if (L >= 8) {
            t = t.add(t.rearrange(ROT4));
        }
        FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
        tq = tq.add(tq.rearrange(LaneSum.SWAP2));
        float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
        float err = r - (base + dot);
        FloatVector lev = FloatVector.broadcast(S, lr * err);
        q0.fma(lev, p0.mul(keep)).intoArray(p, po);
        p0.fma(lev, q0.mul(keep)).intoArray(q, qo);
        q1.fma(lev, p1.mul(keep)).intoArray(p, po + L);
        p1.fma(lev, q1.mul(keep)).intoArray(q, qo + L);
        q2.fma(lev, p2.mul(keep)).intoArray(p, po + 2 * L);
        p2.fma(lev, q2.mul(keep)).intoArray(q, qo + 2 * L);
        q3.fma(lev, p3.mul(keep)).intoArray(p, po + 3 * L);
        p3.fma(lev, q3.mul(keep)).intoArray(q, qo + 3 * L);
        q4.fma(lev, p4.mul(keep)).intoArray(p, po + 4 * L);
        p4.fma(lev, q4.mul(keep)).intoArray(q, qo + 4 * L);
        q5.fma(lev, p5.mul(keep)).intoArray(p, po + 5 * L);
        p5.fma(lev, q5.mul(keep)).intoArray(q, qo + 5 * L);
        q6.fma(lev, p6.mul(keep)).intoArray(p, po + 6 * L);
        p6.fma(lev, q6.mul(keep)).intoArray(q, qo + 6 * L);
        q7.fma(lev, p7.mul(keep)).intoArray(p, po + 7 * L);
        p7.fma(lev, q7.mul(keep)).intoArray(q, qo + 7 * L);
        return err;
    }

    /** {@link #mfRating} at k = 16 vectors, both rows in registers (unrolled). */
    private static float mfRating16(float[] p, int po, float[] q, int qo, float r, float base, float keep, float lr) {
        FloatVector p0 = FloatVector.fromArray(S, p, po);
        FloatVector p1 = FloatVector.fromArray(S, p, po + L);
        FloatVector p2 = FloatVector.fromArray(S, p, po + 2 * L);
        FloatVector p3 = FloatVector.fromArray(S, p, po + 3 * L);
        FloatVector p4 = FloatVector.fromArray(S, p, po + 4 * L);
        FloatVector p5 = FloatVector.fromArray(S, p, po + 5 * L);
        FloatVector p6 = FloatVector.fromArray(S, p, po + 6 * L);
        FloatVector p7 = FloatVector.fromArray(S, p, po + 7 * L);
        FloatVector p8 = FloatVector.fromArray(S, p, po + 8 * L);
        FloatVector p9 = FloatVector.fromArray(S, p, po + 9 * L);
        FloatVector p10 = FloatVector.fromArray(S, p, po + 10 * L);
        FloatVector p11 = FloatVector.fromArray(S, p, po + 11 * L);
        FloatVector p12 = FloatVector.fromArray(S, p, po + 12 * L);
        FloatVector p13 = FloatVector.fromArray(S, p, po + 13 * L);
        FloatVector p14 = FloatVector.fromArray(S, p, po + 14 * L);
        FloatVector p15 = FloatVector.fromArray(S, p, po + 15 * L);
        FloatVector q0 = FloatVector.fromArray(S, q, qo);
        FloatVector q1 = FloatVector.fromArray(S, q, qo + L);
        FloatVector q2 = FloatVector.fromArray(S, q, qo + 2 * L);
        FloatVector q3 = FloatVector.fromArray(S, q, qo + 3 * L);
        FloatVector q4 = FloatVector.fromArray(S, q, qo + 4 * L);
        FloatVector q5 = FloatVector.fromArray(S, q, qo + 5 * L);
        FloatVector q6 = FloatVector.fromArray(S, q, qo + 6 * L);
        FloatVector q7 = FloatVector.fromArray(S, q, qo + 7 * L);
        FloatVector q8 = FloatVector.fromArray(S, q, qo + 8 * L);
        FloatVector q9 = FloatVector.fromArray(S, q, qo + 9 * L);
        FloatVector q10 = FloatVector.fromArray(S, q, qo + 10 * L);
        FloatVector q11 = FloatVector.fromArray(S, q, qo + 11 * L);
        FloatVector q12 = FloatVector.fromArray(S, q, qo + 12 * L);
        FloatVector q13 = FloatVector.fromArray(S, q, qo + 13 * L);
        FloatVector q14 = FloatVector.fromArray(S, q, qo + 14 * L);
        FloatVector q15 = FloatVector.fromArray(S, q, qo + 15 * L);
        FloatVector zero = FloatVector.zero(S);
        FloatVector acc = p0.fma(q0, zero);
        FloatVector acc2 = p1.fma(q1, zero);
        acc = p2.fma(q2, acc);
        acc2 = p3.fma(q3, acc2);
        acc = p4.fma(q4, acc);
        acc2 = p5.fma(q5, acc2);
        acc = p6.fma(q6, acc);
        acc2 = p7.fma(q7, acc2);
        acc = p8.fma(q8, acc);
        acc2 = p9.fma(q9, acc2);
        acc = p10.fma(q10, acc);
        acc2 = p11.fma(q11, acc2);
        acc = p12.fma(q12, acc);
        acc2 = p13.fma(q13, acc2);
        acc = p14.fma(q14, acc);
        acc2 = p15.fma(q15, acc2);
        FloatVector t = acc.add(acc2);
        if (L >= 16) {
            t = t.add(t.rearrange(ROT8));
        }
        if (L >= 8) {
            t = t.add(t.rearrange(ROT4));
        }
        FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
        tq = tq.add(tq.rearrange(LaneSum.SWAP2));
        float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
        float err = r - (base + dot);
        FloatVector lev = FloatVector.broadcast(S, lr * err);
        q0.fma(lev, p0.mul(keep)).intoArray(p, po);
        p0.fma(lev, q0.mul(keep)).intoArray(q, qo);
        q1.fma(lev, p1.mul(keep)).intoArray(p, po + L);
        p1.fma(lev, q1.mul(keep)).intoArray(q, qo + L);
        q2.fma(lev, p2.mul(keep)).intoArray(p, po + 2 * L);
        p2.fma(lev, q2.mul(keep)).intoArray(q, qo + 2 * L);
        q3.fma(lev, p3.mul(keep)).intoArray(p, po + 3 * L);
        p3.fma(lev, q3.mul(keep)).intoArray(q, qo + 3 * L);
        q4.fma(lev, p4.mul(keep)).intoArray(p, po + 4 * L);
        p4.fma(lev, q4.mul(keep)).intoArray(q, qo + 4 * L);
        q5.fma(lev, p5.mul(keep)).intoArray(p, po + 5 * L);
        p5.fma(lev, q5.mul(keep)).intoArray(q, qo + 5 * L);
        q6.fma(lev, p6.mul(keep)).intoArray(p, po + 6 * L);
        p6.fma(lev, q6.mul(keep)).intoArray(q, qo + 6 * L);
        q7.fma(lev, p7.mul(keep)).intoArray(p, po + 7 * L);
        p7.fma(lev, q7.mul(keep)).intoArray(q, qo + 7 * L);
        q8.fma(lev, p8.mul(keep)).intoArray(p, po + 8 * L);
        p8.fma(lev, q8.mul(keep)).intoArray(q, qo + 8 * L);
        q9.fma(lev, p9.mul(keep)).intoArray(p, po + 9 * L);
        p9.fma(lev, q9.mul(keep)).intoArray(q, qo + 9 * L);
        q10.fma(lev, p10.mul(keep)).intoArray(p, po + 10 * L);
        p10.fma(lev, q10.mul(keep)).intoArray(q, qo + 10 * L);
        q11.fma(lev, p11.mul(keep)).intoArray(p, po + 11 * L);
        p11.fma(lev, q11.mul(keep)).intoArray(q, qo + 11 * L);
        q12.fma(lev, p12.mul(keep)).intoArray(p, po + 12 * L);
        p12.fma(lev, q12.mul(keep)).intoArray(q, qo + 12 * L);
        q13.fma(lev, p13.mul(keep)).intoArray(p, po + 13 * L);
        p13.fma(lev, q13.mul(keep)).intoArray(q, qo + 13 * L);
        q14.fma(lev, p14.mul(keep)).intoArray(p, po + 14 * L);
        p14.fma(lev, q14.mul(keep)).intoArray(q, qo + 14 * L);
        q15.fma(lev, p15.mul(keep)).intoArray(p, po + 15 * L);
        p15.fma(lev, q15.mul(keep)).intoArray(q, qo + 15 * L);
        return err;
    }

    /** {@link #mfUsers} at k = 2 vectors: the schedule, with {@link #pair2} and {@link #single2} doing the entries. */
    private static double mfUsers2(int[] order, int nOrder, int[] start, int[] items, float[] ratings,
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
            if (na < ea && nb < eb) {
                int rounds = Math.min(ea - na, eb - nb);
                sq = pair2(items, ratings, p, q, bu, bi, k, ua, na, ub, nb, rounds, mu, keep, lr, regBias, sq);
                na += rounds;
                nb += rounds;
            } else if (na < ea) {
                sq = single2(items, ratings, p, q, bu, bi, k, ua, na, ea, mu, keep, lr, regBias, sq);
                na = ea;
            } else if (nb < eb) {
                sq = single2(items, ratings, p, q, bu, bi, k, ub, nb, eb, mu, keep, lr, regBias, sq);
                nb = eb;
            } else {
                return sq;
            }
        }
    }

    /**
     * {@code rounds} rounds of two users at k = 2 vectors, user ua's entries from na and ub's from nb
     * (A's entry, then B's), the rows and biases in registers; returns sq plus the squared errors.
     */
    private static double pair2(int[] items, float[] ratings, float[] p, float[] q, float[] bu, float[] bi, int k,
                                 int ua, int na, int ub, int nb, int rounds, float mu, float keep, float lr,
                                 float regBias, double sq) {
        int pa = ua * k;
        int pb = ub * k;
        float bua = bu[ua];
        float bub = bu[ub];
        FloatVector a0 = FloatVector.fromArray(S, p, pa);
        FloatVector a1 = FloatVector.fromArray(S, p, pa + L);
        FloatVector b0 = FloatVector.fromArray(S, p, pb);
        FloatVector b1 = FloatVector.fromArray(S, p, pb + L);
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rounds; r++) {
            {
                int i = items[na + r];
                int qo = i * k;
                float bii = bi[i];
                FloatVector c0 = FloatVector.fromArray(S, q, qo);
                FloatVector c1 = FloatVector.fromArray(S, q, qo + L);
                FloatVector acc = a0.fma(c0, zero);
                FloatVector acc2 = a1.fma(c1, zero);
                FloatVector t = acc.add(acc2);
                if (L >= 16) {
                    t = t.add(t.rearrange(ROT8));
                }
                if (L >= 8) {
                    t = t.add(t.rearrange(ROT4));
                }
                FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
                tq = tq.add(tq.rearrange(LaneSum.SWAP2));
                float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
                float err = ratings[na + r] - ((mu + bua + bii) + dot);
                FloatVector le = FloatVector.broadcast(S, lr * err);
                a0.fma(le, c0.mul(keep)).intoArray(q, qo);
                a1.fma(le, c1.mul(keep)).intoArray(q, qo + L);
                a0 = c0.fma(le, a0.mul(keep));
                a1 = c1.fma(le, a1.mul(keep));
                sq += err * err;
                bua = bua + lr * (err - regBias * bua);
                bi[i] = bii + lr * (err - regBias * bii);
            }
            {
                int i = items[nb + r];
                int qo = i * k;
                float bii = bi[i];
                FloatVector c0 = FloatVector.fromArray(S, q, qo);
                FloatVector c1 = FloatVector.fromArray(S, q, qo + L);
                FloatVector acc = b0.fma(c0, zero);
                FloatVector acc2 = b1.fma(c1, zero);
                FloatVector t = acc.add(acc2);
                if (L >= 16) {
                    t = t.add(t.rearrange(ROT8));
                }
                if (L >= 8) {
                    t = t.add(t.rearrange(ROT4));
                }
                FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
                tq = tq.add(tq.rearrange(LaneSum.SWAP2));
                float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
                float err = ratings[nb + r] - ((mu + bub + bii) + dot);
                FloatVector le = FloatVector.broadcast(S, lr * err);
                b0.fma(le, c0.mul(keep)).intoArray(q, qo);
                b1.fma(le, c1.mul(keep)).intoArray(q, qo + L);
                b0 = c0.fma(le, b0.mul(keep));
                b1 = c1.fma(le, b1.mul(keep));
                sq += err * err;
                bub = bub + lr * (err - regBias * bub);
                bi[i] = bii + lr * (err - regBias * bii);
            }
        }
        a0.intoArray(p, pa);
        a1.intoArray(p, pa + L);
        bu[ua] = bua;
        b0.intoArray(p, pb);
        b1.intoArray(p, pb + L);
        bu[ub] = bub;
        return sq;
    }

    /** User u's entries [from, to) alone at k = 2 vectors, the row and bias in registers; returns sq plus the squared errors. */
    private static double single2(int[] items, float[] ratings, float[] p, float[] q, float[] bu, float[] bi, int k,
                                   int u, int from, int to, float mu, float keep, float lr, float regBias,
                                   double sq) {
        int pu = u * k;
        float bub = bu[u];
        FloatVector b0 = FloatVector.fromArray(S, p, pu);
        FloatVector b1 = FloatVector.fromArray(S, p, pu + L);
        FloatVector zero = FloatVector.zero(S);
        for (int e = from; e < to; e++) {
            int i = items[e];
            int qo = i * k;
            float bii = bi[i];
            FloatVector c0 = FloatVector.fromArray(S, q, qo);
            FloatVector c1 = FloatVector.fromArray(S, q, qo + L);
            FloatVector acc = b0.fma(c0, zero);
            FloatVector acc2 = b1.fma(c1, zero);
            FloatVector t = acc.add(acc2);
            if (L >= 16) {
                t = t.add(t.rearrange(ROT8));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(ROT4));
            }
            FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
            tq = tq.add(tq.rearrange(LaneSum.SWAP2));
            float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
            float err = ratings[e] - ((mu + bub + bii) + dot);
            FloatVector le = FloatVector.broadcast(S, lr * err);
            b0.fma(le, c0.mul(keep)).intoArray(q, qo);
            b1.fma(le, c1.mul(keep)).intoArray(q, qo + L);
            b0 = c0.fma(le, b0.mul(keep));
            b1 = c1.fma(le, b1.mul(keep));
            sq += err * err;
            bub = bub + lr * (err - regBias * bub);
            bi[i] = bii + lr * (err - regBias * bii);
        }
        b0.intoArray(p, pu);
        b1.intoArray(p, pu + L);
        bu[u] = bub;
        return sq;
    }

    /** {@link #mfUsers} at k = 4 vectors: the schedule, with {@link #pair4} and {@link #single4} doing the entries. */
    private static double mfUsers4(int[] order, int nOrder, int[] start, int[] items, float[] ratings,
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
            if (na < ea && nb < eb) {
                int rounds = Math.min(ea - na, eb - nb);
                sq = pair4(items, ratings, p, q, bu, bi, k, ua, na, ub, nb, rounds, mu, keep, lr, regBias, sq);
                na += rounds;
                nb += rounds;
            } else if (na < ea) {
                sq = single4(items, ratings, p, q, bu, bi, k, ua, na, ea, mu, keep, lr, regBias, sq);
                na = ea;
            } else if (nb < eb) {
                sq = single4(items, ratings, p, q, bu, bi, k, ub, nb, eb, mu, keep, lr, regBias, sq);
                nb = eb;
            } else {
                return sq;
            }
        }
    }

    /**
     * {@code rounds} rounds of two users at k = 4 vectors, user ua's entries from na and ub's from nb
     * (A's entry, then B's), the rows and biases in registers; returns sq plus the squared errors.
     */
    private static double pair4(int[] items, float[] ratings, float[] p, float[] q, float[] bu, float[] bi, int k,
                                 int ua, int na, int ub, int nb, int rounds, float mu, float keep, float lr,
                                 float regBias, double sq) {
        int pa = ua * k;
        int pb = ub * k;
        float bua = bu[ua];
        float bub = bu[ub];
        FloatVector a0 = FloatVector.fromArray(S, p, pa);
        FloatVector a1 = FloatVector.fromArray(S, p, pa + L);
        FloatVector a2 = FloatVector.fromArray(S, p, pa + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, p, pa + 3 * L);
        FloatVector b0 = FloatVector.fromArray(S, p, pb);
        FloatVector b1 = FloatVector.fromArray(S, p, pb + L);
        FloatVector b2 = FloatVector.fromArray(S, p, pb + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, p, pb + 3 * L);
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rounds; r++) {
            {
                int i = items[na + r];
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
                FloatVector t = acc.add(acc2);
                if (L >= 16) {
                    t = t.add(t.rearrange(ROT8));
                }
                if (L >= 8) {
                    t = t.add(t.rearrange(ROT4));
                }
                FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
                tq = tq.add(tq.rearrange(LaneSum.SWAP2));
                float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
                float err = ratings[na + r] - ((mu + bua + bii) + dot);
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
            }
            {
                int i = items[nb + r];
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
                FloatVector t = acc.add(acc2);
                if (L >= 16) {
                    t = t.add(t.rearrange(ROT8));
                }
                if (L >= 8) {
                    t = t.add(t.rearrange(ROT4));
                }
                FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
                tq = tq.add(tq.rearrange(LaneSum.SWAP2));
                float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
                float err = ratings[nb + r] - ((mu + bub + bii) + dot);
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
        }
        a0.intoArray(p, pa);
        a1.intoArray(p, pa + L);
        a2.intoArray(p, pa + 2 * L);
        a3.intoArray(p, pa + 3 * L);
        bu[ua] = bua;
        b0.intoArray(p, pb);
        b1.intoArray(p, pb + L);
        b2.intoArray(p, pb + 2 * L);
        b3.intoArray(p, pb + 3 * L);
        bu[ub] = bub;
        return sq;
    }

    /** User u's entries [from, to) alone at k = 4 vectors, the row and bias in registers; returns sq plus the squared errors. */
    private static double single4(int[] items, float[] ratings, float[] p, float[] q, float[] bu, float[] bi, int k,
                                   int u, int from, int to, float mu, float keep, float lr, float regBias,
                                   double sq) {
        int pu = u * k;
        float bub = bu[u];
        FloatVector b0 = FloatVector.fromArray(S, p, pu);
        FloatVector b1 = FloatVector.fromArray(S, p, pu + L);
        FloatVector b2 = FloatVector.fromArray(S, p, pu + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, p, pu + 3 * L);
        FloatVector zero = FloatVector.zero(S);
        for (int e = from; e < to; e++) {
            int i = items[e];
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
            FloatVector t = acc.add(acc2);
            if (L >= 16) {
                t = t.add(t.rearrange(ROT8));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(ROT4));
            }
            FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
            tq = tq.add(tq.rearrange(LaneSum.SWAP2));
            float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
            float err = ratings[e] - ((mu + bub + bii) + dot);
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
        b0.intoArray(p, pu);
        b1.intoArray(p, pu + L);
        b2.intoArray(p, pu + 2 * L);
        b3.intoArray(p, pu + 3 * L);
        bu[u] = bub;
        return sq;
    }

    /** {@link #mfUsers} at k = 8 vectors: the schedule, with {@link #pair8} and {@link #single8} doing the entries. */
    private static double mfUsers8(int[] order, int nOrder, int[] start, int[] items, float[] ratings,
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
            if (na < ea && nb < eb) {
                int rounds = Math.min(ea - na, eb - nb);
                sq = pair8(items, ratings, p, q, bu, bi, k, ua, na, ub, nb, rounds, mu, keep, lr, regBias, sq);
                na += rounds;
                nb += rounds;
            } else if (na < ea) {
                sq = single8(items, ratings, p, q, bu, bi, k, ua, na, ea, mu, keep, lr, regBias, sq);
                na = ea;
            } else if (nb < eb) {
                sq = single8(items, ratings, p, q, bu, bi, k, ub, nb, eb, mu, keep, lr, regBias, sq);
                nb = eb;
            } else {
                return sq;
            }
        }
    }

    /**
     * {@code rounds} rounds of two users at k = 8 vectors, user ua's entries from na and ub's from nb
     * (A's entry, then B's), the rows and biases in registers; returns sq plus the squared errors.
     */
    private static double pair8(int[] items, float[] ratings, float[] p, float[] q, float[] bu, float[] bi, int k,
                                 int ua, int na, int ub, int nb, int rounds, float mu, float keep, float lr,
                                 float regBias, double sq) {
        int pa = ua * k;
        int pb = ub * k;
        float bua = bu[ua];
        float bub = bu[ub];
        FloatVector a0 = FloatVector.fromArray(S, p, pa);
        FloatVector a1 = FloatVector.fromArray(S, p, pa + L);
        FloatVector a2 = FloatVector.fromArray(S, p, pa + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, p, pa + 3 * L);
        FloatVector a4 = FloatVector.fromArray(S, p, pa + 4 * L);
        FloatVector a5 = FloatVector.fromArray(S, p, pa + 5 * L);
        FloatVector a6 = FloatVector.fromArray(S, p, pa + 6 * L);
        FloatVector a7 = FloatVector.fromArray(S, p, pa + 7 * L);
        FloatVector b0 = FloatVector.fromArray(S, p, pb);
        FloatVector b1 = FloatVector.fromArray(S, p, pb + L);
        FloatVector b2 = FloatVector.fromArray(S, p, pb + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, p, pb + 3 * L);
        FloatVector b4 = FloatVector.fromArray(S, p, pb + 4 * L);
        FloatVector b5 = FloatVector.fromArray(S, p, pb + 5 * L);
        FloatVector b6 = FloatVector.fromArray(S, p, pb + 6 * L);
        FloatVector b7 = FloatVector.fromArray(S, p, pb + 7 * L);
        FloatVector zero = FloatVector.zero(S);
        // one step per iteration for the stream whose turn it is (registers a), then the streams swap
        int xa = na;
        int xb = nb;
        for (int r = 0; r < 2 * rounds; r++) {
            int i = items[xa];
            int qo = i * k;
            float bii = bi[i];
            FloatVector c0 = FloatVector.fromArray(S, q, qo);
            FloatVector c1 = FloatVector.fromArray(S, q, qo + L);
            FloatVector c2 = FloatVector.fromArray(S, q, qo + 2 * L);
            FloatVector c3 = FloatVector.fromArray(S, q, qo + 3 * L);
            FloatVector c4 = FloatVector.fromArray(S, q, qo + 4 * L);
            FloatVector c5 = FloatVector.fromArray(S, q, qo + 5 * L);
            FloatVector c6 = FloatVector.fromArray(S, q, qo + 6 * L);
            FloatVector c7 = FloatVector.fromArray(S, q, qo + 7 * L);
            FloatVector acc = a0.fma(c0, zero);
            FloatVector acc2 = a1.fma(c1, zero);
            acc = a2.fma(c2, acc);
            acc2 = a3.fma(c3, acc2);
            acc = a4.fma(c4, acc);
            acc2 = a5.fma(c5, acc2);
            acc = a6.fma(c6, acc);
            acc2 = a7.fma(c7, acc2);
            FloatVector t = acc.add(acc2);
            if (L >= 16) {
                t = t.add(t.rearrange(ROT8));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(ROT4));
            }
            FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
            tq = tq.add(tq.rearrange(LaneSum.SWAP2));
            float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
            float err = ratings[xa] - ((mu + bua + bii) + dot);
            FloatVector le = FloatVector.broadcast(S, lr * err);
            a0.fma(le, c0.mul(keep)).intoArray(q, qo);
            a1.fma(le, c1.mul(keep)).intoArray(q, qo + L);
            a2.fma(le, c2.mul(keep)).intoArray(q, qo + 2 * L);
            a3.fma(le, c3.mul(keep)).intoArray(q, qo + 3 * L);
            a4.fma(le, c4.mul(keep)).intoArray(q, qo + 4 * L);
            a5.fma(le, c5.mul(keep)).intoArray(q, qo + 5 * L);
            a6.fma(le, c6.mul(keep)).intoArray(q, qo + 6 * L);
            a7.fma(le, c7.mul(keep)).intoArray(q, qo + 7 * L);
            a0 = c0.fma(le, a0.mul(keep));
            a1 = c1.fma(le, a1.mul(keep));
            a2 = c2.fma(le, a2.mul(keep));
            a3 = c3.fma(le, a3.mul(keep));
            a4 = c4.fma(le, a4.mul(keep));
            a5 = c5.fma(le, a5.mul(keep));
            a6 = c6.fma(le, a6.mul(keep));
            a7 = c7.fma(le, a7.mul(keep));
            sq += err * err;
            bua = bua + lr * (err - regBias * bua);
            bi[i] = bii + lr * (err - regBias * bii);
            xa++;
            int xt = xa;
            xa = xb;
            xb = xt;
            float bt = bua;
            bua = bub;
            bub = bt;
            FloatVector t0 = a0;
            a0 = b0;
            b0 = t0;
            FloatVector t1 = a1;
            a1 = b1;
            b1 = t1;
            FloatVector t2 = a2;
            a2 = b2;
            b2 = t2;
            FloatVector t3 = a3;
            a3 = b3;
            b3 = t3;
            FloatVector t4 = a4;
            a4 = b4;
            b4 = t4;
            FloatVector t5 = a5;
            a5 = b5;
            b5 = t5;
            FloatVector t6 = a6;
            a6 = b6;
            b6 = t6;
            FloatVector t7 = a7;
            a7 = b7;
            b7 = t7;
        }
        a0.intoArray(p, pa);
        a1.intoArray(p, pa + L);
        a2.intoArray(p, pa + 2 * L);
        a3.intoArray(p, pa + 3 * L);
        a4.intoArray(p, pa + 4 * L);
        a5.intoArray(p, pa + 5 * L);
        a6.intoArray(p, pa + 6 * L);
        a7.intoArray(p, pa + 7 * L);
        bu[ua] = bua;
        b0.intoArray(p, pb);
        b1.intoArray(p, pb + L);
        b2.intoArray(p, pb + 2 * L);
        b3.intoArray(p, pb + 3 * L);
        b4.intoArray(p, pb + 4 * L);
        b5.intoArray(p, pb + 5 * L);
        b6.intoArray(p, pb + 6 * L);
        b7.intoArray(p, pb + 7 * L);
        bu[ub] = bub;
        return sq;
    }

    /** User u's entries [from, to) alone at k = 8 vectors, the row and bias in registers; returns sq plus the squared errors. */
    private static double single8(int[] items, float[] ratings, float[] p, float[] q, float[] bu, float[] bi, int k,
                                   int u, int from, int to, float mu, float keep, float lr, float regBias,
                                   double sq) {
        int pu = u * k;
        float bub = bu[u];
        FloatVector b0 = FloatVector.fromArray(S, p, pu);
        FloatVector b1 = FloatVector.fromArray(S, p, pu + L);
        FloatVector b2 = FloatVector.fromArray(S, p, pu + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, p, pu + 3 * L);
        FloatVector b4 = FloatVector.fromArray(S, p, pu + 4 * L);
        FloatVector b5 = FloatVector.fromArray(S, p, pu + 5 * L);
        FloatVector b6 = FloatVector.fromArray(S, p, pu + 6 * L);
        FloatVector b7 = FloatVector.fromArray(S, p, pu + 7 * L);
        FloatVector zero = FloatVector.zero(S);
        for (int e = from; e < to; e++) {
            int i = items[e];
            int qo = i * k;
            float bii = bi[i];
            FloatVector c0 = FloatVector.fromArray(S, q, qo);
            FloatVector c1 = FloatVector.fromArray(S, q, qo + L);
            FloatVector c2 = FloatVector.fromArray(S, q, qo + 2 * L);
            FloatVector c3 = FloatVector.fromArray(S, q, qo + 3 * L);
            FloatVector c4 = FloatVector.fromArray(S, q, qo + 4 * L);
            FloatVector c5 = FloatVector.fromArray(S, q, qo + 5 * L);
            FloatVector c6 = FloatVector.fromArray(S, q, qo + 6 * L);
            FloatVector c7 = FloatVector.fromArray(S, q, qo + 7 * L);
            FloatVector acc = b0.fma(c0, zero);
            FloatVector acc2 = b1.fma(c1, zero);
            acc = b2.fma(c2, acc);
            acc2 = b3.fma(c3, acc2);
            acc = b4.fma(c4, acc);
            acc2 = b5.fma(c5, acc2);
            acc = b6.fma(c6, acc);
            acc2 = b7.fma(c7, acc2);
            FloatVector t = acc.add(acc2);
            if (L >= 16) {
                t = t.add(t.rearrange(ROT8));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(ROT4));
            }
            FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
            tq = tq.add(tq.rearrange(LaneSum.SWAP2));
            float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
            float err = ratings[e] - ((mu + bub + bii) + dot);
            FloatVector le = FloatVector.broadcast(S, lr * err);
            b0.fma(le, c0.mul(keep)).intoArray(q, qo);
            b1.fma(le, c1.mul(keep)).intoArray(q, qo + L);
            b2.fma(le, c2.mul(keep)).intoArray(q, qo + 2 * L);
            b3.fma(le, c3.mul(keep)).intoArray(q, qo + 3 * L);
            b4.fma(le, c4.mul(keep)).intoArray(q, qo + 4 * L);
            b5.fma(le, c5.mul(keep)).intoArray(q, qo + 5 * L);
            b6.fma(le, c6.mul(keep)).intoArray(q, qo + 6 * L);
            b7.fma(le, c7.mul(keep)).intoArray(q, qo + 7 * L);
            b0 = c0.fma(le, b0.mul(keep));
            b1 = c1.fma(le, b1.mul(keep));
            b2 = c2.fma(le, b2.mul(keep));
            b3 = c3.fma(le, b3.mul(keep));
            b4 = c4.fma(le, b4.mul(keep));
            b5 = c5.fma(le, b5.mul(keep));
            b6 = c6.fma(le, b6.mul(keep));
            b7 = c7.fma(le, b7.mul(keep));
            sq += err * err;
            bub = bub + lr * (err - regBias * bub);
            bi[i] = bii + lr * (err - regBias * bii);
        }
        b0.intoArray(p, pu);
        b1.intoArray(p, pu + L);
        b2.intoArray(p, pu + 2 * L);
        b3.intoArray(p, pu + 3 * L);
        b4.intoArray(p, pu + 4 * L);
        b5.intoArray(p, pu + 5 * L);
        b6.intoArray(p, pu + 6 * L);
        b7.intoArray(p, pu + 7 * L);
        bu[u] = bub;
        return sq;
    }

    /** {@link #mfUsers} at k = 16 vectors: the schedule, with {@link #pair16} and {@link #single16} doing the entries. */
    private static double mfUsers16(int[] order, int nOrder, int[] start, int[] items, float[] ratings,
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
            if (na < ea && nb < eb) {
                int rounds = Math.min(ea - na, eb - nb);
                sq = pair16(items, ratings, p, q, bu, bi, k, ua, na, ub, nb, rounds, mu, keep, lr, regBias, sq);
                na += rounds;
                nb += rounds;
            } else if (na < ea) {
                sq = single16(items, ratings, p, q, bu, bi, k, ua, na, ea, mu, keep, lr, regBias, sq);
                na = ea;
            } else if (nb < eb) {
                sq = single16(items, ratings, p, q, bu, bi, k, ub, nb, eb, mu, keep, lr, regBias, sq);
                nb = eb;
            } else {
                return sq;
            }
        }
    }

    /**
     * {@code rounds} rounds of two users at k = 16 vectors, user ua's entries from na and ub's from nb
     * (A's entry, then B's), the rows and biases in registers; returns sq plus the squared errors.
     */
    private static double pair16(int[] items, float[] ratings, float[] p, float[] q, float[] bu, float[] bi, int k,
                                 int ua, int na, int ub, int nb, int rounds, float mu, float keep, float lr,
                                 float regBias, double sq) {
        int pa = ua * k;
        int pb = ub * k;
        float bua = bu[ua];
        float bub = bu[ub];
        FloatVector a0 = FloatVector.fromArray(S, p, pa);
        FloatVector a1 = FloatVector.fromArray(S, p, pa + L);
        FloatVector a2 = FloatVector.fromArray(S, p, pa + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, p, pa + 3 * L);
        FloatVector a4 = FloatVector.fromArray(S, p, pa + 4 * L);
        FloatVector a5 = FloatVector.fromArray(S, p, pa + 5 * L);
        FloatVector a6 = FloatVector.fromArray(S, p, pa + 6 * L);
        FloatVector a7 = FloatVector.fromArray(S, p, pa + 7 * L);
        FloatVector a8 = FloatVector.fromArray(S, p, pa + 8 * L);
        FloatVector a9 = FloatVector.fromArray(S, p, pa + 9 * L);
        FloatVector a10 = FloatVector.fromArray(S, p, pa + 10 * L);
        FloatVector a11 = FloatVector.fromArray(S, p, pa + 11 * L);
        FloatVector a12 = FloatVector.fromArray(S, p, pa + 12 * L);
        FloatVector a13 = FloatVector.fromArray(S, p, pa + 13 * L);
        FloatVector a14 = FloatVector.fromArray(S, p, pa + 14 * L);
        FloatVector a15 = FloatVector.fromArray(S, p, pa + 15 * L);
        FloatVector b0 = FloatVector.fromArray(S, p, pb);
        FloatVector b1 = FloatVector.fromArray(S, p, pb + L);
        FloatVector b2 = FloatVector.fromArray(S, p, pb + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, p, pb + 3 * L);
        FloatVector b4 = FloatVector.fromArray(S, p, pb + 4 * L);
        FloatVector b5 = FloatVector.fromArray(S, p, pb + 5 * L);
        FloatVector b6 = FloatVector.fromArray(S, p, pb + 6 * L);
        FloatVector b7 = FloatVector.fromArray(S, p, pb + 7 * L);
        FloatVector b8 = FloatVector.fromArray(S, p, pb + 8 * L);
        FloatVector b9 = FloatVector.fromArray(S, p, pb + 9 * L);
        FloatVector b10 = FloatVector.fromArray(S, p, pb + 10 * L);
        FloatVector b11 = FloatVector.fromArray(S, p, pb + 11 * L);
        FloatVector b12 = FloatVector.fromArray(S, p, pb + 12 * L);
        FloatVector b13 = FloatVector.fromArray(S, p, pb + 13 * L);
        FloatVector b14 = FloatVector.fromArray(S, p, pb + 14 * L);
        FloatVector b15 = FloatVector.fromArray(S, p, pb + 15 * L);
        FloatVector zero = FloatVector.zero(S);
        // one step per iteration for the stream whose turn it is (registers a), then the streams swap
        int xa = na;
        int xb = nb;
        for (int r = 0; r < 2 * rounds; r++) {
            int i = items[xa];
            int qo = i * k;
            float bii = bi[i];
            FloatVector c0 = FloatVector.fromArray(S, q, qo);
            FloatVector c1 = FloatVector.fromArray(S, q, qo + L);
            FloatVector c2 = FloatVector.fromArray(S, q, qo + 2 * L);
            FloatVector c3 = FloatVector.fromArray(S, q, qo + 3 * L);
            FloatVector c4 = FloatVector.fromArray(S, q, qo + 4 * L);
            FloatVector c5 = FloatVector.fromArray(S, q, qo + 5 * L);
            FloatVector c6 = FloatVector.fromArray(S, q, qo + 6 * L);
            FloatVector c7 = FloatVector.fromArray(S, q, qo + 7 * L);
            FloatVector c8 = FloatVector.fromArray(S, q, qo + 8 * L);
            FloatVector c9 = FloatVector.fromArray(S, q, qo + 9 * L);
            FloatVector c10 = FloatVector.fromArray(S, q, qo + 10 * L);
            FloatVector c11 = FloatVector.fromArray(S, q, qo + 11 * L);
            FloatVector c12 = FloatVector.fromArray(S, q, qo + 12 * L);
            FloatVector c13 = FloatVector.fromArray(S, q, qo + 13 * L);
            FloatVector c14 = FloatVector.fromArray(S, q, qo + 14 * L);
            FloatVector c15 = FloatVector.fromArray(S, q, qo + 15 * L);
            FloatVector acc = a0.fma(c0, zero);
            FloatVector acc2 = a1.fma(c1, zero);
            acc = a2.fma(c2, acc);
            acc2 = a3.fma(c3, acc2);
            acc = a4.fma(c4, acc);
            acc2 = a5.fma(c5, acc2);
            acc = a6.fma(c6, acc);
            acc2 = a7.fma(c7, acc2);
            acc = a8.fma(c8, acc);
            acc2 = a9.fma(c9, acc2);
            acc = a10.fma(c10, acc);
            acc2 = a11.fma(c11, acc2);
            acc = a12.fma(c12, acc);
            acc2 = a13.fma(c13, acc2);
            acc = a14.fma(c14, acc);
            acc2 = a15.fma(c15, acc2);
            FloatVector t = acc.add(acc2);
            if (L >= 16) {
                t = t.add(t.rearrange(ROT8));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(ROT4));
            }
            FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
            tq = tq.add(tq.rearrange(LaneSum.SWAP2));
            float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
            float err = ratings[xa] - ((mu + bua + bii) + dot);
            FloatVector le = FloatVector.broadcast(S, lr * err);
            a0.fma(le, c0.mul(keep)).intoArray(q, qo);
            a1.fma(le, c1.mul(keep)).intoArray(q, qo + L);
            a2.fma(le, c2.mul(keep)).intoArray(q, qo + 2 * L);
            a3.fma(le, c3.mul(keep)).intoArray(q, qo + 3 * L);
            a4.fma(le, c4.mul(keep)).intoArray(q, qo + 4 * L);
            a5.fma(le, c5.mul(keep)).intoArray(q, qo + 5 * L);
            a6.fma(le, c6.mul(keep)).intoArray(q, qo + 6 * L);
            a7.fma(le, c7.mul(keep)).intoArray(q, qo + 7 * L);
            a8.fma(le, c8.mul(keep)).intoArray(q, qo + 8 * L);
            a9.fma(le, c9.mul(keep)).intoArray(q, qo + 9 * L);
            a10.fma(le, c10.mul(keep)).intoArray(q, qo + 10 * L);
            a11.fma(le, c11.mul(keep)).intoArray(q, qo + 11 * L);
            a12.fma(le, c12.mul(keep)).intoArray(q, qo + 12 * L);
            a13.fma(le, c13.mul(keep)).intoArray(q, qo + 13 * L);
            a14.fma(le, c14.mul(keep)).intoArray(q, qo + 14 * L);
            a15.fma(le, c15.mul(keep)).intoArray(q, qo + 15 * L);
            a0 = c0.fma(le, a0.mul(keep));
            a1 = c1.fma(le, a1.mul(keep));
            a2 = c2.fma(le, a2.mul(keep));
            a3 = c3.fma(le, a3.mul(keep));
            a4 = c4.fma(le, a4.mul(keep));
            a5 = c5.fma(le, a5.mul(keep));
            a6 = c6.fma(le, a6.mul(keep));
            a7 = c7.fma(le, a7.mul(keep));
            a8 = c8.fma(le, a8.mul(keep));
            a9 = c9.fma(le, a9.mul(keep));
            a10 = c10.fma(le, a10.mul(keep));
            a11 = c11.fma(le, a11.mul(keep));
            a12 = c12.fma(le, a12.mul(keep));
            a13 = c13.fma(le, a13.mul(keep));
            a14 = c14.fma(le, a14.mul(keep));
            a15 = c15.fma(le, a15.mul(keep));
            sq += err * err;
            bua = bua + lr * (err - regBias * bua);
            bi[i] = bii + lr * (err - regBias * bii);
            xa++;
            int xt = xa;
            xa = xb;
            xb = xt;
            float bt = bua;
            bua = bub;
            bub = bt;
            FloatVector t0 = a0;
            a0 = b0;
            b0 = t0;
            FloatVector t1 = a1;
            a1 = b1;
            b1 = t1;
            FloatVector t2 = a2;
            a2 = b2;
            b2 = t2;
            FloatVector t3 = a3;
            a3 = b3;
            b3 = t3;
            FloatVector t4 = a4;
            a4 = b4;
            b4 = t4;
            FloatVector t5 = a5;
            a5 = b5;
            b5 = t5;
            FloatVector t6 = a6;
            a6 = b6;
            b6 = t6;
            FloatVector t7 = a7;
            a7 = b7;
            b7 = t7;
            FloatVector t8 = a8;
            a8 = b8;
            b8 = t8;
            FloatVector t9 = a9;
            a9 = b9;
            b9 = t9;
            FloatVector t10 = a10;
            a10 = b10;
            b10 = t10;
            FloatVector t11 = a11;
            a11 = b11;
            b11 = t11;
            FloatVector t12 = a12;
            a12 = b12;
            b12 = t12;
            FloatVector t13 = a13;
            a13 = b13;
            b13 = t13;
            FloatVector t14 = a14;
            a14 = b14;
            b14 = t14;
            FloatVector t15 = a15;
            a15 = b15;
            b15 = t15;
        }
        a0.intoArray(p, pa);
        a1.intoArray(p, pa + L);
        a2.intoArray(p, pa + 2 * L);
        a3.intoArray(p, pa + 3 * L);
        a4.intoArray(p, pa + 4 * L);
        a5.intoArray(p, pa + 5 * L);
        a6.intoArray(p, pa + 6 * L);
        a7.intoArray(p, pa + 7 * L);
        a8.intoArray(p, pa + 8 * L);
        a9.intoArray(p, pa + 9 * L);
        a10.intoArray(p, pa + 10 * L);
        a11.intoArray(p, pa + 11 * L);
        a12.intoArray(p, pa + 12 * L);
        a13.intoArray(p, pa + 13 * L);
        a14.intoArray(p, pa + 14 * L);
        a15.intoArray(p, pa + 15 * L);
        bu[ua] = bua;
        b0.intoArray(p, pb);
        b1.intoArray(p, pb + L);
        b2.intoArray(p, pb + 2 * L);
        b3.intoArray(p, pb + 3 * L);
        b4.intoArray(p, pb + 4 * L);
        b5.intoArray(p, pb + 5 * L);
        b6.intoArray(p, pb + 6 * L);
        b7.intoArray(p, pb + 7 * L);
        b8.intoArray(p, pb + 8 * L);
        b9.intoArray(p, pb + 9 * L);
        b10.intoArray(p, pb + 10 * L);
        b11.intoArray(p, pb + 11 * L);
        b12.intoArray(p, pb + 12 * L);
        b13.intoArray(p, pb + 13 * L);
        b14.intoArray(p, pb + 14 * L);
        b15.intoArray(p, pb + 15 * L);
        bu[ub] = bub;
        return sq;
    }

    /** User u's entries [from, to) alone at k = 16 vectors, the row and bias in registers; returns sq plus the squared errors. */
    private static double single16(int[] items, float[] ratings, float[] p, float[] q, float[] bu, float[] bi, int k,
                                   int u, int from, int to, float mu, float keep, float lr, float regBias,
                                   double sq) {
        int pu = u * k;
        float bub = bu[u];
        FloatVector b0 = FloatVector.fromArray(S, p, pu);
        FloatVector b1 = FloatVector.fromArray(S, p, pu + L);
        FloatVector b2 = FloatVector.fromArray(S, p, pu + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, p, pu + 3 * L);
        FloatVector b4 = FloatVector.fromArray(S, p, pu + 4 * L);
        FloatVector b5 = FloatVector.fromArray(S, p, pu + 5 * L);
        FloatVector b6 = FloatVector.fromArray(S, p, pu + 6 * L);
        FloatVector b7 = FloatVector.fromArray(S, p, pu + 7 * L);
        FloatVector b8 = FloatVector.fromArray(S, p, pu + 8 * L);
        FloatVector b9 = FloatVector.fromArray(S, p, pu + 9 * L);
        FloatVector b10 = FloatVector.fromArray(S, p, pu + 10 * L);
        FloatVector b11 = FloatVector.fromArray(S, p, pu + 11 * L);
        FloatVector b12 = FloatVector.fromArray(S, p, pu + 12 * L);
        FloatVector b13 = FloatVector.fromArray(S, p, pu + 13 * L);
        FloatVector b14 = FloatVector.fromArray(S, p, pu + 14 * L);
        FloatVector b15 = FloatVector.fromArray(S, p, pu + 15 * L);
        FloatVector zero = FloatVector.zero(S);
        for (int e = from; e < to; e++) {
            int i = items[e];
            int qo = i * k;
            float bii = bi[i];
            FloatVector c0 = FloatVector.fromArray(S, q, qo);
            FloatVector c1 = FloatVector.fromArray(S, q, qo + L);
            FloatVector c2 = FloatVector.fromArray(S, q, qo + 2 * L);
            FloatVector c3 = FloatVector.fromArray(S, q, qo + 3 * L);
            FloatVector c4 = FloatVector.fromArray(S, q, qo + 4 * L);
            FloatVector c5 = FloatVector.fromArray(S, q, qo + 5 * L);
            FloatVector c6 = FloatVector.fromArray(S, q, qo + 6 * L);
            FloatVector c7 = FloatVector.fromArray(S, q, qo + 7 * L);
            FloatVector c8 = FloatVector.fromArray(S, q, qo + 8 * L);
            FloatVector c9 = FloatVector.fromArray(S, q, qo + 9 * L);
            FloatVector c10 = FloatVector.fromArray(S, q, qo + 10 * L);
            FloatVector c11 = FloatVector.fromArray(S, q, qo + 11 * L);
            FloatVector c12 = FloatVector.fromArray(S, q, qo + 12 * L);
            FloatVector c13 = FloatVector.fromArray(S, q, qo + 13 * L);
            FloatVector c14 = FloatVector.fromArray(S, q, qo + 14 * L);
            FloatVector c15 = FloatVector.fromArray(S, q, qo + 15 * L);
            FloatVector acc = b0.fma(c0, zero);
            FloatVector acc2 = b1.fma(c1, zero);
            acc = b2.fma(c2, acc);
            acc2 = b3.fma(c3, acc2);
            acc = b4.fma(c4, acc);
            acc2 = b5.fma(c5, acc2);
            acc = b6.fma(c6, acc);
            acc2 = b7.fma(c7, acc2);
            acc = b8.fma(c8, acc);
            acc2 = b9.fma(c9, acc2);
            acc = b10.fma(c10, acc);
            acc2 = b11.fma(c11, acc2);
            acc = b12.fma(c12, acc);
            acc2 = b13.fma(c13, acc2);
            acc = b14.fma(c14, acc);
            acc2 = b15.fma(c15, acc2);
            FloatVector t = acc.add(acc2);
            if (L >= 16) {
                t = t.add(t.rearrange(ROT8));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(ROT4));
            }
            FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
            tq = tq.add(tq.rearrange(LaneSum.SWAP2));
            float dot = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
            float err = ratings[e] - ((mu + bub + bii) + dot);
            FloatVector le = FloatVector.broadcast(S, lr * err);
            b0.fma(le, c0.mul(keep)).intoArray(q, qo);
            b1.fma(le, c1.mul(keep)).intoArray(q, qo + L);
            b2.fma(le, c2.mul(keep)).intoArray(q, qo + 2 * L);
            b3.fma(le, c3.mul(keep)).intoArray(q, qo + 3 * L);
            b4.fma(le, c4.mul(keep)).intoArray(q, qo + 4 * L);
            b5.fma(le, c5.mul(keep)).intoArray(q, qo + 5 * L);
            b6.fma(le, c6.mul(keep)).intoArray(q, qo + 6 * L);
            b7.fma(le, c7.mul(keep)).intoArray(q, qo + 7 * L);
            b8.fma(le, c8.mul(keep)).intoArray(q, qo + 8 * L);
            b9.fma(le, c9.mul(keep)).intoArray(q, qo + 9 * L);
            b10.fma(le, c10.mul(keep)).intoArray(q, qo + 10 * L);
            b11.fma(le, c11.mul(keep)).intoArray(q, qo + 11 * L);
            b12.fma(le, c12.mul(keep)).intoArray(q, qo + 12 * L);
            b13.fma(le, c13.mul(keep)).intoArray(q, qo + 13 * L);
            b14.fma(le, c14.mul(keep)).intoArray(q, qo + 14 * L);
            b15.fma(le, c15.mul(keep)).intoArray(q, qo + 15 * L);
            b0 = c0.fma(le, b0.mul(keep));
            b1 = c1.fma(le, b1.mul(keep));
            b2 = c2.fma(le, b2.mul(keep));
            b3 = c3.fma(le, b3.mul(keep));
            b4 = c4.fma(le, b4.mul(keep));
            b5 = c5.fma(le, b5.mul(keep));
            b6 = c6.fma(le, b6.mul(keep));
            b7 = c7.fma(le, b7.mul(keep));
            b8 = c8.fma(le, b8.mul(keep));
            b9 = c9.fma(le, b9.mul(keep));
            b10 = c10.fma(le, b10.mul(keep));
            b11 = c11.fma(le, b11.mul(keep));
            b12 = c12.fma(le, b12.mul(keep));
            b13 = c13.fma(le, b13.mul(keep));
            b14 = c14.fma(le, b14.mul(keep));
            b15 = c15.fma(le, b15.mul(keep));
            sq += err * err;
            bub = bub + lr * (err - regBias * bub);
            bi[i] = bii + lr * (err - regBias * bii);
        }
        b0.intoArray(p, pu);
        b1.intoArray(p, pu + L);
        b2.intoArray(p, pu + 2 * L);
        b3.intoArray(p, pu + 3 * L);
        b4.intoArray(p, pu + 4 * L);
        b5.intoArray(p, pu + 5 * L);
        b6.intoArray(p, pu + 6 * L);
        b7.intoArray(p, pu + 7 * L);
        b8.intoArray(p, pu + 8 * L);
        b9.intoArray(p, pu + 9 * L);
        b10.intoArray(p, pu + 10 * L);
        b11.intoArray(p, pu + 11 * L);
        b12.intoArray(p, pu + 12 * L);
        b13.intoArray(p, pu + 13 * L);
        b14.intoArray(p, pu + 14 * L);
        b15.intoArray(p, pu + 15 * L);
        bu[u] = bub;
        return sq;
    }

    // ---- end of the generated register kernels ----

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
