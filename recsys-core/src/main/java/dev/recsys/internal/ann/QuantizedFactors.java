package dev.recsys.internal.ann;

import dev.recsys.internal.kernel.Bfloat16;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.FusedTopK;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.kernel.QuantKernels;
import dev.recsys.serving.FactorStorage;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import java.io.IOException;
import java.util.function.IntPredicate;

/**
 * Item factors in a serving storage ({@link FactorStorage}): float (the model's own array, shared),
 * int8 with one scale per row, or bfloat16; plus the model's item biases (shared, may be null).
 * The one place the item side of a factor model is read from once it serves quantised: scores a
 * query vector against every item with the quantised kernels ({@link Kernels#quant()}), fused with
 * top-k selection ({@link FusedTopK}); single-row dot products, dequantised rows and gathered rows
 * for fold-in; the model-payload form of {@link #write}.
 *
 * <p>Thread safety: immutable after construction; safe for concurrent use.
 */
public final class QuantizedFactors {
    /** Packed ints per chunk of the payload form (1 MB). */
    private static final int PACK_CHUNK = 1 << 18;

    private final FactorStorage storage;
    private final int numItems;
    private final int dim;
    private final float[] floats;
    private final byte[] codes;
    private final float[] scales;
    private final short[] halves;
    private final float[] biases;
    /** The kernels (fixed per JVM), looked up once: a graph search calls {@link #dot} thousands of times. */
    private final FloatKernels fk = Kernels.bestJava();
    private final QuantKernels qk = Kernels.quant();

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
                    sc[i] = quantiseRow(factors, i * dim, dim, q, i * dim, i);
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

    /** int8 codes of one row (largest magnitude to 127, rounded to nearest); returns the scale. */
    private static float quantiseRow(float[] f, int off, int dim, byte[] q, int qOff, int item) {
        float max = 0f;
        for (int d = 0; d < dim; d++) {
            float x = f[off + d];
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("item factor " + item + "," + d + " is not finite: " + x);
            }
            max = Math.max(max, Math.abs(x));
        }
        float s = max / 127f;
        if (s > 0f) {
            float inv = 1f / s;
            for (int d = 0; d < dim; d++) {
                int c = Math.round(f[off + d] * inv);
                q[qOff + d] = (byte) Math.max(-127, Math.min(127, c));
            }
        }
        return s;
    }

    /**
     * These factors in another storage: this object when the storage is the same, else converted
     * from the values stored here (dequantised, then quantised again: an int8 model asked for bf16
     * carries the int8 rounding too), a block of rows at a time (no full float copy is made
     * unless FLOAT is asked for).
     */
    public QuantizedFactors to(FactorStorage target) {
        if (target == storage) {
            return this;
        }
        if (storage == FactorStorage.FLOAT) {
            return of(target, floats, numItems, dim, biases);
        }
        if (target == FactorStorage.FLOAT) {
            return of(FactorStorage.FLOAT, toFloats(), numItems, dim, biases);
        }
        float[] row = new float[dim];
        if (target == FactorStorage.INT8) {
            byte[] q = new byte[numItems * dim];
            float[] sc = new float[numItems];
            for (int i = 0; i < numItems; i++) {
                row(i, row, 0);
                sc[i] = quantiseRow(row, 0, dim, q, i * dim, i);
            }
            return new QuantizedFactors(target, numItems, dim, null, q, sc, null, biases);
        }
        short[] h = new short[numItems * dim];
        for (int i = 0; i < numItems; i++) {
            row(i, row, 0);
            for (int d = 0; d < dim; d++) {
                h[i * dim + d] = Bfloat16.of(row[d]);
            }
        }
        return new QuantizedFactors(target, numItems, dim, null, null, null, h, biases);
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

    /** The same factors with other item biases (one per item, or null; shared). */
    public QuantizedFactors withBiases(float[] b) {
        checkShape(numItems * dim, numItems, dim, b);
        return new QuantizedFactors(storage, numItems, dim, floats, codes, scales, halves, b);
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

    /** The float factors (FLOAT only, else null). Shared: not to be modified. */
    public float[] floats() {
        return floats;
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

    /** The item biases (shared, not to be modified), or null. */
    public float[] biases() {
        return biases;
    }

    /** Bytes of the factor storage (codes, scales or values; biases not counted). */
    public long factorBytes() {
        return switch (storage) {
            case FLOAT -> 4L * floats.length;
            case INT8 -> codes.length + 4L * scales.length;
            case BF16 -> 2L * halves.length;
        };
    }

    /** {@code v[vOff..vOff+dim) . row(item)} in this storage, without the bias. v not modified. */
    public float dot(int item, float[] v, int vOff) {
        return switch (storage) {
            case FLOAT -> fk.dot(floats, item * dim, v, vOff, dim);
            case INT8 -> scales[item] * qk.dotInt8(codes, item * dim, v, vOff, dim);
            case BF16 -> qk.dotBf16(halves, item * dim, v, vOff, dim);
        };
    }

    /** {@code v[vOff..vOff+dim) . row(item) + bias(item)} in this storage. v not modified. */
    public float score(int item, float[] v, int vOff) {
        float s = dot(item, v, vOff);
        return biases == null ? s : s + biases[item];
    }

    /** Writes the stored row of {@code item}, as floats, to {@code dst[dstOff..dstOff+dim)} (modified). */
    public void row(int item, float[] dst, int dstOff) {
        int p = item * dim;
        switch (storage) {
            case FLOAT -> System.arraycopy(floats, p, dst, dstOff, dim);
            case INT8 -> {
                float s = scales[item];
                for (int d = 0; d < dim; d++) {
                    dst[dstOff + d] = s * codes[p + d];
                }
            }
            case BF16 -> {
                for (int d = 0; d < dim; d++) {
                    dst[dstOff + d] = Bfloat16.toFloat(halves[p + d]);
                }
            }
        }
    }

    /**
     * The stored rows of {@code items[0..n)} as a new row-major {@code n x dim} float array (row j
     * is item {@code items[j]}): what a fold-in reads instead of the whole matrix.
     */
    public float[] gather(int[] items, int n) {
        float[] out = new float[n * dim];
        for (int j = 0; j < n; j++) {
            row(items[j], out, j * dim);
        }
        return out;
    }

    /** Every stored row as a new float array ({@code numItems x dim}; for FLOAT a copy). */
    public float[] toFloats() {
        float[] out = new float[numItems * dim];
        for (int i = 0; i < numItems; i++) {
            row(i, out, i * dim);
        }
        return out;
    }

    /** The squared norm of the stored row of {@code item} (bias not included). */
    public float normSquared(int item) {
        return switch (storage) {
            case FLOAT -> fk.sumSquares(floats, item * dim, dim);
            case INT8 -> {
                int p = item * dim;
                long s = 0;
                for (int d = 0; d < dim; d++) {
                    s += codes[p + d] * codes[p + d];
                }
                float sc = scales[item];
                yield sc * sc * s;
            }
            case BF16 -> {
                int p = item * dim;
                float s = 0f;
                for (int d = 0; d < dim; d++) {
                    float x = Bfloat16.toFloat(halves[p + d]);
                    s += x * x;
                }
                yield s;
            }
        };
    }

    /** Fills {@code out[0..numItems)} with {@link #score} of every item. v not modified; out modified. */
    public void scoreAll(float[] v, int vOff, float[] out) {
        scoreChunk(v, vOff, 0, numItems, out, 0);
    }

    /**
     * Fills {@code out[0..numItems)} with {@link #dot} of every item (no bias). v not modified;
     * out modified.
     */
    public void dotAll(float[] v, int vOff, float[] out) {
        dotRows(v, vOff, 0, numItems, out, 0);
    }

    /**
     * Writes {@link #dot} of rows {@code [start, start+len)} to {@code buf[bufOff..bufOff+len)}.
     * v not modified; buf modified.
     */
    public void dotRows(float[] v, int vOff, int start, int len, float[] buf, int bufOff) {
        switch (storage) {
            case FLOAT -> fk.gemv(false, len, dim, 1f, floats, start * dim, dim, v, vOff, 0f, buf, bufOff);
            case INT8 -> qk.scoreRowsInt8(codes, scales, start, start + len, dim, v, vOff, buf, bufOff);
            case BF16 -> qk.scoreRowsBf16(halves, start, start + len, dim, v, vOff, buf, bufOff);
        }
    }

    /**
     * Writes {@link #score} of rows {@code [start, start+len)} to {@code buf[bufOff..bufOff+len)}.
     * v not modified; buf modified.
     */
    public void scoreRows(float[] v, int vOff, int start, int len, float[] buf, int bufOff) {
        scoreChunk(v, vOff, start, len, buf, bufOff);
    }

    private void scoreChunk(float[] v, int vOff, int start, int len, float[] buf, int bufOff) {
        dotRows(v, vOff, start, len, buf, bufOff);
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

    /**
     * Writes the quantised form for a model payload: the storage name, then for INT8 the row
     * scales and the codes packed four to an int, for BF16 the values packed two to an int, in
     * chunks of at most 2^18 ints. Biases are not written.
     *
     * @throws IllegalStateException for FLOAT (written as a plain float array by its owner)
     */
    public void write(ModelOutput out) throws IOException {
        if (storage == FactorStorage.FLOAT) {
            throw new IllegalStateException("float factors are written as a float array, not in the stored form");
        }
        out.writeString(storage.name());
        switch (storage) {
            case FLOAT -> throw new IllegalStateException("unreachable");
            case INT8 -> {
                out.writeFloats(scales);
                int total = (codes.length + 3) / 4;
                for (int start = 0; start < total; start += PACK_CHUNK) {
                    int len = Math.min(PACK_CHUNK, total - start);
                    int[] w = new int[len];
                    for (int j = 0; j < len; j++) {
                        int b = 4 * (start + j);
                        int x = 0;
                        for (int t = 0; t < 4 && b + t < codes.length; t++) {
                            x |= (codes[b + t] & 0xff) << (8 * t);
                        }
                        w[j] = x;
                    }
                    out.writeInts(w);
                }
            }
            case BF16 -> {
                int total = (halves.length + 1) / 2;
                for (int start = 0; start < total; start += PACK_CHUNK) {
                    int len = Math.min(PACK_CHUNK, total - start);
                    int[] w = new int[len];
                    for (int j = 0; j < len; j++) {
                        int b = 2 * (start + j);
                        int x = halves[b] & 0xffff;
                        if (b + 1 < halves.length) {
                            x |= (halves[b + 1] & 0xffff) << 16;
                        }
                        w[j] = x;
                    }
                    out.writeInts(w);
                }
            }
        }
    }

    /**
     * Reads what {@link #write} wrote for {@code numItems x dim} factors, every length checked
     * before use (biases: none; see {@link #withBiases}).
     *
     * @throws IOException naming what does not fit
     */
    public static QuantizedFactors read(ModelInput in, int numItems, int dim, String what) throws IOException {
        String name = in.readString();
        FactorStorage st;
        try {
            st = FactorStorage.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IOException(what + ": unknown storage '" + name + "'");
        }
        long values = (long) numItems * dim;
        if (values > Integer.MAX_VALUE - 8) {
            throw new IOException(what + ": " + numItems + " x " + dim + " values do not fit an array");
        }
        int n = (int) values;
        switch (st) {
            case FLOAT -> throw new IOException(what + ": FLOAT is not a quantised storage (float factors are a float array)");
            case INT8 -> {
                float[] sc = in.readFloats();
                if (sc.length != numItems) {
                    throw new IOException("expected " + numItems + " int8 row scales of " + what + ", got " + sc.length);
                }
                for (int i = 0; i < sc.length; i++) {
                    if (!(sc[i] >= 0f) || Float.isInfinite(sc[i])) {
                        throw new IOException(what + ": int8 row scale " + i + " is " + sc[i]);
                    }
                }
                if (in.remaining() >= 0 && in.remaining() < n) {
                    throw new IOException(what + ": " + n + " int8 codes announced, " + in.remaining() + " bytes left");
                }
                byte[] c = new byte[n];
                int total = (n + 3) / 4;
                for (int start = 0; start < total; start += PACK_CHUNK) {
                    int len = Math.min(PACK_CHUNK, total - start);
                    int[] w = in.readInts();
                    if (w.length != len) {
                        throw new IOException(what + ": int8 code chunk of " + w.length + " ints, expected " + len);
                    }
                    for (int j = 0; j < len; j++) {
                        int b = 4 * (start + j);
                        for (int t = 0; t < 4 && b + t < n; t++) {
                            c[b + t] = (byte) (w[j] >>> (8 * t));
                        }
                    }
                }
                return new QuantizedFactors(st, numItems, dim, null, c, sc, null, null);
            }
            default -> {
                if (in.remaining() >= 0 && in.remaining() < 2L * n) {
                    throw new IOException(what + ": " + n + " bfloat16 values announced, " + in.remaining() + " bytes left");
                }
                short[] h = new short[n];
                int total = (n + 1) / 2;
                for (int start = 0; start < total; start += PACK_CHUNK) {
                    int len = Math.min(PACK_CHUNK, total - start);
                    int[] w = in.readInts();
                    if (w.length != len) {
                        throw new IOException(what + ": bfloat16 chunk of " + w.length + " ints, expected " + len);
                    }
                    for (int j = 0; j < len; j++) {
                        int b = 2 * (start + j);
                        h[b] = (short) w[j];
                        if (b + 1 < n) {
                            h[b + 1] = (short) (w[j] >>> 16);
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (!Float.isFinite(Bfloat16.toFloat(h[i]))) {
                        throw new IOException(what + " holds a non-finite bfloat16 value at position " + i);
                    }
                }
                return new QuantizedFactors(st, numItems, dim, null, null, null, h, null);
            }
        }
    }
}
