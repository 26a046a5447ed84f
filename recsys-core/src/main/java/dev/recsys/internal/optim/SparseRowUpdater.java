package dev.recsys.internal.optim;

/**
 * Applies an {@link Optimizer} lazily to the rows of an embedding table: a mini-batch touching 500
 * of 1M rows costs O(500 x cols). Each row has its own update counter (Adam's bias correction uses
 * the number of updates of that row, as in TensorFlow's LazyAdam) and the step it was last
 * updated, so decoupled weight decay skipped while a row was untouched is caught up, as
 * {@code (1 - lr * weightDecay)^skipped} with the current rate, when it is next updated (exact
 * for a constant rate) or by {@link #finish}. Moments are not decayed for untouched rows, and
 * coupled L2 applies only to updated rows (the usual lazy semantics).
 *
 * <p>Memory: {@code stateSlots x rows x cols} floats plus an int and a long per row.
 *
 * <p>Thread safety: not thread-safe; callers updating rows from several threads must partition the
 * rows and never update one row concurrently (per-row state is independent).
 */
public final class SparseRowUpdater {
    private final Optimizer optimizer;
    private final float[] table;
    private final int off;
    private final int rows;
    private final int cols;
    private final float[][] state;
    private final int[] rowCount;
    private final long[] lastStep;
    private final float decay;

    SparseRowUpdater(Optimizer optimizer, float[] table, int off, int rows, int cols) {
        this.optimizer = optimizer;
        this.table = table;
        this.off = off;
        this.rows = rows;
        this.cols = cols;
        this.state = optimizer.newState(rows * cols);
        this.rowCount = new int[rows];
        this.decay = optimizer.config().weightDecay();
        this.lastStep = decay > 0f ? new long[rows] : null;
    }

    /**
     * Updates one row. A row updated twice in the same step is updated twice (callers normally
     * sum the gradients of repeated rows first).
     *
     * @param step the 1-based global step (non-decreasing across calls)
     * @param row  the row
     * @param grad its gradient, cols entries at gOff. Not modified.
     * @param gOff index of the first gradient entry
     * @throws IllegalArgumentException if step &lt; 1, row is out of range or the gradient range is
     *                                  outside grad
     */
    public void updateRow(long step, int row, float[] grad, int gOff) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row must be in [0, " + rows + "), got " + row);
        }
        if (gOff < 0 || gOff > grad.length - cols) {
            throw new IllegalArgumentException("grad range [" + gOff + ", " + gOff + " + " + cols
                    + ") is outside an array of " + grad.length);
        }
        float lr = optimizer.rate(step);
        int p = off + row * cols;
        if (lastStep != null) {
            catchUp(row, p, step - 1, lr);
            lastStep[row] = step;
        }
        optimizer.step(table, p, grad, gOff, cols, state, row * cols, lr, ++rowCount[row]);
    }

    /** Applies the decay a row missed between its last update and {@code upTo} (inclusive). */
    private void catchUp(int row, int p, long upTo, float lr) {
        long skipped = upTo - lastStep[row];
        if (skipped > 0) {
            float f = (float) Math.pow(1.0 - (double) lr * decay, skipped);
            for (int i = 0; i < cols; i++) {
                table[p + i] *= f;
            }
            lastStep[row] = upTo;
        }
    }

    /**
     * Brings every row's pending decoupled decay up to {@code step} (inclusive), e.g. at the end
     * of training or before the table is read; O(rows x cols). Does nothing without weight decay.
     *
     * @throws IllegalArgumentException if step &lt; 1
     */
    public void finish(long step) {
        float lr = optimizer.rate(step);
        if (lastStep == null) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            catchUp(r, off + r * cols, step, lr);
        }
    }

    /** Number of updates row {@code row} has received. */
    public int updates(int row) {
        return rowCount[row];
    }
}
