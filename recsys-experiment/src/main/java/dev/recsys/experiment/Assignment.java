package dev.recsys.experiment;

/**
 * Where a unit (user or session) landed: one experiment of one layer, and its variant there.
 *
 * @param layer      the layer's name
 * @param experiment the experiment's name
 * @param variant    the variant's name
 *
 * <p>Thread safety: immutable.
 */
public record Assignment(String layer, String experiment, String variant) {
}
