package dev.recsys.data;

/**
 * A sparse matrix in compressed sparse row (CSR) form: row {@code r} holds the columns
 * {@code colIdx[rowPtr[r] .. rowPtr[r+1])} in ascending order with their values. A user x item
 * matrix's {@link #transpose()} is the item x user matrix, i.e. the CSC form of the original.
 *
 * <p>Thread safety: immutable (the arrays are shared read-only; callers must not modify them).
 */
public final class InteractionMatrix {
    private final int rows;
    private final int cols;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final float[] values;
    private volatile InteractionMatrix transposed;

    /**
     * Wraps CSR arrays (not copied).
     *
     * @throws IllegalArgumentException if the arrays are inconsistent
     */
    public InteractionMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows and cols must be >= 0, got " + rows + " x " + cols);
        }
        if (rowPtr.length != rows + 1 || rowPtr[0] != 0) {
            throw new IllegalArgumentException("rowPtr must have rows + 1 entries starting at 0");
        }
        int nnz = rowPtr[rows];
        if (colIdx.length < nnz || values.length < nnz) {
            throw new IllegalArgumentException("colIdx and values must hold rowPtr[rows] = " + nnz + " entries");
        }
        for (int r = 0; r < rows; r++) {
            int from = rowPtr[r];
            int to = rowPtr[r + 1];
            if (to < from) {
                throw new IllegalArgumentException("rowPtr must be non-decreasing; row " + r + " ends before it starts");
            }
            int prev = -1;
            for (int k = from; k < to; k++) {
                int c = colIdx[k];
                if (c <= prev || c >= cols) {
                    throw new IllegalArgumentException("row " + r + ": column indices must be ascending, distinct and in 0.."
                            + (cols - 1) + ", found " + c + " after " + prev);
                }
                prev = c;
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns. */
    public int cols() {
        return cols;
    }

    /** Number of stored entries. */
    public int nnz() {
        return rowPtr[rows];
    }

    /** Row pointers (length rows + 1). Not to be modified. */
    public int[] rowPtr() {
        return rowPtr;
    }

    /** Column indices. Not to be modified. */
    public int[] colIdx() {
        return colIdx;
    }

    /** Values. Not to be modified. */
    public float[] values() {
        return values;
    }

    /** Number of entries in row {@code r}. */
    public int rowLength(int r) {
        return rowPtr[r + 1] - rowPtr[r];
    }

    /** The value at (r, c), or 0 if absent (binary search in the row). */
    public float get(int r, int c) {
        int lo = rowPtr[r];
        int hi = rowPtr[r + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = colIdx[mid];
            if (v < c) {
                lo = mid + 1;
            } else if (v > c) {
                hi = mid - 1;
            } else {
                return values[mid];
            }
        }
        return 0f;
    }

    /** The columns of row {@code r} as a new array. */
    public int[] rowColumns(int r) {
        return java.util.Arrays.copyOfRange(colIdx, rowPtr[r], rowPtr[r + 1]);
    }

    /** The transpose (computed once, then cached): the CSC form of this matrix. */
    public InteractionMatrix transpose() {
        InteractionMatrix t = transposed;
        if (t == null) {
            t = computeTranspose();
            transposed = t;
        }
        return t;
    }

    private InteractionMatrix computeTranspose() {
        int nnz = nnz();
        int[] ptr = new int[cols + 1];
        for (int k = 0; k < nnz; k++) {
            ptr[colIdx[k] + 1]++;
        }
        for (int c = 0; c < cols; c++) {
            ptr[c + 1] += ptr[c];
        }
        int[] next = java.util.Arrays.copyOf(ptr, cols);
        int[] ci = new int[nnz];
        float[] vals = new float[nnz];
        for (int r = 0; r < rows; r++) {
            for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
                int p = next[colIdx[k]]++;
                ci[p] = r;
                vals[p] = values[k];
            }
        }
        InteractionMatrix t = new InteractionMatrix(cols, rows, ptr, ci, vals);
        t.transposed = this;
        return t;
    }

    /** Bytes held by the arrays. */
    public long bytes() {
        return 4L * (rowPtr.length + colIdx.length + values.length);
    }
}
