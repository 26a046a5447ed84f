package dev.recsys.internal.sample;

import dev.recsys.data.InteractionMatrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Draws negative items for implicit-feedback training: uniformly over the catalogue, in proportion
 * to {@code (count_i + 1)^exponent} (popularity-aware: popular items the user skipped are more
 * informative negatives) with Vose's alias method, O(1) per draw, or uniformly from a pool of item
 * indices (an empirical distribution, e.g. the items of one scene's events). Items the user has (a
 * sorted row) are rejected and redrawn, at most {@link #MAX_TRIES} times, or until one is found.
 * {@link #drawDistinct} draws a set of distinct negatives at once (sampled evaluation).
 *
 * <p>Every draw takes its randomness from the caller's {@link SplittableRandom}: a uniform draw is
 * exactly one {@code rng.nextInt(n)}, a popularity draw one {@code nextInt(n)} and one
 * {@code nextFloat()}, a pool draw one {@code nextInt(pool.length)}; so the same seed gives the same
 * negatives whatever the caller.
 *
 * <p>Thread safety: immutable, thread-safe; the caller supplies (and owns) the random generator.
 */
public final class NegativeSampler {
    /** Draws before giving up on a user who has nearly every item. */
    public static final int MAX_TRIES = 64;

    private final int n;
    private final float[] prob;
    private final int[] alias;
    private final int[] pool;

    private NegativeSampler(int n, float[] prob, int[] alias, int[] pool) {
        this.n = n;
        this.prob = prob;
        this.alias = alias;
        this.pool = pool;
    }

    /**
     * Uniform over {@code n} items (with {@code n = 0} every draw throws).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static NegativeSampler uniform(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n (number of items) must be >= 0, got " + n);
        }
        return new NegativeSampler(n, null, null, null);
    }

    /**
     * Uniform over the entries of {@code items} (an item listed twice is drawn twice as often).
     *
     * @param items item indices, at least one. Not modified (copied).
     * @throws IllegalArgumentException if {@code items} is empty
     */
    public static NegativeSampler fromPool(int[] items) {
        if (items.length == 0) {
            throw new IllegalArgumentException("items (the pool) must not be empty");
        }
        return new NegativeSampler(items.length, null, null, items.clone());
    }

    /**
     * In proportion to {@code (counts[i] + 1)^exponent}.
     *
     * @param counts   one non-negative count per item. Not modified.
     * @param exponent popularity exponent (0: uniform weights)
     * @throws IllegalArgumentException if the exponent is not finite
     */
    public static NegativeSampler popularity(int[] counts, double exponent) {
        int n = counts.length;
        if (!Double.isFinite(exponent)) {
            throw new IllegalArgumentException("exponent must be finite, got " + exponent);
        }
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.pow(counts[i] + 1.0, exponent);
            sum += w[i];
        }
        float[] prob = new float[n];
        int[] alias = new int[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) {
            scaled[i] = w[i] * n / sum;
            if (scaled[i] < 1.0) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            prob[s] = (float) scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1.0;
            if (scaled[l] < 1.0) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            int l = large[--nl];
            prob[l] = 1f;
            alias[l] = l;
        }
        while (ns > 0) {
            int s = small[--ns];
            prob[s] = 1f;
            alias[s] = s;
        }
        return new NegativeSampler(n, prob, alias, null);
    }

    /** One draw (without rejection). {@code rng} is advanced. */
    public int draw(SplittableRandom rng) {
        int i = rng.nextInt(n);
        if (pool != null) {
            return pool[i];
        }
        if (prob == null) {
            return i;
        }
        return rng.nextFloat() < prob[i] ? i : alias[i];
    }

    /**
     * A draw not in the sorted {@code row[from..to)}, or -1 after {@link #MAX_TRIES} rejections.
     * {@code rng} is advanced; {@code row} not modified.
     */
    public int drawNegative(SplittableRandom rng, int[] row, int from, int to) {
        return drawNegative(rng, row, from, to, MAX_TRIES);
    }

    /**
     * A draw not in the sorted {@code row[from..to)}, or -1 after {@code maxTries} rejections.
     * {@code rng} is advanced; {@code row} not modified.
     */
    public int drawNegative(SplittableRandom rng, int[] row, int from, int to, int maxTries) {
        for (int t = 0; t < maxTries; t++) {
            int j = draw(rng);
            if (!contains(row, from, to, j)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * A draw not in row {@code user} of {@code m} (rows sorted, as {@link InteractionMatrix} keeps
     * them), redrawn until one is found; a user whose row holds at least as many items as the
     * sampler draws from gets one unrejected draw (never loops forever). With a uniform sampler this
     * is uniform among the items the user does not have. {@code rng} is advanced; {@code m} not
     * modified.
     *
     * @throws IllegalStateException for a pool sampler (its pool may lie inside the row: use the
     *                               bounded {@link #drawNegative(SplittableRandom, int[], int, int, int)})
     */
    public int drawNegative(SplittableRandom rng, InteractionMatrix m, int user) {
        if (pool != null) {
            throw new IllegalStateException("a pool sampler needs a bounded number of tries");
        }
        int[] ptr = m.rowPtr();
        int from = ptr[user];
        int to = ptr[user + 1];
        if (to - from >= n) {
            return draw(rng);
        }
        int[] row = m.colIdx();
        while (true) {
            int j = draw(rng);
            if (!contains(row, from, to, j)) {
                return j;
            }
        }
    }

    /**
     * Draws {@code want} distinct items, uniformly without replacement, from this uniform sampler's
     * {@code n} items minus the blocked ones (sampled evaluation: the negatives a target is ranked
     * against), or every unblocked item if fewer exist. While the unblocked items outnumber the
     * wanted ones three to one it rejects blocked and repeated draws (each draw one
     * {@code rng.nextInt(n)}, as {@link #draw}); otherwise it lists the unblocked items and takes a
     * partial Fisher-Yates shuffle of them. {@code rng} and {@code scratch} are advanced.
     *
     * @param blocked   items that may not be drawn
     * @param available number of unblocked items in {@code [0, n)} (exact)
     * @param want      number wanted
     * @param out       receives the items from index {@code offset}. Modified.
     * @param offset    first index of {@code out} written
     * @param scratch   the calling thread's scratch
     * @return the number of items written, {@code min(want, available)}
     * @throws IllegalStateException if this sampler is not uniform, or {@code available} does not
     *                               match the blocked set
     */
    public int drawDistinct(SplittableRandom rng, IntPredicate blocked, int available, int want,
                            int[] out, int offset, Distinct scratch) {
        if (prob != null || pool != null) {
            throw new IllegalStateException("distinct draws are uniform: use NegativeSampler.uniform");
        }
        int take = Math.min(want, available);
        if (take <= 0) {
            return 0;
        }
        if ((long) take * 3 <= available) {
            int[] mark = scratch.marks(n);
            int stamp = scratch.nextStamp();
            int got = 0;
            while (got < take) {
                int c = draw(rng);
                if (mark[c] != stamp && !blocked.test(c)) {
                    mark[c] = stamp;
                    out[offset + got++] = c;
                }
            }
            return got;
        }
        int[] list = scratch.pool(available);
        int m = 0;
        for (int c = 0; c < n; c++) {
            if (!blocked.test(c)) {
                if (m < available) {
                    list[m] = c;
                }
                m++;
            }
        }
        if (m != available) {
            throw new IllegalStateException("available is " + available + " but " + m + " items are unblocked");
        }
        for (int i = 0; i < take; i++) {
            int j = i + rng.nextInt(m - i);
            int t = list[i];
            list[i] = list[j];
            list[j] = t;
            out[offset + i] = list[i];
        }
        return take;
    }

    /**
     * Scratch of {@link #drawDistinct}: marks of the items drawn so far (by stamp, so nothing is
     * cleared between calls) and the list of unblocked items.
     *
     * <p>Thread safety: not thread-safe; one per thread. Mutable.
     */
    public static final class Distinct {
        private int[] mark = new int[0];
        private int stamp;
        private int[] pool = new int[0];

        int[] marks(int n) {
            if (mark.length < n) {
                mark = new int[n];
                stamp = 0;
            }
            return mark;
        }

        int nextStamp() {
            if (++stamp == Integer.MAX_VALUE) {
                Arrays.fill(mark, 0);
                stamp = 1;
            }
            return stamp;
        }

        int[] pool(int size) {
            if (pool.length < size) {
                pool = new int[size];
            }
            return pool;
        }
    }

    /**
     * Whether the sorted {@code row[from..to)} contains {@code v}: a branch-free lower-bound
     * search (conditional moves instead of unpredictable branches; rejection tests are the hot
     * spot of BPR sampling).
     */
    public static boolean contains(int[] row, int from, int to, int v) {
        int len = to - from;
        if (len <= 0) {
            return false;
        }
        int base = from;
        while (len > 1) {
            int half = len >>> 1;
            base = row[base + half - 1] < v ? base + half : base;
            len -= half;
        }
        return row[base] == v;
    }
}
