package dev.recsys.spark.internal;

import java.io.Serializable;

/**
 * What one block of a side sends per half-iteration: for each destination block (ascending), the
 * local rows (ascending) whose factors that block needs.
 *
 * <p>Thread safety: immutable.
 *
 * @param dst    destination blocks
 * @param locals per destination, local rows to send
 */
public record OutBlock(int[] dst, int[][] locals) implements Serializable {
}
