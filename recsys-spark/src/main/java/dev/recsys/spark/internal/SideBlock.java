package dev.recsys.spark.internal;

import java.io.Serializable;

/**
 * The parameters of one block of users or items in distributed biased MF: the factors of the
 * block's rows (local row {@code r} is global row {@code r * blocks + block}), row-major, and one
 * bias per row.
 *
 * <p>Thread safety: treat as immutable once published in an RDD (the SGD step works on copies).
 *
 * @param factors rows x k
 * @param bias    rows
 */
public record SideBlock(float[] factors, float[] bias) implements Serializable {
    /** A deep copy. */
    public SideBlock copy() {
        return new SideBlock(factors.clone(), bias.clone());
    }
}
