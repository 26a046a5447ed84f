package dev.recsys.nn.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.nn.internal.layers.Dense;
import dev.recsys.nn.internal.layers.Init;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.ParameterUpdater;
import dev.recsys.nn.internal.layers.SparseInput;
import dev.recsys.nn.internal.layers.SparseRows;
import dev.recsys.nn.internal.layers.Tanh;
import dev.recsys.nn.internal.loss.MeanSquaredError;
import dev.recsys.nn.internal.train.BatchOrder;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An autoencoder over item attribute vectors whose code is also mapped into the collaborative
 * embedding space: {@code code = tanh(x W_e + b_e)} from the sparse attribute row x, a decoder
 * reconstructs x ({@code x^ = code W_d + b_d}), and a linear head maps the code to the item's
 * collaborative embedding ({@code e^ = code W_m + b_m}). Trained on items with interactions with
 * {@code reconWeight * MSE(x^, x) + MSE(e^, e)}; then items without interactions get e^ from their
 * attributes alone.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class AttributeAutoencoder {
    private final int features;
    private final int code;
    private final int dim;
    private final SparseInput enc;
    private final Tanh act;
    private final Dense dec;
    private final Dense head;

    /**
     * @param features attribute vector width
     * @param code     code size
     * @param dim      collaborative embedding size
     */
    public AttributeAutoencoder(int features, int code, int dim) {
        this.features = features;
        this.code = code;
        this.dim = dim;
        this.enc = new SparseInput("attr.enc", features, code);
        this.act = new Tanh(code);
        this.dec = new Dense("attr.dec", code, features);
        this.head = new Dense("attr.map", code, dim);
    }

    /** All parameters. */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(enc.parameters());
        p.addAll(dec.parameters());
        p.addAll(head.parameters());
        return p;
    }

    /**
     * Trains on the given items.
     *
     * @param x           items x features. Not modified.
     * @param targets     items x dim collaborative embeddings (rows of the listed items are used). Not modified.
     * @param items       the training items
     * @param reconWeight weight of the reconstruction loss
     * @param listener    receives stage {@code attribute-epoch} with metric {@code loss} after each epoch
     * @return the final epoch's mean loss
     */
    public double train(InteractionMatrix x, float[] targets, int[] items, float reconWeight, int epochs,
                        int batchSize, Optimizer optimizer, long seed, TrainingListener listener) {
        SplittableRandom rnd = new SplittableRandom(seed);
        enc.init(Init.XAVIER_UNIFORM, rnd.split());
        dec.init(Init.XAVIER_UNIFORM, rnd.split());
        head.init(Init.XAVIER_UNIFORM, rnd.split());
        ParameterUpdater up = new ParameterUpdater(optimizer, parameters());
        BatchOrder order = new BatchOrder(items, rnd.nextLong());
        SparseRows in = new SparseRows(features);
        float[] h = new float[batchSize * code];
        float[] xr = new float[batchSize * features];
        float[] xt = new float[batchSize * features];
        float[] er = new float[batchSize * dim];
        float[] et = new float[batchSize * dim];
        float[] dh = new float[batchSize * code];
        float[] dh2 = new float[batchSize * code];
        FloatKernels k = Kernels.get();
        double last = 0;
        for (int e = 0; e < epochs; e++) {
            order.shuffle();
            int[] o = order.order();
            double sum = 0;
            for (int from = 0; from < o.length; from += batchSize) {
                int b = Math.min(batchSize, o.length - from);
                in.clear();
                java.util.Arrays.fill(xt, 0, b * features, 0f);
                for (int r = 0; r < b; r++) {
                    int item = o[from + r];
                    in.addRow(x, item, false);
                    for (int q = x.rowPtr()[item]; q < x.rowPtr()[item + 1]; q++) {
                        xt[r * features + x.colIdx()[q]] = x.values()[q];
                    }
                    System.arraycopy(targets, item * dim, et, r * dim, dim);
                }
                InteractionMatrix batch = in.build();
                enc.forward(batch, h);
                act.forward(h, h, b, true);
                dec.forward(h, xr, b, true);
                head.forward(h, er, b, true);
                double lr = MeanSquaredError.lossAndGradient(xr, xt, null, b * features, xr);
                double lm = MeanSquaredError.lossAndGradient(er, et, null, b * dim, er);
                k.scale(b * features, reconWeight, xr, 0);
                dec.backward(h, null, xr, dh, b);
                head.backward(h, null, er, dh2, b);
                k.axpy(b * code, 1f, dh2, 0, dh, 0);
                act.backward(null, h, dh, dh, b);
                enc.backward(batch, dh);
                up.step();
                sum += (reconWeight * lr + lm) * b;
            }
            last = sum / Math.max(1, o.length);
            listener.onProgress("attribute-epoch", e + 1, epochs, Map.of("loss", last));
        }
        up.finish();
        return last;
    }

    /**
     * Maps an item's attributes to the collaborative space.
     *
     * @param x    items x features. Not modified.
     * @param item the item
     * @param out  receives dim values at outOff. Modified.
     */
    public void embed(InteractionMatrix x, int item, float[] out, int outOff) {
        FloatKernels k = Kernels.get();
        float[] h = new float[code];
        System.arraycopy(enc.bias().value(), 0, h, 0, code);
        for (int q = x.rowPtr()[item]; q < x.rowPtr()[item + 1]; q++) {
            k.axpy(code, x.values()[q], enc.weight().value(), x.colIdx()[q] * code, h, 0);
        }
        act.forward(h, h, 1, false);
        head.forwardOne(h, 0, out, outOff);
    }
}
