package dev.recsys.experiment;

import dev.recsys.experiment.internal.Stats;

/**
 * Compares a treatment with the control on one {@link Metric}: the difference with its 95%
 * interval (normal approximation, delta method for ratios), the fixed-horizon p-value, and the
 * always-valid p-value of a {@link SequentialTest}.
 *
 * <p>Thread safety: stateless.
 */
public final class AbTest {
    private AbTest() {
    }

    /**
     * One look at the data.
     *
     * @param metric        the metric
     * @param control       per-unit totals of the control
     * @param treatment     per-unit totals of the treatment
     * @param test          the sequential test
     * @param previousP     the always-valid p-value after the previous look (1 at the first)
     * @throws IllegalArgumentException if an argument is null or previousP is outside [0, 1]
     */
    public static Comparison compare(Metric metric, UnitTotals control, UnitTotals treatment, SequentialTest test,
                                     double previousP) {
        if (metric == null || control == null || treatment == null || test == null) {
            throw new IllegalArgumentException("metric, control, treatment and test must not be null");
        }
        if (!(previousP >= 0 && previousP <= 1)) {
            throw new IllegalArgumentException("previousP must be in [0, 1], got " + previousP);
        }
        Stats.Ratio a = metric.moments(control);
        Stats.Ratio b = metric.moments(treatment);
        MetricEstimate ea = estimate(metric, a);
        MetricEstimate eb = estimate(metric, b);
        double diff = b.value() - a.value();
        double var = a.variance() + b.variance();
        double se = Math.sqrt(var);
        double p = var > 0 ? Stats.twoSidedP(diff / se) : 1.0;
        double pooledUnitVar = (a.unitVariance() + b.unitVariance()) / 2;
        double avp = Math.min(previousP, test.pValue(diff, var, pooledUnitVar));
        double lift = a.value() != 0 ? diff / a.value() : 0;
        long needed = diff != 0 && a.unitVariance() > 0 && b.unitVariance() > 0
                ? SampleSize.perVariant(Math.sqrt(a.unitVariance()), Math.sqrt(b.unitVariance()), diff, 0.05, 0.8) : 0;
        return new Comparison(metric, ea, eb, diff, se, diff - Stats.Z975 * se, diff + Stats.Z975 * se, lift, p, avp, needed);
    }

    private static MetricEstimate estimate(Metric m, Stats.Ratio r) {
        double se = Math.sqrt(r.variance());
        return new MetricEstimate(m, r.units(), r.value(), se, r.value() - Stats.Z975 * se, r.value() + Stats.Z975 * se);
    }
}
