package dev.recsys.nn.internal.loss;

import dev.recsys.nn.internal.layers.Sigmoid;

/**
 * Binary cross-entropy on logits, {@code L = (1/n) sum_i w_i [max(z,0) - z y + log(1 + e^-|z|)]}
 * (the overflow-free form of {@code -y log s(z) - (1-y) log(1 - s(z))}), gradient
 * {@code w_i (s(z_i) - y_i) / n}. Used by NeuMF on positives and sampled negatives, with labels
 * 1 and 0.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class BinaryCrossEntropy {
    private BinaryCrossEntropy() {
    }

    /** The loss of one logit with label y (0..1), overflow-free. */
    public static double loss(float z, float y) {
        return Math.max(z, 0f) - (double) z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /**
     * Loss and gradient over n logits.
     *
     * @param logits  logits. Not modified (unless it is grad).
     * @param labels  labels in [0, 1]. Not modified.
     * @param weights per-entry weights, or null for 1. Not modified.
     * @param n       number of entries (> 0)
     * @param grad    receives dL/dz, or null. Modified. May be logits.
     * @return the mean loss
     */
    public static double lossAndGradient(float[] logits, float[] labels, float[] weights, int n, float[] grad) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be > 0, got " + n);
        }
        double sum = 0;
        float inv = 1f / n;
        for (int i = 0; i < n; i++) {
            float z = logits[i];
            float y = labels[i];
            float w = weights == null ? 1f : weights[i];
            sum += w * loss(z, y);
            if (grad != null) {
                grad[i] = w * (Sigmoid.sigmoid(z) - y) * inv;
            }
        }
        return sum / n;
    }
}
