package dev.recsys.experiment;

/**
 * A treatment variant against the control on one metric.
 *
 * @param metric         the metric
 * @param control        the control's estimate
 * @param treatment      the treatment's estimate
 * @param difference     treatment minus control
 * @param stdErr         standard error of the difference
 * @param low            lower end of the 95% interval of the difference
 * @param high           upper end of the 95% interval of the difference
 * @param relativeLift   difference relative to the control's value (0 when the control is 0)
 * @param pValue         fixed-horizon two-sided p-value (valid only if looked at once, at the planned size)
 * @param alwaysValidP   always-valid p-value of the mSPRT over all looks so far (valid whenever looked at)
 * @param unitsFor80     units per variant a fixed-horizon test needs for 80% power at alpha 0.05 to
 *                       detect a difference as large as the observed one (0 when it is 0)
 *
 * <p>Thread safety: immutable.
 */
public record Comparison(Metric metric, MetricEstimate control, MetricEstimate treatment, double difference, double stdErr,
                         double low, double high, double relativeLift, double pValue, double alwaysValidP, long unitsFor80) {

    /** Whether the always-valid p-value is below {@code alpha}. */
    public boolean significant(double alpha) {
        return alwaysValidP < alpha;
    }
}
