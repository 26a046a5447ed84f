package dev.recsys.nn.internal.train;

import dev.recsys.internal.sample.Shuffle;
import java.util.SplittableRandom;

/**
 * A seeded random permutation of example indices, reshuffled each epoch (Fisher-Yates), sliced into
 * mini-batches.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class BatchOrder {
    private final int[] order;
    private final SplittableRandom rnd;

    /**
     * @param examples the example indices. Copied.
     * @param seed     random seed
     */
    public BatchOrder(int[] examples, long seed) {
        this.order = examples.clone();
        this.rnd = new SplittableRandom(seed);
    }

    /** Indices 0 .. n-1. */
    public static BatchOrder range(int n, long seed) {
        int[] e = new int[n];
        for (int i = 0; i < n; i++) {
            e[i] = i;
        }
        return new BatchOrder(e, seed);
    }

    /** Reshuffles; call at the start of each epoch. */
    public void shuffle() {
        Shuffle.ints(order, 0, order.length, rnd);
    }

    /** The current order. Not to be modified. */
    public int[] order() {
        return order;
    }

    /** Number of examples. */
    public int size() {
        return order.length;
    }

    /** Number of batches of the given size (the last may be smaller). */
    public int batches(int batchSize) {
        return (order.length + batchSize - 1) / batchSize;
    }
}
