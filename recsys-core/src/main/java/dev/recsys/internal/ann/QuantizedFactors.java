package dev.recsys.internal.ann;

import dev.recsys.internal.kernel.Bfloat16;
import dev.recsys.internal.kernel.FusedTopK;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.kernel.QuantKernels;
import dev.recsys.serving.FactorStorage;
import java.util.function.IntPredicate;

/**
 * Item factors in a serving storage ({@link FactorStorage}): float (the model's own array, shared),
 * int8 with one scale per row, or bfloat16; plus the model's item biases (shared, may be null).
 * Scores a query vector against every item with the quantised kernels ({@link Kernels#quant()}),
 * fused with top-k selection ({@link FusedTopK}).
 *
 * <p>Thread safety: immutable after construction; safe for concurrent use.
 */
public final class QuantizedFactors {
    private final FactorStorage storage;
    private final int numItems;
    private final int dim;
    private final float[] floats;
    private final byte[] codes;
    private final float[] scales;
    private final short[] halves;
    private final float[] biases;

    private QuantizedFactors(FactorStorage storage, int numItems, int dim, float[] floats, byte[] codes,
                             float[] scales, short[] halves, float[] biases) {
        this.storage = storage;
        this.numItems = numItems;
        this.dim = dim;
        this.floats = floats;
        this.codes = codes;
        this.scales = scales;
        this.halves = halves;
        this.biases = biases;
    }

    /**
     * Quantises row-major {@code numItems x dim} factors (not modified; shared for FLOAT).
     *
     * @param biases one per item or null (shared, not copied)
     * @throws IllegalArgumentException if the sizes do not match or a value is not finite
     */
    public static QuantizedFactors of(FactorStorage storage, float[] factors, int numItems, int dim, float[] biases) {
        if (storage == null) {
            throw new IllegalArgumentException("storage must not be null");
        }
        checkShape(factors.length, numItems, dim, biases);
        switch (storage) {
            case FLOAT:
                return new QuantizedFactors(storage, numItems, dim, factors, null, null, null, biases);
            case INT8: {
                byte[] q = new byte[factors.length];
                float[] sc = new float[numItems];
                for (int i = 0; i < numItems; i++) {
                    float max = 0f;
                    for (int d = 0; d < dim; d++) {
                        float x = factors[i * dim + d];
                        if (!Float.isFinite(x)) {
                            throw new IllegalArgumentException("item factor " + i + "," + d + " is not finite: " + x);
                        }
                        max = Math.max(max, Math.abs(x));
                    }
                    float s = max / 127f;
                    sc[i] = s;
                    if (s > 0f) {
                        float inv = 1f / s;
                        for (int d = 0; d < dim; d++) {
                            int c = Math.round(factors[i * dim + d] * inv);
                            q[i * dim + d] = (byte) Math.max(-127, Math.min(127, c));
                        }
                    }
                }
                return new QuantizedFactors(storage, numItems, dim, null, q, sc, null, biases);
            }
            case BF16: {
                short[] h = new short[factors.length];
                for (int p = 0; p < factors.length; p++) {
                    if (!Float.isFinite(factors[p])) {
                        throw new IllegalArgumentException("item factor " + p / Math.max(1, dim) + "," + p % Math.max(1, dim)
                                + " is not finite: " + factors[p]);
                    }
                    h[p] = Bfloat16.of(factors[p]);
                }
                return new QuantizedFactors(storage, numItems, dim, null, null, null, h, biases);
            }
            default:
                throw new IllegalArgumentException("unknown storage " + storage);
        }
    }

    /** Rebuilds from stored int8 codes and scales (not copied). */
    public static QuantizedFactors ofInt8(byte[] codes, float[] scales, int numItems, int dim, float[] biases) {
        checkShape(codes.length, numItems, dim, biases);
        if (scales.length != numItems) {
            throw new IllegalArgumentException(scales.length + " scales for " + numItems + " items");
        }
        return new QuantizedFactors(FactorStorage.INT8, numItems, dim, null, codes, scales, null, biases);
    }

    /** Rebuilds from stored bfloat16 values (not copied). */
    public static QuantizedFactors ofBf16(short[] halves, int numItems, int dim, float[] biases) {
        checkShape(halves.length, numItems, dim, biases);
        return new QuantizedFactors(FactorStorage.BF16, numItems, dim, null, null, null, halves, biases);
    }

    private static void checkShape(int length, int numItems, int dim, float[] biases) {
        if (numItems < 0 || dim < 0 || (long) numItems * dim != length) {
            throw new IllegalArgumentException(length + " factor values for " + numItems + " items x " + dim + " factors");
        }
        if (biases != null && biases.length != numItems) {
            throw new IllegalArgumentException(biases.length + " item biases for " + numItems + " items");
        }
    }

    /** The storage kind. */
    public FactorStorage storage() {
        return storage;
    }

    /** Number of item rows. */
    public int numItems() {
        return numItems;
    }

    /** Factors per row. */
    public int dim() {
        return dim;
    }

    /** int8 codes (INT8 only, else null). Shared: not to be modified. */
    public byte[] codes() {
        return codes;
    }

    /** int8 row scales (INT8 only, else null). Shared: not to be modified. */
    public float[] scales() {
        return scales;
    }

    /** bfloat16 values (BF16 only, else null). Shared: not to be modified. */
    public short[] halves() {
        return halves;
    }

    /** Bytes of the factor storage (codes, scales or values; biases not counted). */
    public long factorBytes() {
        return switch (storage) {
            case FLOAT -> 4L * floats.length;
            case INT8 -> codes.length + 4L * scales.length;
            case BF16 -> 2L * halves.length;
        };
    }

    /** {@code v[vOff..vOff+dim) . row(item) + bias(item)} in this storage. v not modified. */
    public float score(int item, float[] v, int vOff) {
        QuantKernels q = Kernels.quant();
        float s = switch (storage) {
            case FLOAT -> Kernels.bestJava().dot(floats, item * dim, v, vOff, dim);
            case INT8 -> scales[item] * q.dotInt8(codes, item * dim, v, vOff, dim);
            case BF16 -> q.dotBf16(halves, item * dim, v, vOff, dim);
        };
        return biases == null ? s : s + biases[item];
    }

    /** Fills {@code out[0..numItems)} with {@link #score} of every item. v not modified; out modified. */
    public void scoreAll(float[] v, int vOff, float[] out) {
        scoreChunk(v, vOff, 0, numItems, out, 0);
    }

    private void scoreChunk(float[] v, int vOff, int start, int len, float[] buf, int bufOff) {
        switch (storage) {
            case FLOAT -> Kernels.bestJava().gemv(false, len, dim, 1f, floats, start * dim, dim, v, vOff, 0f, buf, bufOff);
            case INT8 -> Kernels.quant().scoreRowsInt8(codes, scales, start, start + len, dim, v, vOff, buf, bufOff);
            case BF16 -> Kernels.quant().scoreRowsBf16(halves, start, start + len, dim, v, vOff, buf, bufOff);
        }
        if (biases != null) {
            for (int j = 0; j < len; j++) {
                buf[bufOff + j] += biases[start + j];
            }
        }
    }

    /**
     * The k best items for {@code v[vOff..vOff+dim)} by {@link #score}, rules as in
     * {@code FloatKernels.scoreTopK} (exclude may be null). v not modified; outRows and outScores
     * modified (k entries each).
     *
     * @return how many were written
     */
    public int topK(float[] v, int vOff, int k, IntPredicate exclude, int[] outRows, float[] outScores) {
        return FusedTopK.scoreTopK((start, len, buf) -> scoreChunk(v, vOff, start, len, buf, 0),
                0, numItems, k, exclude, outRows, outScores);
    }
}
