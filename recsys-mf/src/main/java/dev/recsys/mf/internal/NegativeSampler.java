package dev.recsys.mf.internal;

import java.util.SplittableRandom;

/**
 * Draws negative items for pairwise ranking: uniformly over the catalogue, or in proportion to
 * {@code (count_i + 1)^exponent} (popularity-aware: popular items the user skipped are more
 * informative negatives) with Vose's alias method, O(1) per draw. Items the user has (a sorted
 * row) are rejected and redrawn, at most {@link #MAX_TRIES} times.
 *
 * <p>Thread safety: immutable; the caller supplies the random generator.
 */
public final class NegativeSampler {
    /** Draws before giving up on a user who has nearly every item. */
    public static final int MAX_TRIES = 64;

    private final int n;
    private final float[] prob;
    private final int[] alias;

    private NegativeSampler(int n, float[] prob, int[] alias) {
        this.n = n;
        this.prob = prob;
        this.alias = alias;
    }

    /** Uniform over {@code n} items. */
    public static NegativeSampler uniform(int n) {
        return new NegativeSampler(n, null, null);
    }

    /** In proportion to {@code (counts[i] + 1)^exponent}. */
    public static NegativeSampler popularity(int[] counts, double exponent) {
        int n = counts.length;
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
        return new NegativeSampler(n, prob, alias);
    }

    /** One draw (without rejection). */
    public int draw(SplittableRandom rng) {
        int i = rng.nextInt(n);
        if (prob == null) {
            return i;
        }
        return rng.nextFloat() < prob[i] ? i : alias[i];
    }

    /**
     * A draw not in the sorted {@code row[from..to)}, or -1 after {@link #MAX_TRIES} rejections.
     */
    public int drawNegative(SplittableRandom rng, int[] row, int from, int to) {
        for (int t = 0; t < MAX_TRIES; t++) {
            int j = draw(rng);
            if (!contains(row, from, to, j)) {
                return j;
            }
        }
        return -1;
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
