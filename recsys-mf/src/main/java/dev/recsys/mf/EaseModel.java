package dev.recsys.mf;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.mf.internal.History;
import dev.recsys.mf.internal.ModelIo;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;
import java.util.Arrays;

/**
 * An EASE model (Steck 2019): a dense weight matrix B with zero diagonal over its catalogue (the
 * items that had training interactions); the score of catalogue item i for a history x is
 * {@code sum_j x_j B[j][i]} over the history's catalogue items, where {@code x_j} is 1 for every
 * history item ({@code binary=true}, default) or its weight. Items outside the catalogue score
 * negative infinity (the model knows nothing of them) and are ignored in a history. No user
 * state: every query is scored from its history, so new events count at once (fold-in is
 * inherent). A query with no usable history scores its current item and cart; one with no
 * catalogue item at all gets no scores ({@code false}).
 *
 * <p>Memory: {@code 4 m^2} bytes for m catalogue items.
 *
 * <p>File format: version 2 writes the catalogue (item indices, ascending) before B; version 1
 * files (catalogue = every item) are still read.
 *
 * <p>Thread safety: immutable; all methods are safe for concurrent use.
 */
public final class EaseModel implements TrainedModel {
    private static final String TAG = "ease";
    private static final int VERSION = 2;

    private final Params params;
    /** Items the model answers for (its numItems). */
    private final int n;
    /** Catalogue position to item index, ascending. */
    private final int[] items;
    /** Item index to catalogue position, -1 outside the catalogue. */
    private final int[] position;
    private final boolean binary;
    /** items.length x items.length, row-major. */
    private final float[] b;

    EaseModel(Params params, int n, int[] items, boolean binary, float[] b) {
        this.params = params;
        this.n = n;
        this.items = items;
        this.binary = binary;
        this.b = b;
        this.position = new int[n];
        Arrays.fill(position, -1);
        for (int r = 0; r < items.length; r++) {
            position[items[r]] = r;
        }
    }

    @Override
    public String algorithm() {
        return Ease.NAME;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int numItems() {
        return n;
    }

    /** Number of catalogue items (items with training interactions). */
    public int catalogueSize() {
        return items.length;
    }

    /**
     * The weight {@code B[from][to]}: how much having {@code from} raises the score of {@code to};
     * 0 when either item is outside the catalogue.
     */
    public float weight(int from, int to) {
        if (from < 0 || from >= n || to < 0 || to >= n) {
            throw new IllegalArgumentException("item indices must be in [0, " + n + "), got " + from + ", " + to);
        }
        int f = position[from];
        int t = position[to];
        return f < 0 || t < 0 ? 0f : b[f * items.length + t];
    }

    @Override
    public boolean score(Query query, float[] out) {
        History h = History.lenient(query, n, true, 1f);
        int m = items.length;
        boolean all = m == n;
        boolean any = false;
        FloatKernels kern = Kernels.get();
        float[] acc = all ? out : new float[m];
        Arrays.fill(acc, 0, m, 0f);
        for (int j = 0; j < h.size(); j++) {
            int p = position[h.items()[j]];
            if (p < 0) {
                continue;
            }
            any = true;
            float x = binary ? 1f : h.weights()[j];
            if (x != 0f) {
                kern.axpy(m, x, b, p * m, acc, 0);
            }
        }
        if (!any) {
            return false;
        }
        if (!all) {
            Arrays.fill(out, 0, n, Float.NEGATIVE_INFINITY);
            for (int r = 0; r < m; r++) {
                out[items[r]] = acc[r];
            }
        }
        return true;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        ModelIo.writeHeader(out, TAG, VERSION);
        out.writeInt(n);
        out.writeBoolean(binary);
        out.writeInts(items);
        out.writeFloats(b);
    }

    /** Reads what {@link #save} wrote (or a version 1 payload: n, binary, n x n weights). */
    static EaseModel read(ModelInput in, Params params) throws IOException {
        int version = ModelIo.readHeader(in, TAG, 1, VERSION);
        int n = ModelIo.count(in, "items", 46340);
        boolean binary = in.readBoolean();
        int[] items;
        if (version == 1) {
            items = new int[n];
            Arrays.setAll(items, i -> i);
        } else {
            items = in.readInts();
            if (items.length > n) {
                throw new IOException("the catalogue holds " + items.length + " items, more than the " + n + " items");
            }
            for (int r = 0; r < items.length; r++) {
                if (items[r] < 0 || items[r] >= n || r > 0 && items[r] <= items[r - 1]) {
                    throw new IOException("catalogue item " + r + " is " + items[r]
                            + ": expected ascending item indices in [0, " + n + ")");
                }
            }
        }
        float[] b = ModelIo.floats(in, (long) items.length * items.length, "item weights");
        return new EaseModel(params, n, items, binary, b);
    }
}
