package dev.recsys.nn.internal;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.layers.Dense;
import dev.recsys.nn.internal.layers.Embedding;
import dev.recsys.nn.internal.layers.Init;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.Relu;
import dev.recsys.nn.internal.loss.BinaryCrossEntropy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * NeuMF (He et al., "Neural Collaborative Filtering", WWW 2017): a GMF branch (element-wise
 * product of user and item embeddings) and an MLP branch (concatenated user and item embeddings
 * through ReLU layers halving in width), concatenated into one logistic output. With
 * {@code factors = 32} and two MLP layers: embeddings 32, MLP 64 -> 32 -> 16, output (32 + 16) -> 1.
 *
 * <p>Thread safety: training is single-threaded; {@link #scoreAll} is safe for concurrent calls
 * once training is over.
 */
public final class NeuMfNetwork {
    final int users;
    final int items;
    final int factors;
    final Embedding gmfUser;
    final Embedding gmfItem;
    final Embedding mlpUser;
    final Embedding mlpItem;
    final Dense[] mlp;
    final Relu[] relu;
    final Dense out;
    private final int mlpOut;

    // training scratch
    private int cap;
    private float[] gu;
    private float[] gi;
    private float[] mlpIn;
    private float[][] h;
    private float[][] dh;
    private float[] concat;
    private float[] logit;
    private float[] dlogit;
    private float[] dconcat;
    private float[] dgu;
    private float[] dgi;
    private float[] dmlpIn;

    /**
     * @param users     number of users
     * @param items     number of items
     * @param factors   embedding size of both branches (the MLP input is 2 x factors)
     * @param mlpLayers number of MLP layers, each halving the width (factors >> (layers-1) >= 1)
     */
    public NeuMfNetwork(int users, int items, int factors, int mlpLayers) {
        this(users, items, factors, mlpLayers, Parallel.SEQUENTIAL);
    }

    /**
     * @param users     number of users
     * @param items     number of items
     * @param factors   embedding size of both branches (the MLP input is 2 x factors)
     * @param mlpLayers number of MLP layers, each halving the width (factors >> (layers-1) >= 1)
     * @param par       the threads for the dense layers' products
     */
    public NeuMfNetwork(int users, int items, int factors, int mlpLayers, Parallel par) {
        if ((factors >> (mlpLayers - 1)) < 1) {
            throw new IllegalArgumentException("factors " + factors + " is too small for " + mlpLayers + " MLP layers");
        }
        this.users = users;
        this.items = items;
        this.factors = factors;
        this.gmfUser = new Embedding("gmf.user", users, factors);
        this.gmfItem = new Embedding("gmf.item", items, factors);
        this.mlpUser = new Embedding("mlp.user", users, factors);
        this.mlpItem = new Embedding("mlp.item", items, factors);
        this.mlp = new Dense[mlpLayers];
        this.relu = new Relu[mlpLayers];
        int w = 2 * factors;
        for (int l = 0; l < mlpLayers; l++) {
            int next = w / 2;
            mlp[l] = new Dense("mlp" + (l + 1), w, next, par);
            relu[l] = new Relu(next);
            w = next;
        }
        this.mlpOut = w;
        this.out = new Dense("out", factors + mlpOut, 1, par);
    }

    /** Embeddings N(0, 0.01^2) as in the paper's code; He-uniform MLP; Xavier output layer. */
    public void init(SplittableRandom rnd) {
        Init emb = Init.normal(0.01);
        gmfUser.init(emb, rnd.split());
        gmfItem.init(emb, rnd.split());
        mlpUser.init(emb, rnd.split());
        mlpItem.init(emb, rnd.split());
        for (Dense d : mlp) {
            d.init(Init.HE_UNIFORM, rnd.split());
        }
        out.init(Init.XAVIER_UNIFORM, rnd.split());
    }

    /** All parameters in a fixed order (also the order of the model file). */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.addAll(gmfUser.parameters());
        p.addAll(gmfItem.parameters());
        p.addAll(mlpUser.parameters());
        p.addAll(mlpItem.parameters());
        for (Dense d : mlp) {
            p.addAll(d.parameters());
        }
        p.addAll(out.parameters());
        return p;
    }

    private void ensure(int batch) {
        if (batch <= cap) {
            return;
        }
        cap = batch;
        gu = new float[batch * factors];
        gi = new float[batch * factors];
        mlpIn = new float[batch * 2 * factors];
        h = new float[mlp.length][];
        dh = new float[mlp.length][];
        for (int l = 0; l < mlp.length; l++) {
            h[l] = new float[batch * mlp[l].outputSize()];
            dh[l] = new float[batch * mlp[l].outputSize()];
        }
        concat = new float[batch * (factors + mlpOut)];
        logit = new float[batch];
        dlogit = new float[batch];
        dconcat = new float[batch * (factors + mlpOut)];
        dgu = new float[batch * factors];
        dgi = new float[batch * factors];
        dmlpIn = new float[batch * 2 * factors];
    }

    /**
     * Forward and backward over a batch of (user, item, label) samples; gradients left in the
     * parameters.
     *
     * @return the mean binary cross-entropy
     */
    public double trainBatch(int[] u, int[] i, float[] label, int off, int batch) {
        ensure(batch);
        int f = factors;
        int cw = f + mlpOut;
        gmfUser.forward(u, off, batch, gu, 0, f);
        gmfItem.forward(i, off, batch, gi, 0, f);
        mlpUser.forward(u, off, batch, mlpIn, 0, 2 * f);
        mlpItem.forward(i, off, batch, mlpIn, f, 2 * f);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < f; j++) {
                concat[b * cw + j] = gu[b * f + j] * gi[b * f + j];
            }
        }
        float[] x = mlpIn;
        for (int l = 0; l < mlp.length; l++) {
            mlp[l].forward(x, h[l], batch, true);
            relu[l].forward(h[l], h[l], batch, true);
            x = h[l];
        }
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * mlpOut, concat, b * cw + f, mlpOut);
        }
        out.forward(concat, logit, batch, true);
        double loss = BinaryCrossEntropy.lossAndGradient(logit, sliceLabels(label, off, batch), null, batch, dlogit);
        out.backward(concat, logit, dlogit, dconcat, batch);
        // GMF branch
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < f; j++) {
                float d = dconcat[b * cw + j];
                dgu[b * f + j] = d * gi[b * f + j];
                dgi[b * f + j] = d * gu[b * f + j];
            }
        }
        // MLP branch
        int last = mlp.length - 1;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dconcat, b * cw + f, dh[last], b * mlpOut, mlpOut);
        }
        for (int l = last; l >= 0; l--) {
            relu[l].backward(null, h[l], dh[l], dh[l], batch);
            float[] in = l == 0 ? mlpIn : h[l - 1];
            float[] din = l == 0 ? dmlpIn : dh[l - 1];
            mlp[l].backward(in, h[l], dh[l], din, batch);
        }
        gmfUser.backward(u, off, batch, dgu, 0, f);
        gmfItem.backward(i, off, batch, dgi, 0, f);
        mlpUser.backward(u, off, batch, dmlpIn, 0, 2 * f);
        mlpItem.backward(i, off, batch, dmlpIn, f, 2 * f);
        return loss;
    }

    private float[] labelScratch = new float[0];

    private float[] sliceLabels(float[] label, int off, int batch) {
        if (off == 0) {
            return label;
        }
        if (labelScratch.length < batch) {
            labelScratch = new float[batch];
        }
        System.arraycopy(label, off, labelScratch, 0, batch);
        return labelScratch;
    }

    /** Item-side precomputation for scoring: the item half of the first MLP layer, items x width. */
    public float[] itemProjection() {
        int f = factors;
        int w1 = mlp[0].outputSize();
        float[] p = new float[items * w1];
        // rows f..2f of W1 (the item half of the concatenated input)
        Kernels.get().gemm(false, false, items, w1, f, 1f, mlpItem.table().value(), 0, f,
                mlp[0].weight().value(), f * w1, w1, 0f, p, 0, w1);
        return p;
    }

    /**
     * Scores every item for a known user (logits).
     *
     * @param user           the user
     * @param itemProjection {@link #itemProjection()} of the current weights. Not modified.
     * @param scores         receives items logits. Modified.
     */
    public void scoreAll(int user, float[] itemProjection, float[] scores) {
        FloatKernels k = Kernels.get();
        int f = factors;
        float[] wOut = out.weight().value(); // (f + mlpOut) x 1
        float bOut = out.bias().value()[0];
        // GMF: sum_j pu_j w_j qi_j
        float[] v = new float[f];
        float[] gut = gmfUser.table().value();
        for (int j = 0; j < f; j++) {
            v[j] = gut[user * f + j] * wOut[j];
        }
        k.scoreRows(gmfItem.table().value(), items, f, v, 0, scores, 0);
        // MLP: first layer user half + bias, added to the item projection
        int w1 = mlp[0].outputSize();
        float[] a = new float[w1];
        k.gemv(true, f, w1, 1f, mlp[0].weight().value(), 0, w1, mlpUser.table().value(), user * f, 0f, a, 0);
        k.axpy(w1, 1f, mlp[0].bias().value(), 0, a, 0);
        int block = 256;
        float[] x = new float[block * w1];
        float[][] hs = new float[mlp.length][];
        for (int l = 1; l < mlp.length; l++) {
            hs[l] = new float[block * mlp[l].outputSize()];
        }
        float[] tail = new float[block];
        float[] wTail = new float[mlpOut];
        System.arraycopy(wOut, f, wTail, 0, mlpOut);
        for (int from = 0; from < items; from += block) {
            int n = Math.min(block, items - from);
            System.arraycopy(itemProjection, from * w1, x, 0, n * w1);
            for (int r = 0; r < n; r++) {
                k.axpy(w1, 1f, a, 0, x, r * w1);
            }
            relu[0].forward(x, x, n, false);
            float[] cur = x;
            for (int l = 1; l < mlp.length; l++) {
                mlp[l].forward(cur, hs[l], n, false);
                relu[l].forward(hs[l], hs[l], n, false);
                cur = hs[l];
            }
            k.gemv(false, n, mlpOut, 1f, cur, 0, mlpOut, wTail, 0, 0f, tail, 0);
            for (int r = 0; r < n; r++) {
                scores[from + r] += tail[r] + bOut;
            }
        }
    }
}
