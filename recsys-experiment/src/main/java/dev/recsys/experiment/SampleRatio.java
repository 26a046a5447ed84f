package dev.recsys.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Sample-ratio-mismatch check: a chi-square goodness-of-fit test of the units seen per variant
 * against the configured split. A mismatch (p below {@value #THRESHOLD}) means assignment or
 * logging is broken (bots, redirects, a variant that crashes before logging) and the experiment's
 * comparisons must not be trusted.
 *
 * @param observed units per variant
 * @param expected expected share per variant (sums to 1)
 * @param pValue   the chi-square test's p-value (1 with fewer than two variants or no units)
 *
 * <p>Thread safety: immutable.
 */
public record SampleRatio(Map<String, Long> observed, Map<String, Double> expected, double pValue) {
    /** p-value below which a mismatch is reported (the customary 0.001). */
    public static final double THRESHOLD = 0.001;

    /** Copies the maps. */
    public SampleRatio {
        observed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(observed));
        expected = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expected));
    }

    /** Whether the split is off. */
    public boolean mismatch() {
        return pValue < THRESHOLD;
    }

    /**
     * Tests observed counts against an expected split.
     *
     * @param variants variant names, in order
     * @param observed units per variant (same order)
     * @param expected expected shares (same order; normalised here)
     * @throws IllegalArgumentException if lengths differ, or a share is not positive
     */
    public static SampleRatio test(List<String> variants, long[] observed, double[] expected) {
        if (variants.size() != observed.length || observed.length != expected.length) {
            throw new IllegalArgumentException("variants, observed and expected must have the same length");
        }
        double total = 0;
        long n = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!(expected[i] > 0 && Double.isFinite(expected[i]))) {
                throw new IllegalArgumentException("expected share of '" + variants.get(i) + "' must be positive, got " + expected[i]);
            }
            if (observed[i] < 0) {
                throw new IllegalArgumentException("observed count of '" + variants.get(i) + "' must be >= 0, got " + observed[i]);
            }
            total += expected[i];
            n += observed[i];
        }
        Map<String, Long> obs = new LinkedHashMap<>();
        Map<String, Double> exp = new LinkedHashMap<>();
        double chi = 0;
        for (int i = 0; i < expected.length; i++) {
            double share = expected[i] / total;
            obs.put(variants.get(i), observed[i]);
            exp.put(variants.get(i), share);
            double e = share * n;
            chi += e > 0 ? (observed[i] - e) * (observed[i] - e) / e : 0;
        }
        double p = expected.length < 2 || n == 0 ? 1.0
                : 1.0 - new ChiSquaredDistribution(null, expected.length - 1).cumulativeProbability(chi);
        return new SampleRatio(obs, exp, Math.max(0, Math.min(1, p)));
    }
}
