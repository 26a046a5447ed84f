package dev.recsys.internal.kernel.panama;

import dev.recsys.internal.kernel.QuantKernels;
import dev.recsys.internal.kernel.ScalarQuantKernels;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link QuantKernels} on the preferred float species: each step loads L codes (L
 * bytes, or L shorts for bfloat16), widens them to L floats (byte to float conversion; short to
 * int, shift left by 16 and reinterpret for bfloat16) and accumulates with an FMA into two
 * accumulators; the lanes are summed in the fixed order of {@link LaneSum}; the tail (n not a
 * multiple of L) is scalar. Loaded reflectively by {@code Kernels.quant()}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class PanamaQuantKernels implements QuantKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8));
    private static final VectorSpecies<Short> SH = VectorSpecies.of(short.class, VectorShape.forBitSize(L * 16));
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
    private static final PanamaQuantKernels INSTANCE = new PanamaQuantKernels();

    private PanamaQuantKernels() {
    }

    /**
     * The shared instance.
     *
     * @throws UnsupportedOperationException if the preferred float species has fewer than 8 lanes
     *                                       (no 64-bit byte species to widen from)
     */
    public static QuantKernels create() {
        if (L < 8 || L > 16) {
            throw new UnsupportedOperationException("preferred float species has " + L + " lanes (8 to 16 supported)");
        }
        return INSTANCE;
    }

    @Override
    public String name() {
        return "vector";
    }

    private static float sum(FloatVector v) {
        FloatVector t = v;
        if (L >= 16) {
            t = t.add(t.rearrange(LaneSum.ROT8));
        }
        if (L >= 8) {
            t = t.add(t.rearrange(LaneSum.ROT4));
        }
        t = t.add(t.rearrange(LaneSum.ROT2));
        return t.add(t.rearrange(LaneSum.ROT1)).lane(0);
    }

    @Override
    public float dotInt8(byte[] q, int qOff, float[] v, int vOff, int n) {
        int bound = n - n % L;
        int i = 0;
        float s = 0f;
        if (bound > 0) {
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = FloatVector.zero(S);
            for (; i + 2 * L <= bound; i += 2 * L) {
                FloatVector a0 = (FloatVector) ByteVector.fromArray(BS, q, qOff + i).convertShape(VectorOperators.B2F, S, 0);
                FloatVector a1 = (FloatVector) ByteVector.fromArray(BS, q, qOff + i + L).convertShape(VectorOperators.B2F, S, 0);
                acc0 = a0.fma(FloatVector.fromArray(S, v, vOff + i), acc0);
                acc1 = a1.fma(FloatVector.fromArray(S, v, vOff + i + L), acc1);
            }
            for (; i < bound; i += L) {
                FloatVector a0 = (FloatVector) ByteVector.fromArray(BS, q, qOff + i).convertShape(VectorOperators.B2F, S, 0);
                acc0 = a0.fma(FloatVector.fromArray(S, v, vOff + i), acc0);
            }
            s = sum(acc0.add(acc1));
        }
        if (i < n) {
            s += ScalarQuantKernels.INSTANCE.dotInt8(q, qOff + i, v, vOff + i, n - i);
        }
        return s;
    }

    private static FloatVector widen(short[] h, int off) {
        IntVector iv = (IntVector) ShortVector.fromArray(SH, h, off).convertShape(VectorOperators.S2I, IS, 0);
        return iv.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    @Override
    public float dotBf16(short[] h, int hOff, float[] v, int vOff, int n) {
        int bound = n - n % L;
        int i = 0;
        float s = 0f;
        if (bound > 0) {
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = FloatVector.zero(S);
            for (; i + 2 * L <= bound; i += 2 * L) {
                acc0 = widen(h, hOff + i).fma(FloatVector.fromArray(S, v, vOff + i), acc0);
                acc1 = widen(h, hOff + i + L).fma(FloatVector.fromArray(S, v, vOff + i + L), acc1);
            }
            for (; i < bound; i += L) {
                acc0 = widen(h, hOff + i).fma(FloatVector.fromArray(S, v, vOff + i), acc0);
            }
            s = sum(acc0.add(acc1));
        }
        if (i < n) {
            s += ScalarQuantKernels.INSTANCE.dotBf16(h, hOff + i, v, vOff + i, n - i);
        }
        return s;
    }
    private static FloatVector b2f(byte[] q, int off) {
        return (FloatVector) ByteVector.fromArray(BS, q, off).convertShape(VectorOperators.B2F, S, 0);
    }

    /**
     * Four rows per pass, as the float gemv does: each step converts one vector of codes per row
     * against the same query vector, one accumulator chain per row, and the four fixed-order lane
     * sums share their first two levels ({@link LaneSum}): a fixed order, the same bits in every
     * execution mode (one chain per row where {@link #dotInt8} alternates two, so the two may differ
     * by float rounding). Leftover rows and dims that are not a multiple of the lane count go
     * through {@link #dotInt8}.
     */
    @Override
    public void scoreRowsInt8(byte[] rows, float[] scales, int fromRow, int toRow, int dim, float[] v, int vOff,
                              float[] out, int outOff) {
        int r = fromRow;
        if (dim % L == 0 && dim > 0) {
            for (; r + 4 <= toRow; r += 4) {
                int a0 = r * dim;
                int a1 = a0 + dim;
                int a2 = a1 + dim;
                int a3 = a2 + dim;
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = FloatVector.zero(S);
                FloatVector s2 = FloatVector.zero(S);
                FloatVector s3 = FloatVector.zero(S);
                for (int j = 0; j < dim; j += L) {
                    FloatVector xv = FloatVector.fromArray(S, v, vOff + j);
                    s0 = b2f(rows, a0 + j).fma(xv, s0);
                    s1 = b2f(rows, a1 + j).fma(xv, s1);
                    s2 = b2f(rows, a2 + j).fma(xv, s2);
                    s3 = b2f(rows, a3 + j).fma(xv, s3);
                }
                FloatVector u01 = s0.blend(s1, LaneSum.HALF)
                        .add(s1.blend(s0, LaneSum.HALF).rearrange(LaneSum.SWAP_HALF));
                FloatVector u23 = s2.blend(s3, LaneSum.HALF)
                        .add(s3.blend(s2, LaneSum.HALF).rearrange(LaneSum.SWAP_HALF));
                FloatVector t = u01.blend(u23, LaneSum.QUARTER)
                        .add(u23.blend(u01, LaneSum.QUARTER).rearrange(LaneSum.SWAP_QUARTER));
                if (L >= 16) {
                    t = t.add(t.rearrange(LaneSum.ROT2));
                }
                if (L >= 8) {
                    t = t.add(t.rearrange(LaneSum.ROT1));
                }
                int o = outOff + r - fromRow;
                out[o] = scales[r] * t.lane(0);
                out[o + 1] = scales[r + 1] * t.lane(L / 2);
                out[o + 2] = scales[r + 2] * t.lane(L / 4);
                out[o + 3] = scales[r + 3] * t.lane(3 * L / 4);
            }
        }
        for (; r < toRow; r++) {
            out[outOff + r - fromRow] = scales[r] * dotInt8(rows, r * dim, v, vOff, dim);
        }
    }
    /** Four rows per pass, as {@link #scoreRowsInt8} (bfloat16 widened to float instead of codes converted). */
    @Override
    public void scoreRowsBf16(short[] rows, int fromRow, int toRow, int dim, float[] v, int vOff, float[] out,
                              int outOff) {
        int r = fromRow;
        if (dim % L == 0 && dim > 0) {
            for (; r + 4 <= toRow; r += 4) {
                int a0 = r * dim;
                int a1 = a0 + dim;
                int a2 = a1 + dim;
                int a3 = a2 + dim;
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = FloatVector.zero(S);
                FloatVector s2 = FloatVector.zero(S);
                FloatVector s3 = FloatVector.zero(S);
                for (int j = 0; j < dim; j += L) {
                    FloatVector xv = FloatVector.fromArray(S, v, vOff + j);
                    s0 = widen(rows, a0 + j).fma(xv, s0);
                    s1 = widen(rows, a1 + j).fma(xv, s1);
                    s2 = widen(rows, a2 + j).fma(xv, s2);
                    s3 = widen(rows, a3 + j).fma(xv, s3);
                }
                FloatVector u01 = s0.blend(s1, LaneSum.HALF)
                        .add(s1.blend(s0, LaneSum.HALF).rearrange(LaneSum.SWAP_HALF));
                FloatVector u23 = s2.blend(s3, LaneSum.HALF)
                        .add(s3.blend(s2, LaneSum.HALF).rearrange(LaneSum.SWAP_HALF));
                FloatVector t = u01.blend(u23, LaneSum.QUARTER)
                        .add(u23.blend(u01, LaneSum.QUARTER).rearrange(LaneSum.SWAP_QUARTER));
                if (L >= 16) {
                    t = t.add(t.rearrange(LaneSum.ROT2));
                }
                if (L >= 8) {
                    t = t.add(t.rearrange(LaneSum.ROT1));
                }
                int o = outOff + r - fromRow;
                out[o] = t.lane(0);
                out[o + 1] = t.lane(L / 2);
                out[o + 2] = t.lane(L / 4);
                out[o + 3] = t.lane(3 * L / 4);
            }
        }
        for (; r < toRow; r++) {
            out[outOff + r - fromRow] = dotBf16(rows, r * dim, v, vOff, dim);
        }
    }
}
