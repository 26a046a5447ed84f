package dev.recsys.experiment;

/**
 * A metric of one variant with its standard error and a 95% confidence interval (normal
 * approximation; the delta method for ratio metrics).
 *
 * @param metric the metric
 * @param units  number of units
 * @param value  the estimate (0 when there are no units)
 * @param stdErr its standard error
 * @param low    lower end of the 95% interval
 * @param high   upper end of the 95% interval
 *
 * <p>Thread safety: immutable.
 */
public record MetricEstimate(Metric metric, int units, double value, double stdErr, double low, double high) {
}
