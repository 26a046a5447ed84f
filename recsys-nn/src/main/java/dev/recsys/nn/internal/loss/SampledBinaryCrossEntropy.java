package dev.recsys.nn.internal.loss;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.nn.internal.layers.Sigmoid;
import java.util.SplittableRandom;

/**
 * Binary cross-entropy with negative sampling over a dense batch x n matrix of logits: for each row,
 * the positive columns (the non-zeros of an {@link InteractionMatrix} target, label 1) plus
 * {@code negatives} columns per positive drawn uniformly from the row's other columns (label 0).
 * {@code L = (1/batch) sum_rows [sum_pos -log s(z) + sum_neg -log(1 - s(z))]}; the gradient is
 * zero outside the positive and sampled positions. This is how CDAE (Wu et al., WSDM 2016) trains
 * without scoring every unobserved item.
 *
 * <p>Thread safety: not thread-safe (sampling state and scratch).
 */
public final class SampledBinaryCrossEntropy {
    private final int n;
    private final int negatives;
    private final NegativeSampler uniform;
    private final int[] stamp;
    private int round;

    /**
     * @param n         number of columns (items), >= 1 (with one column, or a row holding every
     *                  column, no negative can be drawn and none is)
     * @param negatives negatives sampled per positive, >= 0
     */
    public SampledBinaryCrossEntropy(int n, int negatives) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (negatives < 0) {
            throw new IllegalArgumentException("negatives must be >= 0, got " + negatives);
        }
        this.n = n;
        this.negatives = negatives;
        this.uniform = NegativeSampler.uniform(n);
        this.stamp = new int[n];
    }

    /**
     * Loss and gradient of a batch.
     *
     * @param logits  batch x n logits. Not modified.
     * @param targets the positives of each row (values ignored). Not modified.
     * @param rnd     negative sampler. Advanced.
     * @param grad    receives dL/dlogits (batch x n, zero off the sampled positions). Modified.
     * @return the loss
     */
    public double lossAndGradient(float[] logits, InteractionMatrix targets, SplittableRandom rnd, float[] grad) {
        int batch = targets.rows();
        if (batch == 0) {
            return 0;
        }
        java.util.Arrays.fill(grad, 0, batch * n, 0f);
        int[] ptr = targets.rowPtr();
        int[] ci = targets.colIdx();
        float inv = 1f / batch;
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            int o = r * n;
            if (++round == Integer.MAX_VALUE) {
                java.util.Arrays.fill(stamp, 0);
                round = 1;
            }
            int pos = ptr[r + 1] - ptr[r];
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                int j = ci[q];
                stamp[j] = round;
                float z = logits[o + j];
                sum += BinaryCrossEntropy.loss(z, 1f);
                grad[o + j] = (Sigmoid.sigmoid(z) - 1f) * inv;
            }
            int want = Math.min(pos * negatives, n - pos);
            for (int s = 0; s < want; s++) {
                int j;
                do {
                    j = uniform.draw(rnd);
                } while (stamp[j] == round);
                float z = logits[o + j];
                sum += BinaryCrossEntropy.loss(z, 0f);
                grad[o + j] += Sigmoid.sigmoid(z) * inv;
            }
        }
        return sum / batch;
    }
}
