package dev.recsys.experiment;

/**
 * The mixture sequential probability ratio test (mSPRT, Johari, Koomen, Pekelis and Walsh, "Always
 * Valid Inference", 2017) for a difference of two means (or delta-method ratios): with the
 * estimated difference {@code d}, its variance {@code V} and a normal mixture of effects with
 * standard deviation {@code tau},
 *
 * <pre>
 *   Lambda = sqrt(V / (V + tau^2)) * exp(d^2 tau^2 / (2 V (V + tau^2)))
 * </pre>
 *
 * and the always-valid p-value after each look is {@code min(previous p, 1 / Lambda)}. Rejecting
 * when it falls below alpha keeps the false-positive rate below alpha however often, and whenever,
 * one looks (daily dashboards included); the price is needing more units than a fixed-horizon test
 * planned for the true effect. {@code tau} is given in units of the per-unit standard deviation
 * (pooled over both variants), so one setting suits every metric.
 *
 * <p>Thread safety: immutable.
 */
public final class SequentialTest {
    /** Default mixture standard deviation, in per-unit standard deviations. */
    public static final double DEFAULT_TAU = 0.05;

    private final double tau;

    private SequentialTest(double tau) {
        this.tau = tau;
    }

    /** The mSPRT with the default mixture. */
    public static SequentialTest msprt() {
        return new SequentialTest(DEFAULT_TAU);
    }

    /**
     * The mSPRT with mixture standard deviation {@code tau} (in per-unit standard deviations).
     *
     * @throws IllegalArgumentException unless 0 &lt; tau &lt;= 100
     */
    public static SequentialTest msprt(double tau) {
        if (!(tau > 0 && tau <= 100)) {
            throw new IllegalArgumentException("tau must be in (0, 100], got " + tau);
        }
        return new SequentialTest(tau);
    }

    /** The mixture standard deviation in per-unit standard deviations. */
    public double tau() {
        return tau;
    }

    /**
     * The log of the mixture likelihood ratio at one look.
     *
     * @param difference   the estimated difference
     * @param variance     its variance (0 or less: no evidence, returns 0)
     * @param unitVariance the pooled variance of one unit's value, scales tau
     */
    public double logLambda(double difference, double variance, double unitVariance) {
        if (!(variance > 0) || !(unitVariance > 0) || !Double.isFinite(difference)) {
            return 0;
        }
        double t2 = tau * tau * unitVariance;
        return 0.5 * Math.log(variance / (variance + t2)) + difference * difference * t2 / (2 * variance * (variance + t2));
    }

    /** The p-value of one look, {@code min(1, 1 / Lambda)}. */
    public double pValue(double difference, double variance, double unitVariance) {
        return Math.min(1.0, Math.exp(-logLambda(difference, variance, unitVariance)));
    }
}
