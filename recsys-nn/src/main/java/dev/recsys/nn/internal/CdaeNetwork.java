package dev.recsys.nn.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.layers.Dense;
import dev.recsys.nn.internal.layers.Embedding;
import dev.recsys.nn.internal.layers.Init;
import dev.recsys.nn.internal.layers.ItemMajorOutput;
import dev.recsys.nn.internal.layers.Layer;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.Relu;
import dev.recsys.nn.internal.layers.SampledBinaryOutput;
import dev.recsys.nn.internal.layers.Sigmoid;
import dev.recsys.nn.internal.layers.SparseInput;
import dev.recsys.nn.internal.layers.SparseRows;
import dev.recsys.nn.internal.layers.Tanh;
import dev.recsys.nn.internal.loss.SampledBinaryCrossEntropy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Collaborative denoising autoencoder (Wu, DuBois, Zheng and Ester, "Collaborative Denoising
 * Auto-Encoders for Top-N Recommender Systems", WSDM 2016): the corrupted (dropped-out) binary item
 * vector of a user goes through a sparse input layer, to which a per-user embedding is added
 * ({@code z = h(W^T y~ + V_u + b)}); a dense decoder gives one logit per item, trained with binary
 * cross-entropy on the user's items and sampled negatives. A user unseen in training is encoded
 * with a zero user vector (a plain denoising autoencoder).
 *
 * <p>Thread safety: training is single-threaded; {@link #score} is safe for concurrent calls once
 * training is over.
 */
public final class CdaeNetwork {
    final int users;
    final int items;
    final int hidden;
    final String activation;
    final SparseInput enc;
    final Embedding userVec;
    final Dense dec;
    private final Layer act;

    private int cap;
    private SparseRows input;
    private SparseRows target;
    private float[] h;
    private float[] logits;
    private float[] dlogits;
    private float[] dh;
    private int[] batchUsers = new int[0];
    private SampledBinaryOutput sampled;
    private ItemMajorOutput outTable;

    /**
     * @param users      number of users
     * @param items      number of items
     * @param hidden     code size
     * @param activation {@code sigmoid}, {@code tanh} or {@code relu}
     */
    public CdaeNetwork(int users, int items, int hidden, String activation) {
        this(users, items, hidden, activation, Parallel.SEQUENTIAL);
    }

    /**
     * @param users      number of users
     * @param items      number of items
     * @param hidden     code size
     * @param activation {@code sigmoid}, {@code tanh} or {@code relu}
     * @param par        the threads for the decoder's products
     */
    public CdaeNetwork(int users, int items, int hidden, String activation, Parallel par) {
        this.users = users;
        this.items = items;
        this.hidden = hidden;
        this.activation = activation;
        this.enc = new SparseInput("enc", items, hidden);
        this.userVec = new Embedding("user", users, hidden);
        this.dec = new Dense("dec", hidden, items, par);
        this.act = activation(activation, hidden);
    }

    static Layer activation(String name, int n) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "sigmoid":
                return new Sigmoid(n);
            case "tanh":
                return new Tanh(n);
            case "relu":
                return new Relu(n);
            default:
                throw new IllegalArgumentException("activation must be sigmoid, tanh or relu, got " + name);
        }
    }

    /** Xavier-uniform weights, small normal user vectors, zero biases. */
    public void init(SplittableRandom rnd) {
        enc.init(Init.XAVIER_UNIFORM, rnd.split());
        userVec.init(Init.normal(0.01), rnd.split());
        dec.init(Init.XAVIER_UNIFORM, rnd.split());
    }

    /** All parameters in a fixed order (also the order of the model file). */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.addAll(enc.parameters());
        p.addAll(userVec.parameters());
        p.addAll(dec.parameters());
        return p;
    }

    /**
     * The parameters training updates: {@link #parameters()}, except that with the sampled output
     * the decoder is trained through its item-major table ({@link ItemMajorOutput}, lazy row
     * updates) and copied back by {@link #syncOutput()}.
     */
    public List<Parameter> trainableParameters() {
        if (outTable == null) {
            return parameters();
        }
        List<Parameter> p = new ArrayList<>();
        p.addAll(enc.parameters());
        p.addAll(userVec.parameters());
        p.add(outTable.table());
        return p;
    }

    /**
     * Copies the item-major decoder table trained by the sampled output into the decoder that
     * {@link #score} and the model file use (nothing to do with the full output).
     */
    public void syncOutput() {
        if (outTable != null) {
            outTable.storeToLayer();
        }
    }

    /**
     * Trains the decoder on each mini-batch's positives and a pool of negatives shared by the batch
     * ({@link SampledBinaryOutput}: the same expected loss and gradient as per-user negatives, at
     * the cost of the positives and the pool instead of batch x items). The decoder is trained
     * item-major ({@link ItemMajorOutput}: its current weights are copied into the table here, only
     * the rows a batch scored are updated, lazily); {@link #syncOutput()} copies them back.
     *
     * @param par the threads for the products
     */
    public void sampledOutput(Parallel par) {
        this.outTable = new ItemMajorOutput("dec.items", dec);
        this.sampled = new SampledBinaryOutput(outTable, par);
        this.cap = 0;
    }

    /** Whether training evaluates the output layer on the sampled positions only. */
    public boolean isSampled() {
        return sampled != null;
    }

    private void ensure(int batch) {
        if (batch <= cap) {
            return;
        }
        cap = batch;
        input = new SparseRows(items);
        target = new SparseRows(items);
        h = new float[batch * hidden];
        logits = sampled != null ? new float[0] : new float[batch * items];
        dlogits = sampled != null ? new float[0] : new float[batch * items];
        dh = new float[batch * hidden];
        batchUsers = new int[batch];
    }

    /**
     * One forward and backward pass over a batch of users (gradients left in the parameters).
     *
     * @return the batch loss (per user)
     */
    public double trainBatch(InteractionMatrix m, int[] userIds, int from, int to, float corruption,
                             SampledBinaryCrossEntropy loss, SplittableRandom rnd) {
        int batch = to - from;
        ensure(batch);
        FloatKernels k = Kernels.get();
        input.clear();
        target.clear();
        float keep = 1f / (1f - corruption);
        int[] ptr = m.rowPtr();
        int[] ci = m.colIdx();
        for (int b = 0; b < batch; b++) {
            int u = userIds[from + b];
            batchUsers[b] = u;
            for (int q = ptr[u]; q < ptr[u + 1]; q++) {
                target.add(ci[q], 1f);
                if (corruption == 0f || rnd.nextDouble() >= corruption) {
                    input.add(ci[q], keep);
                }
            }
            input.endRow();
            target.endRow();
        }
        InteractionMatrix x = input.build();
        enc.forward(x, h);
        float[] uv = userVec.table().value();
        for (int b = 0; b < batch; b++) {
            k.axpy(hidden, 1f, uv, batchUsers[b] * hidden, h, b * hidden);
        }
        act.forward(h, h, batch, true);
        double l;
        if (sampled != null) {
            l = sampled.lossAndBackward(h, batch, target.build(), loss.negatives(), rnd, dh);
        } else {
            dec.forward(h, logits, batch, true);
            l = loss.lossAndGradient(logits, target.build(), rnd, dlogits);
            dec.backward(h, logits, dlogits, dh, batch);
        }
        act.backward(null, h, dh, dh, batch);
        enc.backward(x, dh);
        userVec.backward(batchUsers, 0, batch, dh, 0, hidden);
        return l;
    }

    /**
     * Scores every item (logits) for a user given their items.
     *
     * @param user  the user, or -1 (no user vector)
     * @param items distinct items. Not modified.
     * @param count number of items
     * @param out   receives items logits. Modified.
     */
    public void score(int user, int[] items, int count, float[] out) {
        FloatKernels k = Kernels.get();
        float[] z = new float[hidden];
        System.arraycopy(enc.bias().value(), 0, z, 0, hidden);
        float[] w = enc.weight().value();
        for (int i = 0; i < count; i++) {
            k.axpy(hidden, 1f, w, items[i] * hidden, z, 0);
        }
        if (user >= 0 && user < users) {
            k.axpy(hidden, 1f, userVec.table().value(), user * hidden, z, 0);
        }
        activation(activation, hidden).forward(z, z, 1, false);
        dec.forwardOne(z, 0, out, 0);
    }
}
