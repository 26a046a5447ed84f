package dev.recsys.mf.internal;

import dev.recsys.spi.Query;
import java.util.Arrays;

/**
 * A user's events as fold-in input: distinct item indices in ascending order with one weight
 * each. Duplicate items are merged (weights summed for implicit feedback, the last one kept for
 * ratings).
 *
 * @param items   distinct item indices, ascending
 * @param weights weight (or rating) per item
 *
 * <p>Thread safety: treat as immutable.
 */
public record History(int[] items, float[] weights) {

    /** Number of distinct items. */
    public int size() {
        return items.length;
    }

    /**
     * Validated fold-in input for {@link dev.recsys.spi.FactorModel#foldIn}.
     *
     * @throws IllegalArgumentException if the arrays are null or differ in length, an index is
     *                                  outside {@code [0, numItems)} or a weight is not finite
     */
    public static History strict(int[] items, float[] weights, int numItems, boolean sumDuplicates) {
        if (items == null || weights == null) {
            throw new IllegalArgumentException("items and weights must not be null");
        }
        if (items.length != weights.length) {
            throw new IllegalArgumentException("items has " + items.length + " entries but weights has " + weights.length);
        }
        for (int p = 0; p < items.length; p++) {
            if (items[p] < 0 || items[p] >= numItems) {
                throw new IllegalArgumentException("items[" + p + "] = " + items[p] + " is outside [0, " + numItems + ")");
            }
            if (!Float.isFinite(weights[p])) {
                throw new IllegalArgumentException("weights[" + p + "] = " + weights[p] + " is not finite");
            }
        }
        return merge(items, weights, items.length, sumDuplicates);
    }

    /**
     * Fold-in input from a scoring query: its history items, skipping entries the model cannot use
     * (item indices outside {@code [0, numItems)}, e.g. catalogue items added after training, and
     * non-finite weights). When the query has no usable history, the current item and the cart
     * items count as events of weight {@code contextWeight}.
     */
    public static History lenient(Query q, int numItems, boolean sumDuplicates, float contextWeight) {
        int[] items = q.items();
        float[] weights = q.weights();
        int[] it = new int[items.length];
        float[] w = new float[items.length];
        int n = 0;
        for (int p = 0; p < items.length; p++) {
            if (items[p] >= 0 && items[p] < numItems && Float.isFinite(weights[p])) {
                it[n] = items[p];
                w[n] = weights[p];
                n++;
            }
        }
        if (n == 0) {
            int[] cart = q.cart();
            it = new int[cart.length + 1];
            w = new float[cart.length + 1];
            if (q.currentItem() >= 0 && q.currentItem() < numItems) {
                it[n] = q.currentItem();
                w[n++] = contextWeight;
            }
            for (int c : cart) {
                if (c >= 0 && c < numItems) {
                    it[n] = c;
                    w[n++] = contextWeight;
                }
            }
        }
        return merge(it, w, n, sumDuplicates);
    }

    private static History merge(int[] items, float[] weights, int n, boolean sumDuplicates) {
        long[] keyed = new long[n];
        for (int p = 0; p < n; p++) {
            keyed[p] = ((long) items[p] << 32) | p; // stable: same item keeps input order
        }
        Arrays.sort(keyed);
        int[] it = new int[n];
        float[] w = new float[n];
        int m = 0;
        for (int s = 0; s < n; s++) {
            int item = (int) (keyed[s] >>> 32);
            float v = weights[(int) keyed[s]];
            if (m > 0 && it[m - 1] == item) {
                w[m - 1] = sumDuplicates ? w[m - 1] + v : v;
            } else {
                it[m] = item;
                w[m] = v;
                m++;
            }
        }
        return new History(m == n ? it : Arrays.copyOf(it, m), m == n ? w : Arrays.copyOf(w, m));
    }
}
