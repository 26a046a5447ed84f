package dev.recsys.internal.kernel;

/**
 * Dot products of quantised item factors with a float query vector, the serving-side companion of
 * {@link FloatKernels}: int8 rows with one float scale per row (the row's value is
 * {@code scale * code}) and bfloat16 rows ({@link Bfloat16}), both accumulated in float. Used by
 * the quantised item storage of the serving layer to score a user against every item while reading
 * a quarter (int8) or half (bf16) of the float bytes.
 *
 * <p>Two implementations, chosen with the float kernels by {@link Kernels#quant()}: the plain-Java
 * {@link ScalarQuantKernels} (always available; the reference) and a Vector API one
 * ({@code panama.PanamaQuantKernels}) when the float kernels are the Vector API ones. They agree
 * up to float rounding (summation order).
 *
 * <p>Conventions as in {@link FloatKernels}: rows are row-major with stride {@code dim}; ranges are
 * not validated beyond what array accesses do. Thread safety: implementations are stateless and
 * thread-safe; concurrent calls must not write to overlapping output ranges.
 */
public interface QuantKernels {

    /** {@code scalar} or {@code vector}. */
    String name();

    /** Returns {@code sum_i q[qOff+i] * v[vOff+i]} for i in [0, n) (codes as signed bytes). Arrays not modified. */
    float dotInt8(byte[] q, int qOff, float[] v, int vOff, int n);

    /** Returns {@code sum_i bf16(h[hOff+i]) * v[vOff+i]} for i in [0, n). Arrays not modified. */
    float dotBf16(short[] h, int hOff, float[] v, int vOff, int n);

    /**
     * Scores rows {@code [fromRow, toRow)} of int8 codes against {@code v[vOff .. vOff+dim)}:
     * {@code out[outOff + r - fromRow] = scales[r] * dotInt8(rows, r*dim, v, vOff, dim)}. rows,
     * scales and v not modified; out modified.
     */
    default void scoreRowsInt8(byte[] rows, float[] scales, int fromRow, int toRow, int dim, float[] v, int vOff,
                               float[] out, int outOff) {
        for (int r = fromRow; r < toRow; r++) {
            out[outOff + r - fromRow] = scales[r] * dotInt8(rows, r * dim, v, vOff, dim);
        }
    }

    /**
     * Scores rows {@code [fromRow, toRow)} of bfloat16 values against {@code v[vOff .. vOff+dim)}:
     * {@code out[outOff + r - fromRow] = dotBf16(rows, r*dim, v, vOff, dim)}. rows and v not
     * modified; out modified.
     */
    default void scoreRowsBf16(short[] rows, int fromRow, int toRow, int dim, float[] v, int vOff,
                               float[] out, int outOff) {
        for (int r = fromRow; r < toRow; r++) {
            out[outOff + r - fromRow] = dotBf16(rows, r * dim, v, vOff, dim);
        }
    }
}
