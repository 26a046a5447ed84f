package dev.recsys.eval.split;

import dev.recsys.data.Interactions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Global time cut-off: events at or after the cut-off time go to test, earlier ones to training, so
 * no training event happens after a test event (no information from the future). The cut-off is a
 * fixed epoch second ({@link #at}) or chosen so that the latest {@code testFraction} of events are
 * tested ({@link #latestFraction}; events sharing the cut-off second all go to test). Optionally,
 * test events of users or items without any training event are dropped ({@code dropCold}).
 *
 * <p>Thread safety: immutable.
 */
public final class TimeCutoff implements SplitProtocol {
    private final long cutoff;
    private final double fraction; // NaN when cutoff is fixed
    private final boolean dropCold;

    private TimeCutoff(long cutoff, double fraction, boolean dropCold) {
        this.cutoff = cutoff;
        this.fraction = fraction;
        this.dropCold = dropCold;
    }

    /** Test = events with time {@code >= epochSeconds}. */
    public static TimeCutoff at(long epochSeconds) {
        return new TimeCutoff(epochSeconds, Double.NaN, false);
    }

    /**
     * Test = the latest {@code testFraction} of events (the cut-off is the time of the event at
     * that quantile).
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1)
     */
    public static TimeCutoff latestFraction(double testFraction) {
        return new TimeCutoff(0, Splits.checkFraction(testFraction), false);
    }

    /** A copy that drops test events whose user or item has no training event. */
    public TimeCutoff dropColdTestEvents() {
        return new TimeCutoff(cutoff, fraction, true);
    }

    /** The cut-off (epoch seconds) this protocol uses on {@code log}. */
    public long cutoffFor(Interactions log) {
        if (Double.isNaN(fraction)) {
            return cutoff;
        }
        int n = log.size();
        if (n < 2) {
            throw new IllegalArgumentException("a time cut-off needs at least 2 events, the log has " + n);
        }
        long[] t = new long[n];
        for (int e = 0; e < n; e++) {
            t[e] = log.time(e);
        }
        Arrays.sort(t);
        int idx = Math.min(n - 1, Math.max(1, n - (int) Math.ceil(n * fraction)));
        return t[idx];
    }

    @Override
    public List<Split> split(Interactions log) {
        long c = cutoffFor(log);
        int n = log.size();
        boolean[] inTest = new boolean[n];
        for (int e = 0; e < n; e++) {
            inTest[e] = log.time(e) >= c;
        }
        if (dropCold) {
            boolean[] userInTrain = new boolean[log.users().size()];
            boolean[] itemInTrain = new boolean[log.items().size()];
            for (int e = 0; e < n; e++) {
                if (!inTest[e]) {
                    userInTrain[log.user(e)] = true;
                    itemInTrain[log.item(e)] = true;
                }
            }
            int kept = 0;
            int[] positions = new int[n];
            int trainCount = 0;
            int[] trainPos = new int[n];
            for (int e = 0; e < n; e++) {
                if (!inTest[e]) {
                    trainPos[trainCount++] = e;
                } else if (userInTrain[log.user(e)] && itemInTrain[log.item(e)]) {
                    positions[kept++] = e;
                }
            }
            Interactions train = log.select(Arrays.copyOf(trainPos, trainCount));
            Interactions test = log.select(Arrays.copyOf(positions, kept));
            if (train.isEmpty() || test.isEmpty()) {
                throw new IllegalArgumentException(describe() + " leaves " + (train.isEmpty() ? "the training" : "the test")
                        + " set empty (cut-off " + c + ")");
            }
            return List.of(new Split(train, test, describe() + " at " + Instant.ofEpochSecond(c)));
        }
        return List.of(Splits.of(log, inTest, describe() + " at " + Instant.ofEpochSecond(c)));
    }

    @Override
    public String describe() {
        String base = Double.isNaN(fraction) ? "time cut-off" : "time cut-off, latest " + Splits.percent(fraction) + " of events";
        return dropCold ? base + ", cold test events dropped" : base;
    }
}
