package dev.recsys.nn.internal.layers;

import java.util.Arrays;

/**
 * The gradient of a table restricted to the rows one mini-batch touched: a dense block with one
 * row per touched table row ("slot"), in the order the rows were first touched, plus the map from
 * table row to slot. Repeated rows in a batch share one slot, so their gradients are summed.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class RowGradient {
    private final int cols;
    private final int[] slotOf;
    private int[] rows;
    private float[] grad;
    private int count;

    /**
     * @param tableRows rows of the table
     * @param cols      row length
     */
    public RowGradient(int tableRows, int cols) {
        if (tableRows < 0 || cols < 1) {
            throw new IllegalArgumentException("tableRows must be >= 0 and cols >= 1, got " + tableRows + ", " + cols);
        }
        this.cols = cols;
        this.slotOf = new int[tableRows];
        Arrays.fill(slotOf, -1);
        this.rows = new int[16];
        this.grad = new float[16 * cols];
    }

    /**
     * The slot of a table row, allocating a zeroed one on first touch in this batch.
     *
     * @param row a table row
     * @return the slot; its gradient starts at {@code slot * cols()} in {@link #values()}
     */
    public int slot(int row) {
        int s = slotOf[row];
        if (s >= 0) {
            return s;
        }
        s = count++;
        if (s == rows.length) {
            rows = Arrays.copyOf(rows, s * 2);
            grad = Arrays.copyOf(grad, s * 2 * cols);
        }
        slotOf[row] = s;
        rows[s] = row;
        Arrays.fill(grad, s * cols, (s + 1) * cols, 0f);
        return s;
    }

    /** Forgets every touched row (O(touched rows)). */
    public void clear() {
        for (int i = 0; i < count; i++) {
            slotOf[rows[i]] = -1;
        }
        count = 0;
    }

    /** Number of touched rows. */
    public int count() {
        return count;
    }

    /** Table row of slot {@code s}. */
    public int row(int s) {
        return rows[s];
    }

    /** Row length. */
    public int cols() {
        return cols;
    }

    /** The gradient rows, slot-major ({@code count() * cols()} valid entries). Modified by layers. */
    public float[] values() {
        return grad;
    }
}
