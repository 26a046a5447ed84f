package dev.recsys.data;

import java.util.Arrays;

/**
 * Time decay of events, {@code 2^(-(ref - t) / halfLife)}, and its reference time: the one
 * definition of "now" in a log that time-decayed popularity ({@code Popularity}, trending of the
 * scene engine) and decayed interaction matrices ({@link MatrixBuilder}) use.
 *
 * <p>The reference time is the latest time stamp that is not an outlier, so that one bad row (a
 * time stamp in milliseconds among seconds, or one far in the future) cannot move it and decay
 * every other event to zero. Rule: let {@code hi} be the 99th and {@code lo} the 1st percentile
 * of the time stamps, each leaving out at least the most extreme one (for logs of more than
 * {@value #SAMPLE} events the percentiles come from an evenly spaced sample of that many); the
 * reference time is the latest time stamp not after {@code hi + max(hi - lo, 30 days)}. A time
 * stamp after the reference time is treated as being at it (weight 1).
 *
 * <p>Thread safety: stateless; safe from any thread (the log must not change meanwhile).
 */
public final class TimeDecay {
    /** The least allowance beyond the 99th percentile: 30 days in seconds. */
    public static final long MIN_ALLOWANCE_SECONDS = 30L * 86_400L;
    /** Largest number of time stamps the percentiles are taken from. */
    public static final int SAMPLE = 1 << 20;

    private TimeDecay() {
    }

    /**
     * The reference time of {@code log} (see the class comment), or 0 for an empty log.
     *
     * @param log the events. Not modified.
     */
    public static long referenceTime(Interactions log) {
        if (log == null) {
            throw new IllegalArgumentException("log must not be null");
        }
        int n = log.size();
        if (n == 0) {
            return 0;
        }
        if (n == 1) {
            return log.time(0);
        }
        int m = Math.min(n, SAMPLE);
        long[] t = new long[m];
        for (int k = 0; k < m; k++) {
            t[k] = log.time((int) ((long) k * n / m));
        }
        Arrays.sort(t);
        int hiRank = (int) Math.min(m - 2, (long) Math.floor(0.99 * (m - 1)));
        int loRank = (int) Math.max(1, (long) Math.ceil(0.01 * (m - 1)));
        long hi = t[hiRank];
        long lo = t[Math.min(loRank, m - 1)];
        long spread = Math.max(0, saturatedSub(hi, lo));
        long fence = saturatedAdd(hi, Math.max(spread, MIN_ALLOWANCE_SECONDS));
        long ref = Long.MIN_VALUE;
        for (int e = 0; e < n; e++) {
            long te = log.time(e);
            if (te <= fence && te > ref) {
                ref = te;
            }
        }
        return ref;
    }

    /**
     * The decay weight of an event at time {@code t}: {@code 2^(-(ref - t) / halfLifeSeconds)},
     * 1 for an event at or after {@code ref}, 1 when {@code halfLifeSeconds} is 0 (no decay).
     *
     * @param ref             the reference time, usually {@link #referenceTime(Interactions)}
     * @param t               the event's time stamp
     * @param halfLifeSeconds the half-life, finite and >= 0
     * @return a weight in [0, 1]
     */
    public static double weight(long ref, long t, double halfLifeSeconds) {
        if (halfLifeSeconds <= 0 || t >= ref) {
            return 1.0;
        }
        double age = (double) ref - (double) t;
        return Math.pow(2.0, -age / halfLifeSeconds);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    private static long saturatedSub(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }
}
