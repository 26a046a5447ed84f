package dev.recsys.nn.internal.layers;

import dev.recsys.data.InteractionMatrix;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.sample.NegativeSampler;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A sampled softmax with the multinomial log-likelihood on top of an output layer held item-major
 * ({@link ItemMajorOutput}), for catalogues too large to score every item for every user in
 * training (Jean et al., ACL 2015; Bengio and Senecal 2008). Per mini-batch, {@code samples} items
 * are drawn with replacement from a popularity proposal {@code q} (via core's
 * {@link NegativeSampler#popularity}) and shared by all rows; each row's candidates are its own
 * positives plus those draws (a draw that is one of the row's positives is dropped). The partition
 * function over the items outside the row's positives is estimated by importance sampling, i.e.
 * each draw's logit gets the log-Q correction {@code z_j - log(samples * q_j)}, so that
 * {@code L_r = X_r lse_r - sum_i x_ri z_ri} with
 * {@code lse_r = log(sum_{i in P_r} e^{z_ri} + sum_{s not in P_r} e^{z_rs - log(S q_s)})}.
 * Only the positive and drawn items are read and get a gradient row: a mini-batch costs
 * {@code (nnz + batch * samples) * in} multiply-adds per pass (the draws' part as three gemms)
 * plus {@code samples * in} copies, and nothing proportional to the catalogue.
 *
 * <p>Thread safety: not thread-safe (sampling state and scratch). Results do not depend on the
 * threads of {@code par} (the products are split as in {@link Dense}; the gradient rows are
 * summed on the calling thread in a fixed order).
 */
public final class SampledSoftmaxOutput {
    private final ItemMajorOutput out;
    private final int in;
    private final int samples;
    private final NegativeSampler sampler;
    private final float[] logSq;
    private final Parallel par;
    private final int[] neg;
    private final float[] wn;
    private final float[] wnT;
    private final float[] bn;
    private final float[] dwn;
    private final float[] dbn;
    private int cap;
    private float[] negLogits;
    private float[] posLogits = new float[0];
    private double[] rowLoss = new double[0];
    /** Rows per chunk of the per-row loops split between threads. */
    private static final int ROWS_PER_CHUNK = 16;

    /**
     * @param out      the output table; its values are read, its row gradient written
     * @param counts   per-item training counts (the proposal is {@code (count + 1)^exponent}). Not modified.
     * @param exponent popularity exponent of the proposal (0: uniform)
     * @param samples  draws per mini-batch, >= 1
     * @param par      the threads for the products
     */
    public SampledSoftmaxOutput(ItemMajorOutput out, int[] counts, double exponent, int samples, Parallel par) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        if (counts.length != out.items()) {
            throw new IllegalArgumentException("counts has " + counts.length + " items, layer " + out.items());
        }
        this.out = out;
        this.in = out.inputSize();
        int n = out.items();
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
        this.wnT = new float[samples * in];
        this.bn = new float[samples];
        this.dwn = new float[samples * in];
        this.dbn = new float[samples];
    }

    /** Draws per mini-batch. */
    public int samples() {
        return samples;
    }

    /**
     * Forward and backward through the output layer and the sampled loss; the table's row gradient
     * is replaced by this batch's.
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
            rowLoss = new double[batch];
        }
        out.beginBatch();
        for (int s = 0; s < samples; s++) {
            neg[s] = sampler.draw(rnd);
        }
        Arrays.sort(neg); // the gradient rows of the draws come in item order
        int[] ptr = target.rowPtr();
        int[] ci = target.colIdx();
        float[] xv = target.values();
        int nnz = ptr[batch];
        if (posLogits.length < nnz) {
            posLogits = new float[nnz];
        }
        out.gather(neg, samples, wn, wnT, bn);
        Dense.gemm(par, false, false, batch, samples, in, 1f, h, 0, in, wnT, 0, samples, 0f, negLogits, 0, samples);
        float inv = 1f / batch;
        // per row (independent rows, split between threads): the positives' logits, the softmax over
        // them and the corrected draws, and dL/dz in place of the logits
        par.forRange(batch, ROWS_PER_CHUNK, (worker, from, to) -> {
            FloatKernels kw = Kernels.get();
            for (int r = from; r < to; r++) {
                rowLoss[r] = row(kw, h, r, ptr, ci, xv, inv);
            }
        });
        double loss = 0;
        for (int r = 0; r < batch; r++) {
            loss += rowLoss[r];
        }
        // the draws: dh = dNeg wn, their weight gradients dNeg^T h, bias gradients the column sums
        Dense.gemm(par, false, false, batch, in, samples, 1f, negLogits, 0, samples, wn, 0, in, 0f, dh, 0, in);
        Dense.gemm(par, true, false, samples, in, batch, 1f, negLogits, 0, samples, h, 0, in, 0f, dwn, 0, in);
        Arrays.fill(dbn, 0f);
        for (int r = 0; r < batch; r++) {
            k.axpy(samples, 1f, negLogits, r * samples, dbn, 0);
        }
        out.addGradients(k, neg, samples, dwn, dbn);
        // the positives: dh row by row (split between threads), then their gradient rows in order
        par.forRange(batch, ROWS_PER_CHUNK, (worker, from, to) -> {
            FloatKernels kw = Kernels.get();
            for (int r = from; r < to; r++) {
                for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                    out.backToInput(kw, ci[q], posLogits[q], dh, r * in);
                }
            }
        });
        for (int r = 0; r < batch; r++) {
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                out.addGradient(k, ci[q], posLogits[q], h, r * in);
            }
        }
        return loss / batch;
    }

    /**
     * Row r's loss; leaves dL/dz of its positives in {@code posLogits} and of the draws in its row of
     * {@code negLogits} (which holds the draws' raw logits on entry). A draw that is one of the row's
     * positives (found by merging the two sorted lists) is dropped.
     */
    private double row(FloatKernels k, float[] h, int r, int[] ptr, int[] ci, float[] xv, float inv) {
        double xs = 0;
        double max = Double.NEGATIVE_INFINITY;
        int p0 = ptr[r];
        int p1 = ptr[r + 1];
        for (int q = p0; q < p1; q++) {
            float z = out.logit(k, h, r * in, ci[q]);
            posLogits[q] = z;
            xs += xv[q];
            max = Math.max(max, z);
        }
        int o = r * samples;
        for (int s = 0, p = p0; s < samples; s++) {
            int j = neg[s];
            while (p < p1 && ci[p] < j) {
                p++;
            }
            if (p < p1 && ci[p] == j) {
                negLogits[o + s] = Float.NEGATIVE_INFINITY; // an accidental hit: not a negative
            } else {
                negLogits[o + s] += bn[s] - logSq[j];
                max = Math.max(max, negLogits[o + s]);
            }
        }
        double z = 0;
        for (int q = p0; q < p1; q++) {
            z += Math.exp(posLogits[q] - max);
        }
        for (int s = 0; s < samples; s++) {
            z += Math.exp(negLogits[o + s] - max); // exp(-inf) = 0
        }
        double lse = max + Math.log(z);
        double a = xs * inv;
        double loss = 0;
        for (int q = p0; q < p1; q++) {
            loss += xs > 0 ? xv[q] * (lse - posLogits[q]) : 0;
            posLogits[q] = (float) (a * Math.exp(posLogits[q] - lse) - xv[q] * inv); // now dL/dz
        }
        for (int s = 0; s < samples; s++) {
            negLogits[o + s] = (float) (a * Math.exp(negLogits[o + s] - lse));
        }
        return loss;
    }
}
