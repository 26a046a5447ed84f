package dev.recsys.nn.internal.layers;

/**
 * The sequences of a {@link Segmented} layer's batch: set by {@link Segmented#segments}, else the
 * whole batch is one sequence.
 *
 * <p>Thread safety: not thread-safe (owned by one layer).
 */
final class Segments {
    private int[] ends = new int[0];
    private int count;
    private boolean explicit;

    void set(int[] ends, int count) {
        this.ends = ends;
        this.count = count;
        this.explicit = true;
    }

    /**
     * The number of sequences of a batch of {@code batch} rows.
     *
     * @throws IllegalStateException if the segments set do not end at the batch's last row
     */
    int of(int batch) {
        if (!explicit) {
            ends = new int[] {batch};
            count = 1;
        }
        if (count == 0 || ends[count - 1] != batch) {
            throw new IllegalStateException("segments end at row " + (count == 0 ? 0 : ends[count - 1])
                    + ", batch has " + batch + " rows");
        }
        return count;
    }

    /** First row of sequence s. */
    int start(int s) {
        return s == 0 ? 0 : ends[s - 1];
    }

    /** End row (exclusive) of sequence s. */
    int end(int s) {
        return ends[s];
    }
}
