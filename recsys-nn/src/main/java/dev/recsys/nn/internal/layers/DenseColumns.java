package dev.recsys.nn.internal.layers;

/**
 * Column gathers and scatters of a row-major {@code in x n} weight matrix (a {@link Dense} layer's
 * layout), for output layers that evaluate only some columns: the columns are copied into
 * contiguous rows of length {@code in} and their gradients added back. Rows are walked in blocks so
 * that the strided reads of neighbouring (sorted) columns share cache lines.
 *
 * <p>Thread safety: stateless.
 */
final class DenseColumns {
    /** Rows of the weight matrix per pass (a cache line of the gathered copy). */
    static final int BLOCK = 16;

    private DenseColumns() {
    }

    /**
     * {@code out[s * in + r] = w[r * n + cols[s]]} for every {@code s < count}, {@code r < in}.
     *
     * @param w     the in x n weights. Not modified.
     * @param cols  the columns. Not modified.
     * @param out   receives count x in values. Modified.
     */
    static void gather(float[] w, int in, int n, int[] cols, int count, float[] out) {
        for (int r0 = 0; r0 < in; r0 += BLOCK) {
            int r1 = Math.min(in, r0 + BLOCK);
            for (int s = 0; s < count; s++) {
                for (int r = r0, j = cols[s]; r < r1; r++) {
                    out[s * in + r] = w[r * n + j];
                }
            }
        }
    }

    /**
     * {@code g[r * n + cols[s]] += rows[s * in + r]} for every {@code s < count}, {@code r < in}.
     *
     * @param rows  count x in values. Not modified.
     * @param g     the in x n gradient. Modified.
     */
    static void scatterAdd(float[] rows, int in, int n, int[] cols, int count, float[] g) {
        for (int r0 = 0; r0 < in; r0 += BLOCK) {
            int r1 = Math.min(in, r0 + BLOCK);
            for (int s = 0; s < count; s++) {
                for (int r = r0, j = cols[s]; r < r1; r++) {
                    g[r * n + j] += rows[s * in + r];
                }
            }
        }
    }
}
