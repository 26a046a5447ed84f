package dev.recsys.nn.internal.layers;

import dev.recsys.internal.kernel.FloatKernels;

/**
 * The weights and bias of a {@link Dense} output layer over a catalogue, held item-major for
 * training at catalogue scale: row {@code j} of an {@code n x (in + 1)} table is item j's weight
 * column followed by its bias. The table is a {@link Parameter#sparseRows} parameter, so its
 * gradient covers only the items a mini-batch scored and {@link ParameterUpdater} updates those rows
 * lazily (core's {@code SparseRowUpdater}: each row keeps its own Adam moments and update count, as
 * TensorFlow's LazyAdam; an item no row of a batch scored keeps its weights and moments for that
 * step, where dense Adam would still move it by its decaying first moment). Reading an item's row
 * is one contiguous block, so sampled output layers score and update it without gathering strided
 * columns or writing a dense {@code in x n} gradient.
 *
 * <p>The {@link Dense} layer stays the model's (model file, inference): {@link #loadFromLayer} copies
 * it in once before training and {@link #storeToLayer} copies the table back (after training, or
 * before scoring during it); each costs one pass over {@code n x in} values.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class ItemMajorOutput {
    /** Rows (columns of the layer) per pass of the transposes, for cache locality. */
    private static final int BLOCK = 64;
    private final Dense layer;
    private final int in;
    private final int n;
    private final int stride;
    private final Parameter table;

    /**
     * A table holding {@code layer}'s current weights and bias.
     *
     * @param name  name of the table parameter
     * @param layer the output layer (in x n). Not modified.
     */
    public ItemMajorOutput(String name, Dense layer) {
        this.layer = layer;
        this.in = layer.inputSize();
        this.n = layer.outputSize();
        this.stride = in + 1;
        this.table = Parameter.sparseRows(name, n, stride);
        loadFromLayer();
    }

    /** The table (n x (in + 1), sparse row gradient). */
    public Parameter table() {
        return table;
    }

    /** Input width of the layer. */
    public int inputSize() {
        return in;
    }

    /** Number of items. */
    public int items() {
        return n;
    }

    /** Copies the layer's weights and bias into the table. */
    public void loadFromLayer() {
        copy(true);
    }

    /** Copies the table into the layer's weights and bias. */
    public void storeToLayer() {
        copy(false);
    }

    /** The transpose between the layer (in x n, plus the bias) and the table, in blocks of items. */
    private void copy(boolean toTable) {
        float[] w = layer.weight().value();
        float[] b = layer.bias().value();
        float[] t = table.value();
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int j1 = Math.min(n, j0 + BLOCK);
            for (int r = 0; r < in; r++) {
                int row = r * n;
                for (int j = j0; j < j1; j++) {
                    if (toTable) {
                        t[j * stride + r] = w[row + j];
                    } else {
                        w[row + j] = t[j * stride + r];
                    }
                }
            }
        }
        for (int j = 0; j < n; j++) {
            if (toTable) {
                t[j * stride + in] = b[j];
            } else {
                b[j] = t[j * stride + in];
            }
        }
    }

    /** Forgets the previous batch's gradient rows (call before the first {@link #addGradient}). */
    public void beginBatch() {
        table.rowGradient().clear();
    }

    /** Item {@code item}'s logit for the input row {@code h[hOff .. hOff + in)}. */
    public float logit(FloatKernels k, float[] h, int hOff, int item) {
        float[] t = table.value();
        return k.dot(h, hOff, t, item * stride, in) + t[item * stride + in];
    }

    /**
     * Copies some items' weights out, in both layouts the products need.
     *
     * @param items  the items. Not modified.
     * @param count  how many
     * @param rows   receives count x in (item s's weights in row s), or null. Modified.
     * @param cols   receives in x count (item s's weights in column s), or null. Modified.
     * @param bias   receives count biases. Modified.
     */
    public void gather(int[] items, int count, float[] rows, float[] cols, float[] bias) {
        float[] t = table.value();
        for (int s = 0; s < count; s++) {
            int o = items[s] * stride;
            if (rows != null) {
                System.arraycopy(t, o, rows, s * in, in);
            }
            bias[s] = t[o + in];
        }
        if (cols != null) {
            for (int s0 = 0; s0 < count; s0 += BLOCK) {
                int s1 = Math.min(count, s0 + BLOCK);
                for (int r = 0; r < in; r++) {
                    int dst = r * count;
                    for (int s = s0; s < s1; s++) {
                        cols[dst + s] = t[items[s] * stride + r];
                    }
                }
            }
        }
    }

    /** {@code dh[dhOff ..] += g * w_item}: the input gradient of one logit. */
    public void backToInput(FloatKernels k, int item, float g, float[] dh, int dhOff) {
        k.axpy(in, g, table.value(), item * stride, dh, dhOff);
    }

    /** Adds {@code g * h[hOff ..]} to the item's weight gradient and {@code g} to its bias gradient. */
    public void addGradient(FloatKernels k, int item, float g, float[] h, int hOff) {
        RowGradient rg = table.rowGradient();
        int s = rg.slot(item);
        float[] v = rg.values();
        k.axpy(in, g, h, hOff, v, s * stride);
        v[s * stride + in] += g;
    }

    /**
     * Adds gradient rows of several items: {@code dRows[s * in ..]} to item {@code items[s]}'s weight
     * gradient and {@code dBias[s]} to its bias gradient.
     */
    public void addGradients(FloatKernels k, int[] items, int count, float[] dRows, float[] dBias) {
        RowGradient rg = table.rowGradient();
        for (int s = 0; s < count; s++) {
            int slot = rg.slot(items[s]);
            float[] v = rg.values();
            k.axpy(in, 1f, dRows, s * in, v, slot * stride);
            v[slot * stride + in] += dBias[s];
        }
    }
}
