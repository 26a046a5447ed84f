package dev.recsys.eval.stats;

import java.util.Locale;

/**
 * Paired comparison of two models on one metric over the same evaluated users: means, the mean
 * per-user difference {@code A - B}, a paired t-test, a Wilcoxon signed-rank test and a bootstrap
 * percentile confidence interval of the mean difference. Every field is finite.
 *
 * @param metric           metric name, e.g. {@code ndcg@10}
 * @param algorithmA       first model
 * @param algorithmB       second model
 * @param n                number of paired users (units)
 * @param meanA            mean of A
 * @param meanB            mean of B
 * @param meanDifference   mean of {@code A - B}
 * @param tStatistic       paired t statistic; {@code +-Double.MAX_VALUE} if all differences are equal and non-zero, 0 if all are 0
 * @param tPValue          two-sided p-value of the paired t-test
 * @param wilcoxonW        Wilcoxon statistic W+ (sum of the ranks of positive differences; zero differences dropped)
 * @param wilcoxonN        number of non-zero differences the Wilcoxon test used
 * @param wilcoxonPValue   two-sided p-value of the Wilcoxon signed-rank test
 * @param ciLow            lower end of the bootstrap interval of the mean difference
 * @param ciHigh           upper end of the bootstrap interval of the mean difference
 * @param confidence       confidence level of the interval, e.g. 0.95
 * @param bootstrapSamples number of bootstrap resamples
 * @param seed             bootstrap seed
 *
 * <p>Thread safety: immutable.
 */
public record ComparisonResult(String metric, String algorithmA, String algorithmB, int n, double meanA, double meanB,
                               double meanDifference, double tStatistic, double tPValue, double wilcoxonW, int wilcoxonN,
                               double wilcoxonPValue, double ciLow, double ciHigh, double confidence,
                               int bootstrapSamples, long seed) {

    /** Whether both tests reject equality at level {@code alpha} and the interval excludes 0. */
    public boolean significant(double alpha) {
        return tPValue < alpha && wilcoxonPValue < alpha && (ciLow > 0 || ciHigh < 0);
    }

    /**
     * One line for the console, e.g.
     * {@code ndcg@10: A 0.2510 vs B 0.2203, diff +0.0307 [95% CI +0.0251, +0.0362], paired t p=1.2e-10, Wilcoxon p=3.4e-11, n=943}.
     */
    public String format() {
        return String.format(Locale.ROOT,
                "%s: %s %.4f vs %s %.4f, diff %+.4f [%s%% CI %+.4f, %+.4f], paired t=%.3f p=%.3g, Wilcoxon W+=%.1f p=%.3g, n=%d",
                metric, algorithmA, meanA, algorithmB, meanB, meanDifference, percent(confidence), ciLow, ciHigh,
                tStatistic, tPValue, wilcoxonW, wilcoxonPValue, n);
    }

    private static String percent(double c) {
        double p = c * 100;
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
