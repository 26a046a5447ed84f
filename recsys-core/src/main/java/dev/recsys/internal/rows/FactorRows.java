package dev.recsys.internal.rows;

import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import java.io.IOException;

/**
 * A row-major {@code rows x dim} float matrix read one row at a time: the user factors of a
 * factor model. Held on the heap ({@link #of}) or memory-mapped from the parts of a model bundle
 * (what {@link RowInput#readRows} of the bundle loader returns): a mapped matrix stays on disk
 * (in the page cache once read) and each {@link #copyRow} copies one row out of the mapping.
 *
 * <p>Serialised form ({@link #write}, {@link #read}): the count of floats as an int, then the
 * floats, as {@link ModelOutput#writeFloats} writes an array; a matrix of more than
 * {@link #MAX_ARRAY} floats (more than one Java array holds) writes the count {@link #LARGE_COUNT}
 * instead, its length being implied by the shape the payload states before it. Only the bundle
 * loader reads such a matrix (mapped); read onto the heap it is refused with a clear message.
 *
 * <p>Thread safety: immutable; every method is safe for concurrent use (a mapped matrix is read
 * with absolute gets only).
 */
public abstract class FactorRows {
    /** The most floats a heap matrix holds: the usual largest Java array. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** The count written for a matrix of more than {@link #MAX_ARRAY} floats. */
    public static final int LARGE_COUNT = -1;

    final int rows;
    final int dim;

    /**
     * @throws IllegalArgumentException if {@code rows < 0} or {@code dim < 1}
     */
    protected FactorRows(int rows, int dim) {
        if (rows < 0 || dim < 1) {
            throw new IllegalArgumentException("rows must be >= 0 and dim >= 1, got " + rows + " x " + dim);
        }
        this.rows = rows;
        this.dim = dim;
    }

    /**
     * A heap matrix over {@code a} (shared, not copied; must not be modified).
     *
     * @throws IllegalArgumentException if {@code a.length != rows * dim}
     */
    public static FactorRows of(float[] a, int rows, int dim) {
        return new Heap(a, rows, dim);
    }

    /** Number of rows. */
    public final int rows() {
        return rows;
    }

    /** Length of a row. */
    public final int dim() {
        return dim;
    }

    /** Whether the rows are memory-mapped (else they are on the heap). */
    public abstract boolean mapped();

    /**
     * The backing array of a heap matrix (shared: must not be modified), or null for a mapped one.
     */
    public abstract float[] array();

    /**
     * Copies row {@code row} into {@code dst[off .. off + dim)}. dst modified.
     *
     * @throws IllegalArgumentException if {@code row} is outside {@code [0, rows)}
     * @throws IllegalStateException    if a mapped row holds a non-finite value (its file was
     *                                  changed or damaged after it was loaded)
     */
    public abstract void copyRow(int row, float[] dst, int off);

    /** A copy of row {@code row} (see {@link #copyRow}). */
    public final float[] row(int row) {
        float[] r = new float[dim];
        copyRow(row, r, 0);
        return r;
    }

    /** @throws IllegalArgumentException naming the index if {@code row} is outside {@code [0, rows)} */
    protected final void checkRow(int row) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row index " + row + " is outside [0, " + rows + ")");
        }
    }

    /**
     * Writes the matrix in its serialised form (see the class comment), a mapped one row by row.
     *
     * @throws IOException if writing fails, or the matrix holds more than {@link #MAX_ARRAY} floats
     *                     (a single model file cannot hold it: write a bundle)
     */
    public void write(ModelOutput out) throws IOException {
        long n = (long) rows * dim;
        if (n > MAX_ARRAY) {
            throw new IOException(rows + " rows x " + dim + " = " + n + " floats are more than one model payload"
                    + " array holds (" + MAX_ARRAY + "); write the model as a bundle");
        }
        float[] a = array();
        if (a != null) {
            out.writeFloats(a);
            return;
        }
        out.writeInt((int) n);
        float[] r = new float[dim];
        for (int u = 0; u < rows; u++) {
            copyRow(u, r, 0);
            for (float v : r) {
                out.writeFloat(v);
            }
        }
    }

    /**
     * Reads what {@link #write} wrote: mapped when {@code in} is a {@link RowInput} that maps
     * (a model bundle loaded with mapped user factors), else onto the heap. Every length is
     * checked before anything is allocated; heap values must be finite.
     *
     * @param what what the rows are, for messages
     * @throws IOException if the count does not match {@code rows x dim}, the data is truncated or
     *                     not finite, or the matrix is too large for the heap
     */
    public static FactorRows read(ModelInput in, int rows, int dim, String what) throws IOException {
        if (rows < 0 || dim < 1) {
            throw new IOException(what + ": " + rows + " rows x " + dim + " is not a matrix shape");
        }
        if (in instanceof RowInput r) {
            return r.readRows(rows, dim, what);
        }
        return readHeap(in, rows, dim, what);
    }

    /** {@link #read} onto the heap, whatever the input. */
    public static FactorRows readHeap(ModelInput in, int rows, int dim, String what) throws IOException {
        long n = (long) rows * dim;
        if (n > MAX_ARRAY) {
            throw new IOException(what + ": " + rows + " rows x " + dim + " = " + n + " floats are more than one Java"
                    + " array holds; load the model bundle with mapped user factors (ModelBundles.LoadOptions)");
        }
        float[] a = in.readFloats();
        if (a.length != n) {
            throw new IOException("expected " + n + " values of " + what + ", got " + a.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new IOException(what + " holds a non-finite value at position " + i);
            }
        }
        return of(a, rows, dim);
    }

    private static final class Heap extends FactorRows {
        private final float[] a;

        Heap(float[] a, int rows, int dim) {
            super(rows, dim);
            if (a == null || a.length != (long) rows * dim) {
                throw new IllegalArgumentException("array of " + (a == null ? "null" : a.length + " floats") + " for "
                        + rows + " rows x " + dim);
            }
            this.a = a;
        }

        @Override
        public boolean mapped() {
            return false;
        }

        @Override
        public float[] array() {
            return a;
        }

        @Override
        public void copyRow(int row, float[] dst, int off) {
            checkRow(row);
            System.arraycopy(a, row * dim, dst, off, dim);
        }
    }
}
