package dev.recsys.nn.internal.loss;

/**
 * Mean squared error {@code L = (1/n) sum_i w_i (p_i - t_i)^2} (weights optional), gradient
 * {@code 2 w_i (p_i - t_i) / n}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class MeanSquaredError {
    private MeanSquaredError() {
    }

    /**
     * Loss and gradient over {@code n} predictions.
     *
     * @param pred    predictions. Not modified (unless it is grad).
     * @param target  targets. Not modified.
     * @param weights per-entry weights, or null for 1. Not modified.
     * @param n       number of entries (> 0)
     * @param grad    receives dL/dpred, or null. Modified. May be pred.
     * @return the mean loss
     */
    public static double lossAndGradient(float[] pred, float[] target, float[] weights, int n, float[] grad) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be > 0, got " + n);
        }
        double sum = 0;
        float scale = 2f / n;
        for (int i = 0; i < n; i++) {
            float d = pred[i] - target[i];
            float w = weights == null ? 1f : weights[i];
            sum += (double) w * d * d;
            if (grad != null) {
                grad[i] = scale * w * d;
            }
        }
        return sum / n;
    }
}
