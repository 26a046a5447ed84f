package dev.recsys.nn.internal.layers;

/**
 * A layer whose mini-batch rows are several sequences one after the other (each sequence's steps in
 * time order), such as {@link CausalSelfAttention} and {@link Gru}: rows of one sequence interact,
 * rows of different sequences never do. Row-wise layers need no segments.
 *
 * <p>Thread safety: as the implementing layer (not thread-safe).
 */
public interface Segmented {
    /**
     * Sets the sequences of the next forward and backward passes.
     *
     * @param ends  end row (exclusive) of each sequence, increasing; the first starts at row 0. Not
     *              modified; read until the next call.
     * @param count number of sequences
     */
    void segments(int[] ends, int count);
}
