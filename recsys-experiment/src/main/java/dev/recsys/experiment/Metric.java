package dev.recsys.experiment;

import dev.recsys.experiment.internal.Stats;

/**
 * The metrics of an A/B experiment, each computed per unit (user or session) so that units are the
 * independent observations.
 *
 * <p>Thread safety: immutable.
 */
public enum Metric {
    /** Click-through rate: all clicks over all impressions, a ratio metric (delta-method variance). */
    CTR("ctr", true),
    /** Mean clicks per unit. */
    CLICKS_PER_UNIT("clicks/unit", false),
    /** Conversion: share of units with at least one purchase. */
    CONVERSION("conversion", false),
    /** Mean revenue per unit. */
    REVENUE_PER_UNIT("revenue/unit", false);

    private final String label;
    private final boolean ratio;

    Metric(String label, boolean ratio) {
        this.label = label;
        this.ratio = ratio;
    }

    /** A short label for tables. */
    public String label() {
        return label;
    }

    /** Whether the metric is a ratio of two per-unit sums (estimated with the delta method). */
    public boolean isRatio() {
        return ratio;
    }

    /** The per-unit numerator. */
    double numerator(UnitTotals t, int i) {
        return switch (this) {
            case CTR, CLICKS_PER_UNIT -> t.clicks(i);
            case CONVERSION -> t.purchases(i) > 0 ? 1 : 0;
            case REVENUE_PER_UNIT -> t.revenue(i);
        };
    }

    /** The per-unit denominator (1 for means). */
    double denominator(UnitTotals t, int i) {
        return this == CTR ? t.impressions(i) : 1;
    }

    /**
     * The metric of one variant with its 95% interval.
     *
     * @throws IllegalArgumentException if totals is null
     */
    public MetricEstimate estimate(UnitTotals totals) {
        if (totals == null) {
            throw new IllegalArgumentException("totals must not be null");
        }
        Stats.Ratio r = moments(totals);
        double se = Math.sqrt(r.variance());
        return new MetricEstimate(this, totals.size(), r.value(), se, r.value() - Stats.Z975 * se, r.value() + Stats.Z975 * se);
    }

    Stats.Ratio moments(UnitTotals t) {
        int n = t.size();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = numerator(t, i);
            y[i] = denominator(t, i);
        }
        return Stats.ratio(x, y);
    }
}
