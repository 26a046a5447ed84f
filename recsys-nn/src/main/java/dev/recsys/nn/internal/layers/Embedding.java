package dev.recsys.nn.internal.layers;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An embedding table (rows x dim): looks rows up by index and scatters gradients back into a
 * {@link RowGradient}, so an update touches only the rows of the batch (lazy optimizer updates
 * through {@link ParameterUpdater}).
 *
 * <p>Thread safety: not thread-safe.
 */
public final class Embedding {
    private final int rows;
    private final int dim;
    private final Parameter table;

    /**
     * @param name parameter name
     * @param rows number of rows, >= 1
     * @param dim  row length, >= 1
     */
    public Embedding(String name, int rows, int dim) {
        this.rows = rows;
        this.dim = dim;
        this.table = Parameter.sparseRows(name, rows, dim);
    }

    /**
     * Initialises the table with {@code scheme}.
     *
     * @return this
     */
    public Embedding init(Init scheme, SplittableRandom rnd) {
        scheme.fill(table.value(), rows, dim, rnd);
        return this;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Row length. */
    public int dim() {
        return dim;
    }

    /** The table. */
    public Parameter table() {
        return table;
    }

    /**
     * Gathers rows: {@code y[yOff + b*ldy ..][0 .. dim) = table[ids[idOff + b]]} for b in [0, batch).
     *
     * @param ids  row indices. Not modified.
     * @param y    output with leading dimension ldy (so embeddings can be written side by side). Modified.
     * @throws IllegalArgumentException if an index is out of range
     */
    public void forward(int[] ids, int idOff, int batch, float[] y, int yOff, int ldy) {
        float[] t = table.value();
        for (int b = 0; b < batch; b++) {
            int id = ids[idOff + b];
            if (id < 0 || id >= rows) {
                throw new IllegalArgumentException("embedding row must be in [0, " + rows + "), got " + id);
            }
            System.arraycopy(t, id * dim, y, yOff + b * ldy, dim);
        }
    }

    /**
     * Writes this batch's gradient into the table's {@link RowGradient} (cleared first), summing
     * the gradients of repeated rows.
     *
     * @param ids  row indices of the forward pass. Not modified.
     * @param dy   gradient with respect to the gathered rows, leading dimension lddy. Not modified.
     */
    public void backward(int[] ids, int idOff, int batch, float[] dy, int dyOff, int lddy) {
        FloatKernels k = Kernels.get();
        RowGradient g = table.rowGradient();
        g.clear();
        for (int b = 0; b < batch; b++) {
            int s = g.slot(ids[idOff + b]);
            k.axpy(dim, 1f, dy, dyOff + b * lddy, g.values(), s * dim);
        }
    }

    /** The table. */
    public List<Parameter> parameters() {
        return List.of(table);
    }
}
