package dev.recsys.internal.train;

import dev.recsys.data.Behavior;
import dev.recsys.data.Interactions;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.TrainingData;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The checks every trainer runs, in one place:
 * <ul>
 *   <li>{@link #requireFinite}: after training, every value the model will serve is finite; a
 *       learning rate too large, or a regularisation too small for the data, makes the parameters
 *       diverge to infinite or NaN values, and such a model would hand NaN scores to its callers
 *       (or be saved to a file that cannot be loaded). The message names the parameter to change.</li>
 *   <li>{@link #requireRatings}: an explicit-rating algorithm refuses data without ratings and
 *       names the algorithms that fit implicit feedback.</li>
 *   <li>{@link #requireMemory}: a dense block is estimated before it is allocated and refused,
 *       with its size and the {@code -Xmx} it needs, when the heap cannot hold it.</li>
 * </ul>
 *
 * <p>Thread safety: stateless.
 */
public final class TrainingChecks {
    /** How many widths of the rating range a prediction may lie outside it. */
    public static final double RANGE_SLACK = 2.0;
    private static final long MIB = 1L << 20;

    private TrainingChecks() {
    }

    /**
     * Fails if any value is NaN or infinite.
     *
     * @param what   the training, for the message (e.g. {@code "biased-mf Adam"})
     * @param remedy what to change, naming the parameter and its value (e.g.
     *               {@code "lower adam-learning-rate (now 0.5)"})
     * @param params the trained arrays the model will serve. Not modified.
     * @throws IllegalStateException naming how many values are not finite and the remedy
     */
    public static void requireFinite(String what, String remedy, float[]... params) {
        long bad = 0;
        long total = 0;
        for (float[] a : params) {
            if (a == null) {
                continue;
            }
            total += a.length;
            for (float v : a) {
                if (!Float.isFinite(v)) {
                    bad++;
                }
            }
        }
        if (bad > 0) {
            throw new IllegalStateException(what + " training diverged: " + bad + " of " + total
                    + " parameters are NaN or infinite; " + remedy);
        }
    }

    /**
     * Fails if a single value is NaN or infinite (a global mean, a bias).
     *
     * @see #requireFinite(String, String, float[]...)
     */
    public static void requireFinite(String what, String remedy, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalStateException(what + " training diverged: a global parameter is " + value + "; " + remedy);
        }
    }

    /**
     * Fails if an explicit-rating model's error on the ratings it was trained on is absurd: a root
     * mean squared error above the width of the rating range (a model that knows only the mean
     * stays below half of it), which only a diverged optimiser reaches.
     *
     * @param what   the training, for the message
     * @param remedy what to change, naming the parameter
     * @param rmse   the training (or validation) RMSE
     * @param min    the smallest rating
     * @param max    the largest rating
     * @throws IllegalStateException naming the RMSE, the range and the remedy
     */
    public static void requireSaneError(String what, String remedy, double rmse, float min, float max) {
        double width = Math.max(1e-6, (double) max - min);
        if (!(rmse <= Math.max(width, 1.0))) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s training diverged: its RMSE on the training ratings is %.4g on a rating range of [%s, %s]; %s",
                    what, rmse, fmt(min), fmt(max), remedy));
        }
    }

    /**
     * Fails if an explicit-rating model predicts a rating absurdly far outside the range it was
     * trained on: more than {@link #RANGE_SLACK} times the width of the range below the smallest or
     * above the largest rating (below -7 or above 13 on a 1-5 scale). Predictions are served
     * unclamped (so that the order among the top items is kept); a model that fits its training
     * ratings well can still predict such values when its regularisation is too weak.
     *
     * @param what       the training, for the message
     * @param remedy     what to change, naming the parameter
     * @param prediction the prediction farthest from the range
     * @param min        the smallest rating
     * @param max        the largest rating
     * @throws IllegalStateException naming the prediction, the range and the remedy
     */
    public static void requireSanePredictions(String what, String remedy, float prediction, float min, float max) {
        double slack = RANGE_SLACK * Math.max(1.0, (double) max - min);
        if (!(prediction >= min - slack && prediction <= max + slack)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s training diverged: it predicts a rating of %.4g for a rating range of [%s, %s]; %s",
                    what, prediction, fmt(min), fmt(max), remedy));
        }
    }

    /**
     * Fails if the data holds no ratings for an explicit-rating algorithm: no event is a rating or
     * a review, or the matrix the options build is empty.
     *
     * @param algorithm the algorithm name (e.g. {@code biased-mf})
     * @param data      the training data. Not modified.
     * @throws IllegalArgumentException naming the algorithms that fit implicit feedback
     */
    public static void requireRatings(String algorithm, TrainingData data) {
        Interactions log = data.dataset().interactions();
        boolean anyRating = false;
        for (int e = 0; e < log.size() && !anyRating; e++) {
            Behavior b = log.behavior(e);
            anyRating = b == Behavior.RATING || b == Behavior.REVIEW;
        }
        if (!anyRating || data.matrix().nnz() == 0) {
            throw new IllegalArgumentException(algorithm + " learns from explicit ratings, but the training data has "
                    + (anyRating ? "no ratings the matrix options keep" : "no rating or review events")
                    + " (" + log.size() + " events); for implicit feedback (views, clicks, carts, purchases) use "
                    + implicitAlgorithms());
        }
    }

    /** The names of the registered algorithms that learn from implicit feedback, comma-separated. */
    static String implicitAlgorithms() {
        String names = Algorithms.all().stream().filter(a -> !a.explicit()).map(Algorithm::name)
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "an implicit-feedback algorithm (ials, bpr, ease, item-cooccurrence, mult-vae)" : names;
    }

    /**
     * Fails before a dense block is allocated if the heap cannot hold it: {@code bytes} is compared
     * with {@link Runtime#maxMemory()} minus the heap in use (measured again after one
     * {@link System#gc()} before refusing, since the heap in use includes uncollected garbage).
     *
     * @param what  the block, for the message (e.g. {@code "ease: the 30000 x 30000 Gram matrix"})
     * @param bytes the estimated size in bytes (see {@link #bytes})
     * @param hint  the parameters that shrink it (e.g. {@code "lower max-items"})
     * @throws IllegalStateException giving the bytes, the heap and the {@code -Xmx} it needs
     */
    public static void requireMemory(String what, long bytes, String hint) {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        if (bytes <= max - (rt.totalMemory() - rt.freeMemory())) {
            return;
        }
        // the heap in use counts garbage not yet collected: collect once before refusing, so the
        // refusal is not a false one (this path runs only when the block looks too large)
        System.gc();
        requireMemory(what, bytes, hint, max, rt.totalMemory() - rt.freeMemory());
    }

    /** {@link #requireMemory(String, long, String)} against a given heap (for tests). */
    static void requireMemory(String what, long bytes, String hint, long maxHeap, long usedHeap) {
        long available = Math.max(0, maxHeap - usedHeap);
        if (bytes <= available) {
            return;
        }
        long need = saturatingAdd(usedHeap, bytes);
        need = saturatingAdd(need, need / 4); // head room for the collector and what training keeps beside it
        throw new IllegalStateException(what + " needs " + bytes + " bytes (" + human(bytes) + ") but the heap has "
                + human(available) + " free of " + human(maxHeap) + " (-Xmx); run java with -Xmx" + xmx(need)
                + " or more, or " + hint);
    }

    /**
     * The product of the factors in bytes, saturating at {@link Long#MAX_VALUE} instead of
     * overflowing (a count of 2^31 items times 2^31 is still "too large").
     *
     * @param factors non-negative counts and sizes
     */
    public static long bytes(long... factors) {
        long p = 1;
        for (long f : factors) {
            if (f < 0) {
                throw new IllegalArgumentException("a size must not be negative, got " + f);
            }
            if (f != 0 && p > Long.MAX_VALUE / f) {
                return Long.MAX_VALUE;
            }
            p *= f;
        }
        return p;
    }

    /** {@code a + b}, saturating at {@link Long#MAX_VALUE}. */
    public static long saturatingAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    private static String human(long bytes) {
        if (bytes >= 10 * (MIB << 10)) {
            return (bytes >> 30) + " GiB";
        }
        return (bytes + MIB - 1) / MIB + " MiB";
    }

    private static String xmx(long bytes) {
        long mib = (bytes + MIB - 1) / MIB;
        if (mib >= 1024) {
            return ((mib + 1023) / 1024) + "g";
        }
        return mib + "m";
    }

    private static String fmt(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }
}
