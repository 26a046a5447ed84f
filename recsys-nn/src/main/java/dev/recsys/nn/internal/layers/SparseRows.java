package dev.recsys.nn.internal.layers;

import dev.recsys.data.InteractionMatrix;
import java.util.Arrays;

/**
 * Assembles a mini-batch of sparse rows, row by row, into core's CSR type
 * {@link InteractionMatrix} (the one sparse matrix of the project, which the sparse layers and
 * losses read): {@link #clear()}, then {@link #add} entries in ascending column order and
 * {@link #endRow()} per row, then {@link #build()}. The buffers are reused across batches.
 *
 * <p>Thread safety: not thread-safe; mutable. The matrices it builds are independent copies.
 */
public final class SparseRows {
    private final int cols;
    private int rows;
    private int pos;
    private int rowStart;
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
        rowStart = 0;
        rowPtr[0] = 0;
    }

    /**
     * Appends an entry to the row being built.
     *
     * @throws IllegalArgumentException if col is outside [0, cols), not above the row's previous
     *                                  column, or value is not finite
     */
    public void add(int col, float value) {
        if (col < 0 || col >= cols) {
            throw new IllegalArgumentException("col must be in [0, " + cols + "), got " + col);
        }
        int p = pos;
        if (p > rowStart && col <= colIdx[p - 1]) {
            throw new IllegalArgumentException("columns of a row must be ascending and distinct: "
                    + col + " after " + colIdx[p - 1]);
        }
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("value of column " + col + " must be finite, got " + value);
        }
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
        rowStart = pos;
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

    /** The closed rows as a matrix of {@link #rows()} x cols (entries of an unclosed row are left out). */
    public InteractionMatrix build() {
        int nnz = rowPtr[rows];
        return new InteractionMatrix(rows, cols, Arrays.copyOf(rowPtr, rows + 1),
                Arrays.copyOf(colIdx, nnz), Arrays.copyOf(values, nnz));
    }
}
