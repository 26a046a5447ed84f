package dev.recsys.spark.internal;

import java.io.Serializable;

/**
 * Factors sent from one source block to one destination block: the rows the destination asked for,
 * in its order, row-major.
 *
 * <p>Thread safety: treat as immutable.
 *
 * @param src     source block
 * @param factors rows x k
 */
public record FactorMessage(int src, float[] factors) implements Serializable {
}
