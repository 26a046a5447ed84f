package dev.recsys.nn.internal.layers;

import dev.recsys.data.InteractionMatrix;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.sample.NegativeSampler;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A sampled softmax with the multinomial log-likelihood on top of a {@link Dense} output layer, for
 * catalogues too large to score every item for every user in training (Jean et al., ACL 2015; Bengio
 * and Senecal 2008). Per mini-batch, {@code samples} items are drawn with replacement from a
 * popularity proposal {@code q} (via core's {@link NegativeSampler#popularity}) and shared by all rows;
 * each row's candidates are its own positives plus those draws (a draw that is one of the row's
 * positives is dropped). The partition function over the items outside the row's positives is
 * estimated by importance sampling, i.e. each draw's logit gets the log-Q correction
 * {@code z_j - log(samples * q_j)}, so that
 * {@code L_r = X_r lse_r - sum_i x_ri z_ri} with
 * {@code lse_r = log(sum_{i in P_r} e^{z_ri} + sum_{s not in P_r} e^{z_rs - log(S q_s)})}.
 * The output layer is evaluated on the positive and sampled columns only: an epoch costs
 * {@code (nnz + users * samples) * hidden} multiply-adds per pass instead of {@code users * items * hidden}.
 * The layer's dense gradients are written (zero outside the touched columns).
 *
 * <p>Thread safety: not thread-safe (sampling state and scratch). Results do not depend on the
 * threads of {@code par} (the products are split as in {@link Dense}).
 */
public final class SampledSoftmaxOutput {
    private final Dense layer;
    private final int in;
    private final int n;
    private final int samples;
    private final NegativeSampler sampler;
    private final float[] logSq;
    private final Parallel par;
    private final int[] neg;
    private final float[] wn;
    private final float[] dwn;
    private final int[] stamp;
    private final int[] slot;
    private int round;
    private int cap;
    private float[] negLogits;
    private int[] posItems = new int[0];
    private float[] wp = new float[0];
    private float[] dwp = new float[0];
    private float[] posLogits = new float[0];

    /**
     * @param layer    the output layer (in x n); its weights are read, its gradients written
     * @param counts   per-item training counts (the proposal is {@code (count + 1)^exponent}). Not modified.
     * @param exponent popularity exponent of the proposal (0: uniform)
     * @param samples  draws per mini-batch, >= 1
     * @param par      the threads for the products
     */
    public SampledSoftmaxOutput(Dense layer, int[] counts, double exponent, int samples, Parallel par) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        if (counts.length != layer.outputSize()) {
            throw new IllegalArgumentException("counts has " + counts.length + " items, layer " + layer.outputSize());
        }
        this.layer = layer;
        this.in = layer.inputSize();
        this.n = layer.outputSize();
        this.samples = samples;
        this.par = par;
        this.sampler = NegativeSampler.popularity(counts, exponent);
        double sum = 0;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.pow(counts[i] + 1.0, exponent); // the proposal of NegativeSampler.popularity
            sum += w[i];
        }
        this.logSq = new float[n];
        for (int i = 0; i < n; i++) {
            logSq[i] = (float) Math.log(samples * w[i] / sum);
        }
        this.neg = new int[samples];
        this.wn = new float[samples * in];
        this.dwn = new float[samples * in];
        this.stamp = new int[n];
        this.slot = new int[n];
    }

    /** Draws per mini-batch. */
    public int samples() {
        return samples;
    }

    private int nextRound() {
        if (++round == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            round = 1;
        }
        return round;
    }

    /**
     * Forward and backward through the output layer and the sampled loss.
     *
     * @param h      batch x in inputs of the output layer. Not modified.
     * @param batch  rows
     * @param target each row's positives with their (non-negative) weights. Not modified.
     * @param rnd    the draws. Advanced.
     * @param dh     receives dL/dh (batch x in). Modified.
     * @return the batch loss (mean over rows)
     */
    public double lossAndBackward(float[] h, int batch, InteractionMatrix target, SplittableRandom rnd, float[] dh) {
        FloatKernels k = Kernels.get();
        if (batch > cap) {
            cap = batch;
            negLogits = new float[batch * samples];
        }
        float[] wv = layer.weight().value();
        float[] bv = layer.bias().value();
        for (int s = 0; s < samples; s++) {
            neg[s] = sampler.draw(rnd);
        }
        Arrays.sort(neg); // neighbouring columns share cache lines in the gathers below
        // distinct positive columns of the batch
        int[] ptr = target.rowPtr();
        int[] ci = target.colIdx();
        float[] xv = target.values();
        int nnz = ptr[batch];
        if (posItems.length < nnz) {
            posItems = new int[nnz];
            posLogits = new float[nnz];
        }
        int tag = nextRound();
        int np = 0;
        for (int q = 0; q < nnz; q++) {
            int j = ci[q];
            if (stamp[j] != tag) {
                stamp[j] = tag;
                posItems[np++] = j;
            }
        }
        Arrays.sort(posItems, 0, np);
        for (int p = 0; p < np; p++) {
            slot[posItems[p]] = p;
        }
        if (wp.length < np * in) {
            wp = new float[np * in];
            dwp = new float[np * in];
        }
        // gather the touched columns as contiguous rows
        DenseColumns.gather(wv, in, n, neg, samples, wn);
        DenseColumns.gather(wv, in, n, posItems, np, wp);
        Dense.gemm(par, false, true, batch, samples, in, 1f, h, 0, in, wn, 0, in, 0f, negLogits, 0, samples);
        for (int q = 0; q < nnz; q++) {
            posLogits[q] = 0f;
        }
        float inv = 1f / batch;
        double loss = 0;
        for (int r = 0; r < batch; r++) {
            int rowTag = nextRound();
            double xs = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                int j = ci[q];
                stamp[j] = rowTag;
                float z = k.dot(h, r * in, wp, slot(j) * in, in) + bv[j];
                posLogits[q] = z;
                xs += xv[q];
                max = Math.max(max, z);
            }
            int o = r * samples;
            for (int s = 0; s < samples; s++) {
                int j = neg[s];
                if (stamp[j] == rowTag) {
                    negLogits[o + s] = Float.NEGATIVE_INFINITY; // an accidental hit: not a negative
                } else {
                    negLogits[o + s] += bv[j] - logSq[j];
                    max = Math.max(max, negLogits[o + s]);
                }
            }
            double z = 0;
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                z += Math.exp(posLogits[q] - max);
            }
            for (int s = 0; s < samples; s++) {
                z += Math.exp(negLogits[o + s] - max); // exp(-inf) = 0
            }
            double lse = max + Math.log(z);
            double a = xs * inv;
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                loss += xs > 0 ? xv[q] * (lse - posLogits[q]) : 0;
                posLogits[q] = (float) (a * Math.exp(posLogits[q] - lse) - xv[q] * inv); // now dL/dz
            }
            for (int s = 0; s < samples; s++) {
                negLogits[o + s] = (float) (a * Math.exp(negLogits[o + s] - lse));
            }
        }
        // dh = dNeg wn + sum over positives; dwn = dNeg^T h; dwp per positive
        Dense.gemm(par, false, false, batch, in, samples, 1f, negLogits, 0, samples, wn, 0, in, 0f, dh, 0, in);
        Dense.gemm(par, true, false, samples, in, batch, 1f, negLogits, 0, samples, h, 0, in, 0f, dwn, 0, in);
        Arrays.fill(dwp, 0, np * in, 0f);
        float[] gb = layer.bias().grad();
        Arrays.fill(gb, 0f);
        for (int r = 0; r < batch; r++) {
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                int p = slot(ci[q]);
                float g = posLogits[q];
                k.axpy(in, g, wp, p * in, dh, r * in);
                k.axpy(in, g, h, r * in, dwp, p * in);
                gb[ci[q]] += g;
            }
            int o = r * samples;
            for (int s = 0; s < samples; s++) {
                gb[neg[s]] += negLogits[o + s];
            }
        }
        float[] gw = layer.weight().grad();
        Arrays.fill(gw, 0f);
        DenseColumns.scatterAdd(dwn, in, n, neg, samples, gw);
        DenseColumns.scatterAdd(dwp, in, n, posItems, np, gw);
        return loss / batch;
    }

    private int slot(int item) {
        return slot[item];
    }
}
