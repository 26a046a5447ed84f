package dev.recsys.eval.metrics;

/**
 * Rating-prediction errors over test rating events. Every test event that carries a value
 * ({@link dev.recsys.data.Behavior#hasValue()}) is one term; the mean runs over events (not over
 * users), so a user with many test ratings weighs more, as in the usual published RMSE figures.
 * The relevance threshold of ranking metrics does not apply here.
 *
 * <ul>
 *   <li>MSE = {@code sum (p - r)^2 / n}</li>
 *   <li>RMSE = {@code sqrt(MSE)}</li>
 *   <li>MAE = {@code sum |p - r| / n}</li>
 * </ul>
 * With no event ({@code n == 0}) every error is 0; the evaluator refuses to report rating metrics
 * for a test set without rating events instead.
 *
 * <p>Thread safety: stateless.
 */
public final class RatingMetrics {
    private RatingMetrics() {
    }

    /** Root mean squared error of {@code predicted} against {@code actual} (same length). */
    public static double rmse(float[] predicted, float[] actual) {
        return Math.sqrt(mse(predicted, actual));
    }

    /** Mean squared error of {@code predicted} against {@code actual} (same length). */
    public static double mse(float[] predicted, float[] actual) {
        check(predicted, actual);
        double s = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = (double) predicted[i] - actual[i];
            s += d * d;
        }
        return mseFromSums(s, predicted.length);
    }

    /** Mean absolute error of {@code predicted} against {@code actual} (same length). */
    public static double mae(float[] predicted, float[] actual) {
        check(predicted, actual);
        double s = 0;
        for (int i = 0; i < predicted.length; i++) {
            s += Math.abs((double) predicted[i] - actual[i]);
        }
        return maeFromSums(s, predicted.length);
    }

    /** MSE from a sum of squared errors over {@code n} events; 0 if {@code n == 0}. */
    public static double mseFromSums(double sumSquared, long n) {
        checkN(n);
        return n == 0 ? 0.0 : sumSquared / n;
    }

    /** RMSE from a sum of squared errors over {@code n} events; 0 if {@code n == 0}. */
    public static double rmseFromSums(double sumSquared, long n) {
        return Math.sqrt(mseFromSums(sumSquared, n));
    }

    /** MAE from a sum of absolute errors over {@code n} events; 0 if {@code n == 0}. */
    public static double maeFromSums(double sumAbsolute, long n) {
        checkN(n);
        return n == 0 ? 0.0 : sumAbsolute / n;
    }

    private static void checkN(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
    }

    private static void check(float[] predicted, float[] actual) {
        if (predicted == null || actual == null) {
            throw new IllegalArgumentException("predicted and actual must not be null");
        }
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("predicted and actual must have the same length, got "
                    + predicted.length + " and " + actual.length);
        }
        for (int i = 0; i < predicted.length; i++) {
            if (!Float.isFinite(predicted[i]) || !Float.isFinite(actual[i])) {
                throw new IllegalArgumentException("predicted and actual must be finite; entry " + i + " is "
                        + predicted[i] + " / " + actual[i]);
            }
        }
    }
}
