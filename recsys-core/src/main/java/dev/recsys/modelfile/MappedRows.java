package dev.recsys.modelfile;

import dev.recsys.internal.rows.FactorRows;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A {@link FactorRows} memory-mapped from bundle parts: one little-endian float view per mapped
 * piece of a part (each at most one part, so at most {@value ModelBundles#MAX_PART_BYTES} bytes),
 * in order; a row may span two pieces. A copied row is checked to be finite: the part files were
 * verified at load (unless the caller turned that off), so a non-finite value means a file was
 * changed or damaged since.
 *
 * <p>Thread safety: immutable; absolute reads only, safe for concurrent use. The mappings live as
 * long as this object (released by the garbage collector). Changing or truncating a mapped file
 * while the model is in use is undefined (a truncated file faults on access).
 */
final class MappedRows extends FactorRows {
    private final FloatBuffer[] pieces;
    /** Index of the first float of each piece in the matrix, ascending; {@code starts[0] == 0}. */
    private final long[] starts;
    private final String[] files;
    private final String what;

    MappedRows(int rows, int dim, FloatBuffer[] pieces, long[] starts, String[] files, String what) {
        super(rows, dim);
        long total = 0;
        for (int i = 0; i < pieces.length; i++) {
            if (starts[i] != total) {
                throw new IllegalArgumentException("piece " + i + " starts at float " + starts[i] + ", expected " + total);
            }
            total += pieces[i].capacity();
        }
        if (total != (long) rows * dim) {
            throw new IllegalArgumentException(total + " mapped floats for " + rows + " rows x " + dim);
        }
        this.pieces = pieces;
        this.starts = starts;
        this.files = files;
        this.what = what;
    }

    @Override
    public boolean mapped() {
        return true;
    }

    @Override
    public float[] array() {
        return null;
    }

    @Override
    public void copyRow(int row, float[] dst, int off) {
        checkRow(row);
        int dim = dim();
        long at = (long) row * dim;
        int p = Arrays.binarySearch(starts, at);
        if (p < 0) {
            p = -p - 2;
        }
        int o = off;
        int left = dim;
        while (left > 0) {
            FloatBuffer b = pieces[p];
            int local = (int) (at - starts[p]);
            int n = Math.min(left, b.capacity() - local);
            if (n <= 0) {
                p++;
                continue;
            }
            b.get(local, dst, o, n);
            o += n;
            at += n;
            left -= n;
        }
        for (int i = off; i < off + dim; i++) {
            if (!Float.isFinite(dst[i])) {
                int q = Arrays.binarySearch(starts, (long) row * dim + (i - off));
                throw new IllegalStateException(what + ": row " + row + " holds a non-finite value (" + dst[i]
                        + "); the bundle part " + files[q < 0 ? -q - 2 : q] + " was changed or damaged after loading");
            }
        }
    }
}
