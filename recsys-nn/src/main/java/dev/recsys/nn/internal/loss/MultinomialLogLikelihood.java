package dev.recsys.nn.internal.loss;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.nn.internal.layers.Softmax;

/**
 * Multinomial log-likelihood of Mult-VAE / Mult-DAE (Liang et al., "Variational Autoencoders for
 * Collaborative Filtering", WWW 2018): {@code L = -(1/batch) sum_r sum_j x_rj log softmax(z_r)_j}
 * with sparse targets x (e.g. click counts), and gradient
 * {@code dL/dz_r = (softmax(z_r) * sum_j x_rj - x_r) / batch}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class MultinomialLogLikelihood {
    private MultinomialLogLikelihood() {
    }

    /**
     * Loss and gradient.
     *
     * @param logits  batch x n logits. Not modified (unless it is grad).
     * @param n       number of classes (items)
     * @param targets batch rows of sparse non-negative targets. Not modified.
     * @param grad    receives dL/dz (batch x n). Modified. May be logits (computed in place).
     * @return the loss (mean over rows)
     */
    public static double lossAndGradient(float[] logits, int n, InteractionMatrix targets, float[] grad) {
        int batch = targets.rows();
        if (batch == 0) {
            return 0;
        }
        if (targets.cols() != n) {
            throw new IllegalArgumentException("targets have " + targets.cols() + " columns, logits " + n);
        }
        int[] ptr = targets.rowPtr();
        int[] ci = targets.colIdx();
        float[] v = targets.values();
        float inv = 1f / batch;
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            int o = r * n;
            double xs = 0;
            double dotXz = 0;
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                xs += v[q];
                dotXz += (double) v[q] * logits[o + ci[q]];
            }
            double lse = Softmax.softmaxRow(logits, o, n, grad, o);
            // - sum_j x_j (z_j - lse)
            sum += xs * lse - dotXz;
            float a = (float) (xs * inv);
            for (int j = 0; j < n; j++) {
                grad[o + j] *= a;
            }
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                grad[o + ci[q]] -= v[q] * inv;
            }
        }
        return sum / batch;
    }
}
