package dev.recsys.internal.topk;

import java.util.Arrays;

/**
 * A reusable bit set over dense item indices (a {@code long[]} of words), used as the exclusion
 * mask of {@link TopK}. No boxing, no allocation after construction unless it grows.
 *
 * <p>Thread safety: not thread-safe; keep one per thread.
 */
public final class ItemMask {
    private long[] words;

    /**
     * A mask able to hold indices {@code 0..capacity-1} without growing.
     *
     * @throws IllegalArgumentException if {@code capacity < 0}
     */
    public ItemMask(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        words = new long[(capacity + 63) >>> 6];
    }

    /**
     * Marks {@code item}, growing if needed.
     *
     * @throws IllegalArgumentException if {@code item < 0}
     */
    public void set(int item) {
        if (item < 0) {
            throw new IllegalArgumentException("item must be >= 0, got " + item);
        }
        int w = item >>> 6;
        if (w >= words.length) {
            words = Arrays.copyOf(words, Math.max(w + 1, words.length + (words.length >> 1)));
        }
        words[w] |= 1L << item;
    }

    /** Unmarks {@code item} (no effect if not marked or out of range). */
    public void clear(int item) {
        int w = item >>> 6;
        if (item >= 0 && w < words.length) {
            words[w] &= ~(1L << item);
        }
    }

    /** Whether {@code item} is marked; negative or out-of-range indices are not. */
    public boolean get(int item) {
        int w = item >>> 6;
        return item >= 0 && w < words.length && (words[w] & (1L << item)) != 0;
    }

    /** Unmarks everything (keeps the capacity). */
    public void clearAll() {
        Arrays.fill(words, 0L);
    }

    /** Number of marked items. */
    public int cardinality() {
        int c = 0;
        for (long w : words) {
            c += Long.bitCount(w);
        }
        return c;
    }
}
