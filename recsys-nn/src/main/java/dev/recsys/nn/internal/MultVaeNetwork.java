package dev.recsys.nn.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.layers.Dense;
import dev.recsys.nn.internal.layers.Init;
import dev.recsys.nn.internal.layers.ItemMajorOutput;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.SampledSoftmaxOutput;
import dev.recsys.nn.internal.layers.SparseInput;
import dev.recsys.nn.internal.layers.SparseRows;
import dev.recsys.nn.internal.layers.Tanh;
import dev.recsys.nn.internal.loss.GaussianKl;
import dev.recsys.nn.internal.loss.MultinomialLogLikelihood;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Mult-VAE network of Liang et al. (WWW 2018): {@code n -> hidden -> 2 x latent} encoder
 * (tanh; the last layer gives [mu | logvar]), reparameterised sample {@code z = mu + eps * exp(logvar / 2)}
 * in training and {@code z = mu} at inference, {@code latent -> hidden -> n} decoder (tanh), softmax
 * output with the multinomial log-likelihood. The input row is L2-normalised, then dropped out.
 * The first layer is a {@link SparseInput}: it costs what a user's items cost. With
 * {@link #sampledSoftmax} the output layer is trained item-major ({@link ItemMajorOutput}) and copied back
 * by {@link #syncOutput()}.
 *
 * <p>Thread safety: training is single-threaded; {@link #score} is safe for concurrent calls once
 * training is over (read-only weights, per-call scratch).
 */
public final class MultVaeNetwork {
    final int nItems;
    final int hidden;
    final int latent;
    final SparseInput enc1;
    final Dense enc2;
    final Dense dec1;
    final Dense dec2;
    private final Tanh act1;
    private final Tanh act2;
    private boolean klPerItems;
    private float[] klWeights = new float[0];
    private SampledSoftmaxOutput sampled;
    private ItemMajorOutput outTable;

    // training scratch, sized for the largest batch
    private int cap;
    private SparseRows input;
    private SparseRows target;
    private float[] h1;
    private float[] q;
    private float[] eps;
    private float[] z;
    private float[] h2;
    private float[] logits;
    private float[] dh2;
    private float[] dz;
    private float[] dq;
    private float[] dh1;

    /**
     * @param nItems number of items (input and output width)
     * @param hidden hidden layer width
     * @param latent latent dimension
     */
    public MultVaeNetwork(int nItems, int hidden, int latent) {
        this(nItems, hidden, latent, Parallel.SEQUENTIAL);
    }

    /**
     * @param nItems number of items (input and output width)
     * @param hidden hidden layer width
     * @param latent latent dimension
     * @param par    the threads for the dense layers' products
     */
    public MultVaeNetwork(int nItems, int hidden, int latent, Parallel par) {
        this.nItems = nItems;
        this.hidden = hidden;
        this.latent = latent;
        this.enc1 = new SparseInput("enc1", nItems, hidden);
        this.act1 = new Tanh(hidden);
        this.enc2 = new Dense("enc2", hidden, 2 * latent, par);
        this.dec1 = new Dense("dec1", latent, hidden, par);
        this.act2 = new Tanh(hidden);
        this.dec2 = new Dense("dec2", hidden, nItems, par);
    }

    /** Xavier-uniform weights, zero biases (as the reference implementation). */
    public void init(SplittableRandom rnd) {
        enc1.init(Init.XAVIER_UNIFORM, rnd.split());
        enc2.init(Init.XAVIER_UNIFORM, rnd.split());
        dec1.init(Init.XAVIER_UNIFORM, rnd.split());
        dec2.init(Init.XAVIER_UNIFORM, rnd.split());
    }

    /** All parameters of the model in a fixed order (also the order of the model file). */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.addAll(enc1.parameters());
        p.addAll(enc2.parameters());
        p.addAll(dec1.parameters());
        p.addAll(dec2.parameters());
        return p;
    }

    /**
     * The parameters training updates: {@link #parameters()}, except that with the sampled softmax
     * the output layer is trained through its item-major table ({@link ItemMajorOutput}, lazy row
     * updates) and copied back by {@link #syncOutput()}.
     */
    public List<Parameter> trainableParameters() {
        if (outTable == null) {
            return parameters();
        }
        List<Parameter> p = new ArrayList<>();
        p.addAll(enc1.parameters());
        p.addAll(enc2.parameters());
        p.addAll(dec1.parameters());
        p.add(outTable.table());
        return p;
    }

    /**
     * Copies the item-major output table trained by the sampled softmax into the output layer that
     * {@link #score} and the model file use (nothing to do with the full softmax); one pass over
     * items x hidden values.
     */
    public void syncOutput() {
        if (outTable != null) {
            outTable.storeToLayer();
        }
    }

    /**
     * The output layer's weights (hidden x items, row-major): item i's embedding is column i. Modifiable.
     * With the sampled softmax they are current after {@link #syncOutput()} (the trainer calls it when
     * training ends).
     */
    public float[] decoderWeights() {
        return dec2.weight().value();
    }

    /** The output layer's bias (one per item). Modifiable. */
    public float[] decoderBias() {
        return dec2.bias().value();
    }

    /**
     * Trains the output through a sampled softmax ({@link SampledSoftmaxOutput}) instead of the full
     * one: each mini-batch scores its users' positives and {@code samples} shared draws from a
     * popularity proposal (with the log-Q correction). The output layer is trained item-major
     * ({@link ItemMajorOutput}: its current weights are copied into the table here, and only the
     * rows a batch scored are updated, lazily); {@link #syncOutput()} copies them back. Inference
     * still scores every item.
     *
     * @param counts   per-item training counts (the proposal). Not modified.
     * @param exponent popularity exponent of the proposal
     * @param samples  draws per mini-batch
     * @param par      the threads for the products
     */
    public void sampledSoftmax(int[] counts, double exponent, int samples, Parallel par) {
        this.outTable = new ItemMajorOutput("dec2.items", dec2);
        this.sampled = new SampledSoftmaxOutput(outTable, counts, exponent, samples, par);
    }

    /** Whether training uses the sampled softmax. */
    public boolean isSampled() {
        return sampled != null;
    }

    private void ensure(int batch) {
        if (batch <= cap) {
            return;
        }
        cap = batch;
        input = new SparseRows(nItems);
        target = new SparseRows(nItems);
        h1 = new float[batch * hidden];
        q = new float[batch * 2 * latent];
        eps = new float[batch * latent];
        z = new float[batch * latent];
        h2 = new float[batch * hidden];
        logits = sampled != null ? new float[0] : new float[batch * nItems];
        dh2 = new float[batch * hidden];
        dz = new float[batch * latent];
        dq = new float[batch * 2 * latent];
        dh1 = new float[batch * hidden];
    }

    /**
     * Weights each user's KL term by their item count divided by the batch mean (RecVAE, Shenbin et
     * al. 2020: beta proportional to |x_u|); off by default.
     */
    public void klScaledByItems(boolean on) {
        this.klPerItems = on;
    }

    /**
     * One forward and backward pass over a mini-batch of users (gradients left in the parameters).
     *
     * @param m       users x items training matrix. Not modified.
     * @param users   user rows. Not modified.
     * @param from    first position in users
     * @param to      end position in users (exclusive)
     * @param binary  use 1 for every entry instead of its value
     * @param dropout input dropout rate in [0, 1)
     * @param beta    KL weight
     * @param rnd     dropout and reparameterisation noise. Advanced.
     * @return the batch loss (negative log-likelihood + beta KL, per user)
     */
    public double trainBatch(InteractionMatrix m, int[] users, int from, int to, boolean binary, float dropout,
                             float beta, SplittableRandom rnd) {
        int batch = to - from;
        ensure(batch);
        buildInput(m, users, from, to, binary, dropout, rnd);
        FloatKernels k = Kernels.get();
        // forward
        InteractionMatrix x = input.build();
        enc1.forward(x, h1);
        act1.forward(h1, h1, batch, true);
        enc2.forward(h1, q, batch, true);
        Init.gaussians(eps, 0, batch * latent, rnd);
        int w = 2 * latent;
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < latent; j++) {
                float std = (float) Math.exp(0.5f * q[r * w + latent + j]);
                z[r * latent + j] = q[r * w + j] + eps[r * latent + j] * std;
                eps[r * latent + j] *= 0.5f * std; // keep dz/dlogvar factor
            }
        }
        dec1.forward(z, h2, batch, true);
        act2.forward(h2, h2, batch, true);
        double nll;
        if (sampled != null) {
            nll = sampled.lossAndBackward(h2, batch, target.build(), rnd, dh2);
        } else {
            dec2.forward(h2, logits, batch, true);
            // losses (gradient of the likelihood computed in place of the logits)
            nll = MultinomialLogLikelihood.lossAndGradient(logits, nItems, target.build(), logits);
        }
        float[] rowWeights = null;
        if (klPerItems) {
            rowWeights = klWeights.length >= batch ? klWeights : (klWeights = new float[batch]);
            double total = 0;
            for (int b = from; b < to; b++) {
                total += m.rowLength(users[b]);
            }
            float mean = (float) Math.max(1e-9, total / batch);
            for (int b = from; b < to; b++) {
                rowWeights[b - from] = m.rowLength(users[b]) / mean;
            }
        }
        double kl = GaussianKl.lossAndGradient(q, batch, latent, beta, rowWeights, dq);
        // backward
        if (sampled == null) {
            dec2.backward(h2, null, logits, dh2, batch);
        }
        act2.backward(null, h2, dh2, dh2, batch);
        dec1.backward(z, null, dh2, dz, batch);
        for (int r = 0; r < batch; r++) {
            k.axpy(latent, 1f, dz, r * latent, dq, r * w);
            for (int j = 0; j < latent; j++) {
                dq[r * w + latent + j] += dz[r * latent + j] * eps[r * latent + j];
            }
        }
        enc2.backward(h1, null, dq, dh1, batch);
        act1.backward(null, h1, dh1, dh1, batch);
        enc1.backward(x, dh1);
        return nll + kl;
    }

    private void buildInput(InteractionMatrix m, int[] users, int from, int to, boolean binary, float dropout,
                            SplittableRandom rnd) {
        input.clear();
        target.clear();
        int[] ptr = m.rowPtr();
        int[] ci = m.colIdx();
        float[] v = m.values();
        float keep = 1f / (1f - dropout);
        for (int b = from; b < to; b++) {
            int u = users[b];
            double ss = 0;
            for (int q = ptr[u]; q < ptr[u + 1]; q++) {
                float x = binary ? 1f : v[q];
                ss += (double) x * x;
            }
            float inv = ss > 0 ? (float) (1.0 / Math.sqrt(ss)) : 0f;
            for (int q = ptr[u]; q < ptr[u + 1]; q++) {
                float x = binary ? 1f : v[q];
                target.add(ci[q], x);
                if (dropout == 0f || rnd.nextDouble() >= dropout) {
                    input.add(ci[q], x * inv * keep);
                }
            }
            input.endRow();
            target.endRow();
        }
    }

    /**
     * Scores every item for one user given their items (inference: z = mu, no dropout).
     *
     * @param items   item indices (each in range, no duplicates). Not modified.
     * @param values  their values (already binarised if the model is binary). Not modified.
     * @param count   number of items
     * @param out     receives nItems logits. Modified.
     */
    public void score(int[] items, float[] values, int count, float[] out) {
        FloatKernels k = Kernels.get();
        float[] a = new float[hidden];
        float[] mu = new float[2 * latent];
        float[] b = new float[hidden];
        double ss = 0;
        for (int i = 0; i < count; i++) {
            ss += (double) values[i] * values[i];
        }
        float inv = ss > 0 ? (float) (1.0 / Math.sqrt(ss)) : 0f;
        float[] w1 = enc1.weight().value();
        System.arraycopy(enc1.bias().value(), 0, a, 0, hidden);
        for (int i = 0; i < count; i++) {
            k.axpy(hidden, values[i] * inv, w1, items[i] * hidden, a, 0);
        }
        for (int j = 0; j < hidden; j++) {
            a[j] = Tanh.tanh(a[j]);
        }
        // only the mu half of enc2 is needed: its columns [0, latent) of a row-major hidden x 2L matrix
        k.gemv(true, hidden, latent, 1f, enc2.weight().value(), 0, 2 * latent, a, 0, 0f, mu, 0);
        k.axpy(latent, 1f, enc2.bias().value(), 0, mu, 0);
        dec1.forwardOne(mu, 0, b, 0);
        for (int j = 0; j < hidden; j++) {
            b[j] = Tanh.tanh(b[j]);
        }
        dec2.forwardOne(b, 0, out, 0);
    }
}
