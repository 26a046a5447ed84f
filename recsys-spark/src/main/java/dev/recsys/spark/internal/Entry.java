package dev.recsys.spark.internal;

import java.io.Serializable;

/**
 * One aggregated matrix entry: dense user index, dense item index, weight.
 *
 * <p>Thread safety: immutable.
 */
public record Entry(int user, int item, float weight) implements Serializable {
}
