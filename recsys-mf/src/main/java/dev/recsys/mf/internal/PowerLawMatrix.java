package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.sample.Shuffle;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded synthetic user x item interaction matrices with power-law item popularity, for
 * benchmarks and scale tests (e.g. 100,000 users x 20,000 items x 5,000,000 interactions).
 *
 * <p>Item {@code i} (0-based popularity rank) is drawn with probability proportional to
 * {@code (i + 1)^-exponent}; user activity is skewed too (row lengths proportional to a draw
 * from a heavy-tailed distribution, at least 1 and at most the catalogue size), then scaled so the
 * total is exactly {@code nnz}. Rows hold distinct items in ascending order. Values are
 * {@code 1, 2, ...} (a geometric number of repeats, mean about 1.4) or, with {@code ratings}, whole
 * ratings 1..5. The item ids are a seeded permutation of the popularity ranks, so popular items
 * are spread over the id range.
 *
 * <p>Thread safety: stateless.
 */
public final class PowerLawMatrix {
    private PowerLawMatrix() {
    }

    /**
     * Generates the matrix.
     *
     * @param users    rows, at least 1
     * @param items    columns, at least 1
     * @param nnz      exact number of stored entries, {@code users <= nnz <= users * items}
     * @param exponent popularity exponent, >= 0 (0: uniform; 0.8-1.0 is typical of shops)
     * @param ratings  values are ratings 1..5 instead of repeat counts
     * @param seed     random seed
     * @throws IllegalArgumentException naming the first invalid argument
     */
    public static InteractionMatrix generate(int users, int items, long nnz, double exponent, boolean ratings,
                                             long seed) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1, got " + users);
        }
        if (items < 1) {
            throw new IllegalArgumentException("items must be >= 1, got " + items);
        }
        if (nnz < users || nnz > (long) users * items || nnz > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("nnz must be in users.." + Math.min((long) users * items,
                    Integer.MAX_VALUE - 8L) + ", got " + nnz);
        }
        if (!(exponent >= 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("exponent must be finite and >= 0, got " + exponent);
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom lengthRng = root.split();
        SplittableRandom itemRng = root.split();
        SplittableRandom valueRng = root.split();
        SplittableRandom permRng = root.split();
        int[] len = rowLengths(users, items, (int) nnz, lengthRng);
        double[] cdf = new double[items];
        double s = 0;
        for (int i = 0; i < items; i++) {
            s += Math.pow(i + 1, -exponent);
            cdf[i] = s;
        }
        for (int i = 0; i < items; i++) {
            cdf[i] /= s;
        }
        int[] perm = new int[items];
        for (int i = 0; i < items; i++) {
            perm[i] = i;
        }
        Shuffle.ints(perm, 0, items, permRng);
        int[] rowPtr = new int[users + 1];
        for (int u = 0; u < users; u++) {
            rowPtr[u + 1] = rowPtr[u] + len[u];
        }
        int[] col = new int[(int) nnz];
        float[] val = new float[(int) nnz];
        long[] seen = new long[(items + 63) >>> 6];
        for (int u = 0; u < users; u++) {
            int from = rowPtr[u];
            int n = len[u];
            int have = 0;
            // rejection sampling of distinct items; dense rows fall back to uniform fill
            int tries = 0;
            while (have < n && tries < 20 * n + 100) {
                tries++;
                int rank = Arrays.binarySearch(cdf, itemRng.nextDouble());
                rank = rank >= 0 ? rank : Math.min(items - 1, -rank - 1);
                int item = perm[rank];
                if ((seen[item >>> 6] & (1L << item)) == 0) {
                    seen[item >>> 6] |= 1L << item;
                    col[from + have++] = item;
                }
            }
            for (int item = 0; have < n && item < items; item++) {
                if ((seen[item >>> 6] & (1L << item)) == 0) {
                    seen[item >>> 6] |= 1L << item;
                    col[from + have++] = item;
                }
            }
            Arrays.sort(col, from, from + n);
            for (int p = from; p < from + n; p++) {
                seen[col[p] >>> 6] = 0L;
                float v;
                if (ratings) {
                    v = 1 + valueRng.nextInt(5);
                } else {
                    v = 1;
                    while (v < 20 && valueRng.nextInt(10) < 3) {
                        v++;
                    }
                }
                val[p] = v;
            }
        }
        return new InteractionMatrix(users, items, rowPtr, col, val);
    }

    private static int[] rowLengths(int users, int items, int nnz, SplittableRandom rng) {
        double[] w = new double[users];
        double sum = 0;
        for (int u = 0; u < users; u++) {
            // Pareto-like activity (shape 2): heavy tail, finite mean
            w[u] = 1.0 / Math.sqrt(1.0 - rng.nextDouble() * 0.999);
            sum += w[u];
        }
        int[] len = new int[users];
        long total = 0;
        for (int u = 0; u < users; u++) {
            len[u] = (int) Math.max(1, Math.min(items, Math.floor(w[u] / sum * nnz)));
            total += len[u];
        }
        // exact total: add or remove one entry per user round-robin where allowed
        int u = 0;
        while (total != nnz) {
            if (total < nnz && len[u] < items) {
                len[u]++;
                total++;
            } else if (total > nnz && len[u] > 1) {
                len[u]--;
                total--;
            }
            u = (u + 1) % users;
        }
        return len;
    }
}
