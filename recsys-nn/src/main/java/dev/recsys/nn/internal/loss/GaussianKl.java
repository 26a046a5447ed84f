package dev.recsys.nn.internal.loss;

/**
 * KL divergence of a diagonal Gaussian posterior {@code N(mu, exp(logvar))} from the standard normal
 * prior, as in a VAE: {@code KL = (1/batch) sum_rows sum_k 0.5 (-1 - logvar_k + mu_k^2 + exp(logvar_k))},
 * weighted by an annealing factor beta ({@link KlAnnealing}). Each row holds {@code [mu | logvar]}
 * (2 x dim values).
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class GaussianKl {
    private GaussianKl() {
    }

    /**
     * Weighted loss and its gradient.
     *
     * @param q     batch rows of {@code [mu (dim) | logvar (dim)]}. Not modified.
     * @param batch number of rows
     * @param dim   latent dimension
     * @param beta  weight of the term (>= 0)
     * @param grad  receives {@code beta * dKL/dq} in the same layout, or null. Modified.
     * @return {@code beta * KL}
     */
    public static double lossAndGradient(float[] q, int batch, int dim, float beta, float[] grad) {
        return lossAndGradient(q, batch, dim, beta, null, grad);
    }

    /**
     * Weighted loss and its gradient with a weight per row (RecVAE-style per-user KL scaling: row r
     * counts {@code beta * rowWeights[r]}).
     *
     * @param rowWeights per-row factors (>= 0), or null for 1 everywhere. Not modified.
     * @see #lossAndGradient(float[], int, int, float, float[])
     */
    public static double lossAndGradient(float[] q, int batch, int dim, float beta, float[] rowWeights,
                                         float[] grad) {
        if (batch == 0) {
            return 0;
        }
        double sum = 0;
        int w = 2 * dim;
        for (int r = 0; r < batch; r++) {
            int o = r * w;
            float rw = rowWeights == null ? 1f : rowWeights[r];
            float scale = beta * rw / batch;
            double rowSum = 0;
            for (int k = 0; k < dim; k++) {
                float mu = q[o + k];
                float lv = q[o + dim + k];
                double e = Math.exp(lv);
                rowSum += 0.5 * (-1.0 - lv + (double) mu * mu + e);
                if (grad != null) {
                    grad[o + k] = scale * mu;
                    grad[o + dim + k] = (float) (scale * 0.5 * (e - 1.0));
                }
            }
            sum += rw * rowSum;
        }
        return beta * sum / batch;
    }
}
