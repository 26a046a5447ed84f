package dev.recsys.eval.internal;

import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Draws distinct items uniformly without replacement from {@code [0, numItems)} minus a blocked
 * set, for sampled evaluation.
 *
 * <p>Thread safety: not thread-safe; use one instance per thread.
 */
public final class NegativeSampler {
    private int[] mark;
    private int stamp;
    private int[] pool = new int[0];

    /** A sampler for a catalogue of {@code numItems} items. */
    public NegativeSampler(int numItems) {
        mark = new int[Math.max(1, numItems)];
    }

    /**
     * Draws {@code n} distinct items that are not blocked, or every unblocked item if fewer exist.
     *
     * @param rng       random source (advanced)
     * @param numItems  catalogue size
     * @param blocked   items that may not be drawn
     * @param available number of unblocked items in {@code [0, numItems)} (exact)
     * @param n         number wanted
     * @param out       receives the items from index {@code offset}
     * @param offset    first index of {@code out} written
     * @return the number of items written, {@code min(n, available)}
     */
    public int sample(SplittableRandom rng, int numItems, IntPredicate blocked, int available, int n, int[] out, int offset) {
        int want = Math.min(n, available);
        if (want <= 0) {
            return 0;
        }
        if (mark.length < numItems) {
            mark = new int[numItems];
            stamp = 0;
        }
        if ((long) want * 3 <= available) {
            // rejection sampling: expected < 1.5 draws per item
            if (++stamp == Integer.MAX_VALUE) {
                java.util.Arrays.fill(mark, 0);
                stamp = 1;
            }
            int got = 0;
            while (got < want) {
                int c = rng.nextInt(numItems);
                if (mark[c] != stamp && !blocked.test(c)) {
                    mark[c] = stamp;
                    out[offset + got++] = c;
                }
            }
            return got;
        }
        // dense case: list the unblocked items and take a partial Fisher-Yates shuffle
        if (pool.length < available) {
            pool = new int[available];
        }
        int m = 0;
        for (int c = 0; c < numItems; c++) {
            if (!blocked.test(c)) {
                if (m < available) {
                    pool[m] = c;
                }
                m++;
            }
        }
        if (m != available) {
            throw new IllegalStateException("available is " + available + " but " + m + " items are unblocked");
        }
        for (int i = 0; i < want; i++) {
            int j = i + rng.nextInt(m - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
            out[offset + i] = pool[i];
        }
        return want;
    }
}
