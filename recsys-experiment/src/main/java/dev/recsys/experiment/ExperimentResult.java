package dev.recsys.experiment;

import java.util.List;
import java.util.Map;

/**
 * The analysis of one experiment in a log.
 *
 * @param name         the experiment's name
 * @param control      the control variant (the one given, else the first seen)
 * @param variants     the A/B variants, control first
 * @param estimates    each variant's metrics, in {@link Metric} order
 * @param comparisons  each treatment's comparisons with the control, in {@link Metric} order
 * @param sampleRatio  the sample-ratio-mismatch check of the A/B units (null with no A/B units)
 * @param days         number of daily looks the always-valid p-values were updated at
 * @param crossovers   units seen in more than one variant (should be 0: assignment or logging bug)
 * @param interleaving the interleaving result, or null if the experiment has no interleaved impressions
 *
 * <p>Thread safety: immutable.
 */
public record ExperimentResult(String name, String control, List<String> variants,
                               Map<String, List<MetricEstimate>> estimates, Map<String, List<Comparison>> comparisons,
                               SampleRatio sampleRatio, int days, int crossovers, Interleaving.Result interleaving) {
    /** Copies the collections. */
    public ExperimentResult {
        variants = List.copyOf(variants);
        estimates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(estimates));
        comparisons = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(comparisons));
    }
}
