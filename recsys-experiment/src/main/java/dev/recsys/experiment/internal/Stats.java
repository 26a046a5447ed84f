package dev.recsys.experiment.internal;

import org.apache.commons.math3.special.Erf;

/**
 * Small statistics helpers: the delta-method ratio estimator over units, normal tail
 * probabilities.
 *
 * <p>Thread safety: stateless.
 */
public final class Stats {
    /** The 97.5% quantile of the standard normal. */
    public static final double Z975 = 1.959963984540054;

    private Stats() {
    }

    /**
     * A ratio of means over units with the delta-method variance of the estimate.
     *
     * @param value        mean(x) / mean(y) (0 when mean(y) is 0)
     * @param variance     variance of {@code value} (0 with fewer than two units)
     * @param units        number of units
     * @param unitVariance {@code variance * units}: the variance of one unit's linearised value
     *
     * <p>Thread safety: immutable.
     */
    public record Ratio(double value, double variance, int units, double unitVariance) {
    }

    /** The ratio estimator of sum(x) / sum(y) over units. */
    public static Ratio ratio(double[] x, double[] y) {
        int n = x.length;
        if (n == 0) {
            return new Ratio(0, 0, 0, 0);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        if (my <= 0) {
            return new Ratio(0, 0, n, 0);
        }
        double r = mx / my;
        if (n < 2) {
            return new Ratio(r, 0, n, 0);
        }
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        sxx /= n - 1;
        syy /= n - 1;
        sxy /= n - 1;
        double unit = Math.max(0, (sxx - 2 * r * sxy + r * r * syy) / (my * my));
        return new Ratio(r, unit / n, n, unit);
    }

    /** Two-sided normal p-value of a z statistic. */
    public static double twoSidedP(double z) {
        if (!Double.isFinite(z)) {
            return Double.isNaN(z) ? 1 : 0;
        }
        return Erf.erfc(Math.abs(z) / Math.sqrt(2));
    }

    /** The standard normal quantile. */
    public static double normalQuantile(double p) {
        return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    }
}
