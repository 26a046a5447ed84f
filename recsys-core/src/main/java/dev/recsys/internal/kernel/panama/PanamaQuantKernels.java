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
}
