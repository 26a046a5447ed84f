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
 * An EASE model (Steck 2019): a dense item x item weight matrix B with zero diagonal; the score of
 * item i for a history x is {@code sum_j x_j B[j][i]}, where {@code x_j} is 1 for every history
 * item ({@code binary=true}, default) or its weight. No user state: every query is scored from its
 * history, so new events count at once (fold-in is inherent). A query with no usable history
 * scores its current item and cart.
 *
 * <p>Memory: {@code 4 n^2} bytes for n items.
 *
 * <p>Thread safety: immutable; all methods are safe for concurrent use.
 */
public final class EaseModel implements TrainedModel {
    private static final String TAG = "ease";
    private static final int VERSION = 1;

    private final Params params;
    private final int n;
    private final boolean binary;
    private final float[] b;

    EaseModel(Params params, int n, boolean binary, float[] b) {
        this.params = params;
        this.n = n;
        this.binary = binary;
        this.b = b;
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

    /** The weight {@code B[from][to]}: how much having {@code from} raises the score of {@code to}. */
    public float weight(int from, int to) {
        if (from < 0 || from >= n || to < 0 || to >= n) {
            throw new IllegalArgumentException("item indices must be in [0, " + n + "), got " + from + ", " + to);
        }
        return b[from * n + to];
    }

    @Override
    public boolean score(Query query, float[] out) {
        History h = History.lenient(query, n, true, 1f);
        if (h.size() == 0) {
            return false;
        }
        Arrays.fill(out, 0, n, 0f);
        FloatKernels kern = Kernels.get();
        for (int j = 0; j < h.size(); j++) {
            float x = binary ? 1f : h.weights()[j];
            if (x != 0f) {
                kern.axpy(n, x, b, h.items()[j] * n, out, 0);
            }
        }
        return true;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        ModelIo.writeHeader(out, TAG, VERSION);
        out.writeInt(n);
        out.writeBoolean(binary);
        out.writeFloats(b);
    }

    /** Reads what {@link #save} wrote. */
    static EaseModel read(ModelInput in, Params params) throws IOException {
        ModelIo.readHeader(in, TAG, VERSION);
        int n = ModelIo.count(in, "items", 46340);
        boolean binary = in.readBoolean();
        float[] b = ModelIo.floats(in, (long) n * n, "item weights");
        return new EaseModel(params, n, binary, b);
    }
}
