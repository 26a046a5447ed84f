package dev.recsys.internal.kernel.panama;

import dev.recsys.internal.kernel.QuantKernels;
import dev.recsys.internal.kernel.ScalarQuantKernels;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
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

    // ---- several rows at once -------------------------------------------------------------
    //
    // scoreRowsInt8 / scoreRowsBf16 score L rows per pass (L = lanes of the float species, 16 at
    // 512 bits, 8 at 256): each row keeps its own accumulator, the query vector of each step is
    // loaded once for all of them, and the L accumulators are reduced together by a transposing
    // tree, level w (w = L/2, ..., 2, 1): {@code x.blend(y, M_w).add(y.blend(x, M_w).rearrange(SWAP_w))}
    // with M_w the lanes whose index has bit w set and SWAP_w lane i to lane i ^ w. After the
    // last level lane j holds the sum of the accumulator at tree position bitreverse(j); rows are
    // placed at the tree position bitreverse(row), so lane j is row j and the L scores leave as one
    // vector (times the L row scales for int8). Per row that is 1 - 1/L combines instead of a
    // whole lane-sum tree. Fixed order, the same bits in every execution mode; it differs from
    // dotInt8's order only in how the lanes are paired (float rounding).

    private static VectorMask<Float> bitMask(int w) {
        boolean[] m = new boolean[L];
        for (int i = 0; i < L; i++) {
            m[i] = (i & w) != 0;
        }
        return VectorMask.fromArray(S, m, 0);
    }

    private static VectorShuffle<Float> swap(int w) {
        return VectorShuffle.fromOp(S, i -> i ^ w);
    }

    private static final VectorMask<Float> M8 = L >= 16 ? bitMask(8) : null;
    private static final VectorMask<Float> M4 = bitMask(4);
    private static final VectorMask<Float> M2 = bitMask(2);
    private static final VectorMask<Float> M1 = bitMask(1);
    private static final VectorShuffle<Float> SW8 = L >= 16 ? swap(8) : null;
    private static final VectorShuffle<Float> SW4 = swap(4);
    private static final VectorShuffle<Float> SW2 = swap(2);
    private static final VectorShuffle<Float> SW1 = swap(1);

    private static FloatVector b2f(byte[] q, int off) {
        return (FloatVector) ByteVector.fromArray(BS, q, off).convertShape(VectorOperators.B2F, S, 0);
    }

    @Override
    public void scoreRowsInt8(byte[] rows, float[] scales, int fromRow, int toRow, int dim, float[] v, int vOff,
                              float[] out, int outOff) {
        int r = fromRow;
        if (dim % L == 0 && dim > 0) {
            if (L == 16) {
                for (; r + 16 <= toRow; r += 16) {
                    int o = r * dim;
                    FloatVector a0 = FloatVector.zero(S);
                    FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                    FloatVector a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
                    // a_t accumulates row bitreverse4(t)
                    for (int i = 0; i < dim; i += L) {
                        FloatVector x = FloatVector.fromArray(S, v, vOff + i);
                        int p = o + i;
                        a0 = b2f(rows, p).fma(x, a0);
                        a1 = b2f(rows, p + 8 * dim).fma(x, a1);
                        a2 = b2f(rows, p + 4 * dim).fma(x, a2);
                        a3 = b2f(rows, p + 12 * dim).fma(x, a3);
                        a4 = b2f(rows, p + 2 * dim).fma(x, a4);
                        a5 = b2f(rows, p + 10 * dim).fma(x, a5);
                        a6 = b2f(rows, p + 6 * dim).fma(x, a6);
                        a7 = b2f(rows, p + 14 * dim).fma(x, a7);
                        a8 = b2f(rows, p + dim).fma(x, a8);
                        a9 = b2f(rows, p + 9 * dim).fma(x, a9);
                        a10 = b2f(rows, p + 5 * dim).fma(x, a10);
                        a11 = b2f(rows, p + 13 * dim).fma(x, a11);
                        a12 = b2f(rows, p + 3 * dim).fma(x, a12);
                        a13 = b2f(rows, p + 11 * dim).fma(x, a13);
                        a14 = b2f(rows, p + 7 * dim).fma(x, a14);
                        a15 = b2f(rows, p + 15 * dim).fma(x, a15);
                    }
                    FloatVector s = reduce16(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15);
                    s.mul(FloatVector.fromArray(S, scales, r)).intoArray(out, outOff + r - fromRow);
                }
            } else if (L == 8) {
                for (; r + 8 <= toRow; r += 8) {
                    int o = r * dim;
                    FloatVector a0 = FloatVector.zero(S);
                    FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                    // a_t accumulates row bitreverse3(t)
                    for (int i = 0; i < dim; i += L) {
                        FloatVector x = FloatVector.fromArray(S, v, vOff + i);
                        int p = o + i;
                        a0 = b2f(rows, p).fma(x, a0);
                        a1 = b2f(rows, p + 4 * dim).fma(x, a1);
                        a2 = b2f(rows, p + 2 * dim).fma(x, a2);
                        a3 = b2f(rows, p + 6 * dim).fma(x, a3);
                        a4 = b2f(rows, p + dim).fma(x, a4);
                        a5 = b2f(rows, p + 5 * dim).fma(x, a5);
                        a6 = b2f(rows, p + 3 * dim).fma(x, a6);
                        a7 = b2f(rows, p + 7 * dim).fma(x, a7);
                    }
                    FloatVector s = reduce8(a0, a1, a2, a3, a4, a5, a6, a7);
                    s.mul(FloatVector.fromArray(S, scales, r)).intoArray(out, outOff + r - fromRow);
                }
            }
        }
        for (; r < toRow; r++) {
            out[outOff + r - fromRow] = scales[r] * dotInt8(rows, r * dim, v, vOff, dim);
        }
    }

    @Override
    public void scoreRowsBf16(short[] rows, int fromRow, int toRow, int dim, float[] v, int vOff, float[] out,
                              int outOff) {
        int r = fromRow;
        if (dim % L == 0 && dim > 0) {
            if (L == 16) {
                for (; r + 16 <= toRow; r += 16) {
                    int o = r * dim;
                    FloatVector a0 = FloatVector.zero(S);
                    FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                    FloatVector a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
                    for (int i = 0; i < dim; i += L) {
                        FloatVector x = FloatVector.fromArray(S, v, vOff + i);
                        int p = o + i;
                        a0 = widen(rows, p).fma(x, a0);
                        a1 = widen(rows, p + 8 * dim).fma(x, a1);
                        a2 = widen(rows, p + 4 * dim).fma(x, a2);
                        a3 = widen(rows, p + 12 * dim).fma(x, a3);
                        a4 = widen(rows, p + 2 * dim).fma(x, a4);
                        a5 = widen(rows, p + 10 * dim).fma(x, a5);
                        a6 = widen(rows, p + 6 * dim).fma(x, a6);
                        a7 = widen(rows, p + 14 * dim).fma(x, a7);
                        a8 = widen(rows, p + dim).fma(x, a8);
                        a9 = widen(rows, p + 9 * dim).fma(x, a9);
                        a10 = widen(rows, p + 5 * dim).fma(x, a10);
                        a11 = widen(rows, p + 13 * dim).fma(x, a11);
                        a12 = widen(rows, p + 3 * dim).fma(x, a12);
                        a13 = widen(rows, p + 11 * dim).fma(x, a13);
                        a14 = widen(rows, p + 7 * dim).fma(x, a14);
                        a15 = widen(rows, p + 15 * dim).fma(x, a15);
                    }
                    reduce16(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15)
                            .intoArray(out, outOff + r - fromRow);
                }
            } else if (L == 8) {
                for (; r + 8 <= toRow; r += 8) {
                    int o = r * dim;
                    FloatVector a0 = FloatVector.zero(S);
                    FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                    for (int i = 0; i < dim; i += L) {
                        FloatVector x = FloatVector.fromArray(S, v, vOff + i);
                        int p = o + i;
                        a0 = widen(rows, p).fma(x, a0);
                        a1 = widen(rows, p + 4 * dim).fma(x, a1);
                        a2 = widen(rows, p + 2 * dim).fma(x, a2);
                        a3 = widen(rows, p + 6 * dim).fma(x, a3);
                        a4 = widen(rows, p + dim).fma(x, a4);
                        a5 = widen(rows, p + 5 * dim).fma(x, a5);
                        a6 = widen(rows, p + 3 * dim).fma(x, a6);
                        a7 = widen(rows, p + 7 * dim).fma(x, a7);
                    }
                    reduce8(a0, a1, a2, a3, a4, a5, a6, a7).intoArray(out, outOff + r - fromRow);
                }
            }
        }
        for (; r < toRow; r++) {
            out[outOff + r - fromRow] = dotBf16(rows, r * dim, v, vOff, dim);
        }
    }

    /** The transposing tree over 16 accumulators (16-lane species): lane j = sum of a_bitreverse4(j). */
    private static FloatVector reduce16(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3,
                                        FloatVector a4, FloatVector a5, FloatVector a6, FloatVector a7,
                                        FloatVector a8, FloatVector a9, FloatVector a10, FloatVector a11,
                                        FloatVector a12, FloatVector a13, FloatVector a14, FloatVector a15) {
        FloatVector b0 = a0.blend(a1, M8).add(a1.blend(a0, M8).rearrange(SW8));
        FloatVector b1 = a2.blend(a3, M8).add(a3.blend(a2, M8).rearrange(SW8));
        FloatVector b2 = a4.blend(a5, M8).add(a5.blend(a4, M8).rearrange(SW8));
        FloatVector b3 = a6.blend(a7, M8).add(a7.blend(a6, M8).rearrange(SW8));
        FloatVector b4 = a8.blend(a9, M8).add(a9.blend(a8, M8).rearrange(SW8));
        FloatVector b5 = a10.blend(a11, M8).add(a11.blend(a10, M8).rearrange(SW8));
        FloatVector b6 = a12.blend(a13, M8).add(a13.blend(a12, M8).rearrange(SW8));
        FloatVector b7 = a14.blend(a15, M8).add(a15.blend(a14, M8).rearrange(SW8));
        FloatVector c0 = b0.blend(b1, M4).add(b1.blend(b0, M4).rearrange(SW4));
        FloatVector c1 = b2.blend(b3, M4).add(b3.blend(b2, M4).rearrange(SW4));
        FloatVector c2 = b4.blend(b5, M4).add(b5.blend(b4, M4).rearrange(SW4));
        FloatVector c3 = b6.blend(b7, M4).add(b7.blend(b6, M4).rearrange(SW4));
        FloatVector d0 = c0.blend(c1, M2).add(c1.blend(c0, M2).rearrange(SW2));
        FloatVector d1 = c2.blend(c3, M2).add(c3.blend(c2, M2).rearrange(SW2));
        return d0.blend(d1, M1).add(d1.blend(d0, M1).rearrange(SW1));
    }

    /** The transposing tree over 8 accumulators (8-lane species): lane j = sum of a_bitreverse3(j). */
    private static FloatVector reduce8(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3,
                                       FloatVector a4, FloatVector a5, FloatVector a6, FloatVector a7) {
        FloatVector c0 = a0.blend(a1, M4).add(a1.blend(a0, M4).rearrange(SW4));
        FloatVector c1 = a2.blend(a3, M4).add(a3.blend(a2, M4).rearrange(SW4));
        FloatVector c2 = a4.blend(a5, M4).add(a5.blend(a4, M4).rearrange(SW4));
        FloatVector c3 = a6.blend(a7, M4).add(a7.blend(a6, M4).rearrange(SW4));
        FloatVector d0 = c0.blend(c1, M2).add(c1.blend(c0, M2).rearrange(SW2));
        FloatVector d1 = c2.blend(c3, M2).add(c3.blend(c2, M2).rearrange(SW2));
        return d0.blend(d1, M1).add(d1.blend(d0, M1).rearrange(SW1));
    }
}
