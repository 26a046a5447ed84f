/**
 * Baseline algorithms registered with {@link java.util.ServiceLoader}: {@code popularity}
 * ({@link dev.recsys.baseline.Popularity}) and {@code item-cooccurrence}
 * ({@link dev.recsys.baseline.ItemCooccurrence}).
 */
package dev.recsys.baseline;
