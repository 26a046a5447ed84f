package dev.recsys.nn.internal.layers;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.loss.BinaryCrossEntropy;
import dev.recsys.nn.internal.loss.SampledBinaryCrossEntropy;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Binary cross-entropy with sampled negatives on top of a {@link Dense} output layer, evaluated on
 * the sampled positions only: the same loss, draws and gradients as a full forward pass followed by
 * {@link SampledBinaryCrossEntropy#lossAndGradient} and the layer's backward pass (up to the order of
 * float sums), without computing the {@code batch x n} logits. Each row's positives and negatives
 * ({@link SampledBinaryCrossEntropy#sample}) are scored by dot products with the gathered weight
 * columns the batch touches, so an epoch costs {@code (nnz + sampled negatives) x in} multiply-adds
 * per pass instead of {@code users x n x in}. The layer's dense gradients are written (zero outside
 * the touched columns). CDAE uses it for large catalogues.
 *
 * <p>Thread safety: not thread-safe (sampling state and scratch). Rows are scored in parallel on the
 * threads of {@code par}; the weight and bias gradients are summed in row order on the calling
 * thread, so the result does not depend on the thread count.
 */
public final class SampledBinaryOutput {
    private final Dense layer;
    private final int in;
    private final int n;
    private final Parallel par;
    private final SampledBinaryCrossEntropy.Positions pos = new SampledBinaryCrossEntropy.Positions();
    private final int[] stamp;
    private final int[] slot;
    private int round;
    private int[] cols = new int[0];
    private float[] wc = new float[0];
    private float[] dwc = new float[0];
    private float[] g = new float[0];
    private double[] rowLoss = new double[0];

    /**
     * @param layer the output layer (in x n); its weights are read, its gradients written
     * @param par   the threads for the row products
     */
    public SampledBinaryOutput(Dense layer, Parallel par) {
        this.layer = layer;
        this.in = layer.inputSize();
        this.n = layer.outputSize();
        this.par = par;
        this.stamp = new int[n];
        this.slot = new int[n];
    }

    /**
     * Forward and backward through the output layer and the sampled loss.
     *
     * @param h      batch x in inputs of the output layer. Not modified.
     * @param batch  rows
     * @param target each row's positives. Not modified.
     * @param loss   the sampled loss whose draws are used
     * @param rnd    the negative draws. Advanced.
     * @param dh     receives dL/dh (batch x in). Modified.
     * @return the batch loss (mean over rows)
     */
    public double lossAndBackward(float[] h, int batch, InteractionMatrix target, SampledBinaryCrossEntropy loss,
                                  SplittableRandom rnd, float[] dh) {
        loss.sample(target, rnd, pos);
        int total = pos.ptr[batch];
        if (++round == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            round = 1;
        }
        if (cols.length < Math.min(total, n)) {
            cols = new int[Math.min(total, n)];
        }
        int nc = 0;
        for (int q = 0; q < total; q++) {
            int j = pos.cols[q];
            if (stamp[j] != round) {
                stamp[j] = round;
                cols[nc++] = j;
            }
        }
        Arrays.sort(cols, 0, nc); // neighbouring columns share cache lines in the gathers
        for (int p = 0; p < nc; p++) {
            slot[cols[p]] = p;
        }
        if (wc.length < nc * in) {
            wc = new float[nc * in];
            dwc = new float[nc * in];
        }
        if (g.length < total) {
            g = new float[total];
        }
        if (rowLoss.length < batch) {
            rowLoss = new double[batch];
        }
        float[] wv = layer.weight().value();
        float[] bv = layer.bias().value();
        DenseColumns.gather(wv, in, n, cols, nc, wc);
        float inv = 1f / batch;
        int[] ptr = pos.ptr;
        int[] pc = pos.cols;
        int[] positives = pos.positives;
        // per row: the logits of its positions, their dL/dz, and dh
        par.forRange(batch, 1, (worker, from, to) -> {
            FloatKernels k = Kernels.get();
            for (int r = from; r < to; r++) {
                Arrays.fill(dh, r * in, (r + 1) * in, 0f);
                double l = 0;
                int negFrom = ptr[r] + positives[r];
                for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                    int j = pc[q];
                    float z = k.dot(h, r * in, wc, slot[j] * in, in) + bv[j];
                    float label = q < negFrom ? 1f : 0f;
                    l += BinaryCrossEntropy.loss(z, label);
                    float d = (Sigmoid.sigmoid(z) - label) * inv;
                    g[q] = d;
                    k.axpy(in, d, wc, slot[j] * in, dh, r * in);
                }
                rowLoss[r] = l;
            }
        });
        // weight and bias gradients, in row order
        FloatKernels k = Kernels.get();
        Arrays.fill(dwc, 0, nc * in, 0f);
        float[] gb = layer.bias().grad();
        Arrays.fill(gb, 0f);
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                int j = pc[q];
                k.axpy(in, g[q], h, r * in, dwc, slot[j] * in);
                gb[j] += g[q];
            }
            sum += rowLoss[r];
        }
        float[] gw = layer.weight().grad();
        Arrays.fill(gw, 0f);
        DenseColumns.scatterAdd(dwc, in, n, cols, nc, gw);
        return sum / batch;
    }
}
