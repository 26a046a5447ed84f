package dev.recsys.nn.internal;

import dev.recsys.spi.Query;
import java.util.Arrays;

/**
 * A query's item history as a duplicate-free, sorted item list with values: items outside
 * {@code [0, numItems)} (added to the index after training) are skipped; repeated items sum their
 * weights, or count once with value 1 when binary. Non-finite or negative weights are rejected.
 *
 * @param items  distinct item indices, ascending
 * @param values their values
 * @param count  number of valid entries
 *
 * <p>Thread safety: immutable after construction (arrays not shared).
 */
public record QueryItems(int[] items, float[] values, int count) {

    /**
     * Extracts the history of a query.
     *
     * @throws IllegalArgumentException if a weight is negative or not finite
     */
    public static QueryItems of(Query q, int numItems, boolean binary) {
        int n = q.items().length;
        long[] packed = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int item = q.items()[i];
            if (item >= 0 && item < numItems) {
                packed[k++] = ((long) item << 32) | i;
            }
        }
        Arrays.sort(packed, 0, k);
        int[] items = new int[k];
        float[] values = new float[k];
        int c = 0;
        for (int i = 0; i < k; i++) {
            int item = (int) (packed[i] >>> 32);
            float w = q.weights()[(int) packed[i]];
            if (!(w >= 0f) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("query weight of item " + item + " must be finite and >= 0, got " + w);
            }
            if (c > 0 && items[c - 1] == item) {
                values[c - 1] = binary ? 1f : values[c - 1] + w;
            } else {
                items[c] = item;
                values[c++] = binary ? 1f : w;
            }
        }
        return new QueryItems(items, values, c);
    }
}
