package dev.recsys.eval;

import java.util.Arrays;

/**
 * How the popularity of recommended items compares with catalogue popularity: for every catalogue
 * item, its training popularity (distinct training users) and its exposure (in how many top-k lists
 * it appears). Charts use {@link #shares(int)}.
 *
 * <p>Thread safety: immutable (arrays are copied on access).
 */
public final class PopularityProfile {
    private final int[] popularity;
    private final long[] exposure;
    private final int k;

    /**
     * @param popularity distinct training users per catalogue item. Copied.
     * @param exposure   number of top-k lists containing each item (same length). Copied.
     * @param k          the cut-off of the lists
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold negatives
     */
    public PopularityProfile(int[] popularity, long[] exposure, int k) {
        if (popularity == null || exposure == null || popularity.length != exposure.length || popularity.length == 0) {
            throw new IllegalArgumentException("popularity and exposure must be non-empty and of equal length");
        }
        for (int i = 0; i < popularity.length; i++) {
            if (popularity[i] < 0 || exposure[i] < 0) {
                throw new IllegalArgumentException("popularity and exposure must be >= 0 (item " + i + ")");
            }
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
        this.popularity = popularity.clone();
        this.exposure = exposure.clone();
        this.k = k;
    }

    /** Training popularity per item (copy). */
    public int[] popularity() {
        return popularity.clone();
    }

    /** Exposure per item (copy). */
    public long[] exposure() {
        return exposure.clone();
    }

    /** Cut-off of the lists counted. */
    public int k() {
        return k;
    }

    /** Catalogue size. */
    public int items() {
        return popularity.length;
    }

    /**
     * Sorts the catalogue by descending training popularity (ties: lower index first), cuts it into
     * {@code buckets} groups of (nearly) equal item count, and returns two rows: {@code [0][b]} the
     * bucket's share of all training popularity, {@code [1][b]} its share of all recommendations.
     * Bucket 0 holds the most popular items. A row is all zeros if its total is zero.
     *
     * @throws IllegalArgumentException if {@code buckets} is not in [1, items()]
     */
    public double[][] shares(int buckets) {
        int n = popularity.length;
        if (buckets < 1 || buckets > n) {
            throw new IllegalArgumentException("buckets must be in [1, " + n + "], got " + buckets);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> popularity[a] != popularity[b] ? Integer.compare(popularity[b], popularity[a]) : Integer.compare(a, b));
        double[][] out = new double[2][buckets];
        double popTotal = 0;
        double expTotal = 0;
        for (int r = 0; r < n; r++) {
            int b = (int) ((long) r * buckets / n);
            out[0][b] += popularity[order[r]];
            out[1][b] += exposure[order[r]];
            popTotal += popularity[order[r]];
            expTotal += exposure[order[r]];
        }
        for (int b = 0; b < buckets; b++) {
            out[0][b] = popTotal == 0 ? 0 : out[0][b] / popTotal;
            out[1][b] = expTotal == 0 ? 0 : out[1][b] / expTotal;
        }
        return out;
    }
}
