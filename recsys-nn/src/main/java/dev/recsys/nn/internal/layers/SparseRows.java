package dev.recsys.nn.internal.layers;

import dev.recsys.data.InteractionMatrix;
import java.util.Arrays;

/**
 * A mini-batch of sparse input rows in CSR form (row r holds columns
 * {@code colIdx()[rowPtr()[r] .. rowPtr()[r+1])} with their values), assembled row by row and
 * reused across batches: {@link #clear()}, then {@link #add} entries and {@link #endRow()} per row.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class SparseRows {
    private final int cols;
    private int rows;
    private int pos;
    private int[] rowPtr = new int[17];
    private int[] colIdx = new int[64];
    private float[] values = new float[64];

    /** @param cols number of columns (input width), >= 1 */
    public SparseRows(int cols) {
        if (cols < 1) {
            throw new IllegalArgumentException("cols must be >= 1, got " + cols);
        }
        this.cols = cols;
    }

    /** Empties the batch (keeps the buffers). */
    public void clear() {
        rows = 0;
        pos = 0;
        rowPtr[0] = 0;
    }

    /**
     * Appends an entry to the row being built.
     *
     * @throws IllegalArgumentException if col is outside [0, cols) or value is not finite
     */
    public void add(int col, float value) {
        if (col < 0 || col >= cols) {
            throw new IllegalArgumentException("col must be in [0, " + cols + "), got " + col);
        }
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("value of column " + col + " must be finite, got " + value);
        }
        int p = pos;
        if (p == colIdx.length) {
            colIdx = Arrays.copyOf(colIdx, p * 2);
            values = Arrays.copyOf(values, p * 2);
        }
        colIdx[p] = col;
        values[p] = value;
        pos = p + 1;
    }

    /** Closes the row being built (possibly empty); the next {@link #add} starts a new one. */
    public void endRow() {
        if (rows + 2 > rowPtr.length) {
            rowPtr = Arrays.copyOf(rowPtr, rowPtr.length * 2);
        }
        rows++;
        rowPtr[rows] = pos;
    }

    /**
     * Appends row {@code r} of a matrix as one batch row, each value replaced by 1 when
     * {@code binary} is true.
     */
    public void addRow(InteractionMatrix m, int r, boolean binary) {
        if (m.cols() != cols) {
            throw new IllegalArgumentException("matrix has " + m.cols() + " columns, batch expects " + cols);
        }
        int[] ci = m.colIdx();
        float[] v = m.values();
        for (int q = m.rowPtr()[r], end = m.rowPtr()[r + 1]; q < end; q++) {
            add(ci[q], binary ? 1f : v[q]);
        }
        endRow();
    }

    /** Number of closed rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns. */
    public int cols() {
        return cols;
    }

    /** Number of entries in closed rows. */
    public int nnz() {
        return rowPtr[rows];
    }

    /** Row pointers ({@code rows() + 1} valid entries). Not to be modified. */
    public int[] rowPtr() {
        return rowPtr;
    }

    /** Column indices. Not to be modified. */
    public int[] colIdx() {
        return colIdx;
    }

    /** Values; may be rescaled in place by the owner (normalisation, dropout). */
    public float[] values() {
        return values;
    }
}
