package dev.recsys.serving;

/**
 * How a factor model's item factors are stored for serving (see {@link ServingOptions}).
 *
 * <p>Thread safety: an enum, immutable.
 */
public enum FactorStorage {
    /** The trained float factors, as they are (4 bytes per value). */
    FLOAT,
    /**
     * int8 codes with one float scale per item row ({@code value = scale * code}, scale = the row's
     * largest magnitude / 127, codes rounded to nearest): 1 byte per value plus 4 per row.
     */
    INT8,
    /** bfloat16 (the upper 16 bits of the float, rounded to nearest even): 2 bytes per value. */
    BF16
}
