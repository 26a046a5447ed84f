package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.SgdKernels;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.spi.TrainingListener;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bayesian personalised ranking (Rendle et al. 2009) with item biases: for a positive (u, i) drawn
 * uniformly from the interactions and a negative j from a {@link NegativeSampler}, one SGD step
 * on {@code ln sigma(x_uij)}, {@code x_uij = b_i - b_j + p_u . (q_i - q_j)}, with L2. One epoch
 * is nnz draws; the learning rate decays by {@code lrDecay} per epoch.
 *
 * <p>Determinism: one thread and one seeded {@link SplittableRandom}: same seed and data, same
 * model (for a given {@link SgdKernels} implementation).
 *
 * <p>Memory: the CSR matrix (given; negatives are rejected by binary search in the user's row),
 * 4 bytes per interaction for the user of each position, the factors and item biases and, for
 * popularity sampling, 8 bytes per item for the alias table.
 *
 * <p>Thread safety: stateless; one training per call.
 */
public final class BprTrainer {
    /**
     * Hyper-parameters.
     *
     * @param factors    k
     * @param epochs     epochs (nnz draws each)
     * @param lr         initial learning rate
     * @param lrDecay    learning rate multiplier per epoch
     * @param reg        L2 weight of user and item factors
     * @param regBias    L2 weight of item biases
     * @param popularity popularity-aware negatives (else uniform)
     * @param exponent   popularity exponent
     * @param initStd    standard deviation of the initial factors
     * @param seed       random seed
     */
    public record Config(int factors, int epochs, float lr, float lrDecay, float reg, float regBias,
                         boolean popularity, double exponent, float initStd, long seed) {
    }

    /**
     * Trained parameters.
     *
     * @param userFactors users x k
     * @param itemFactors items x k
     * @param itemBias    per item
     * @param itemCounts  interactions per item (for popularity sampling at fold-in)
     */
    public record Result(float[] userFactors, float[] itemFactors, float[] itemBias, int[] itemCounts) {
    }

    private final Config c;

    /** A trainer with this configuration. */
    public BprTrainer(Config c) {
        this.c = c;
    }

    /** The item interaction counts of m. */
    public static int[] itemCounts(InteractionMatrix m) {
        int[] counts = new int[m.cols()];
        int[] col = m.colIdx();
        for (int p = 0; p < m.nnz(); p++) {
            counts[col[p]]++;
        }
        return counts;
    }

    /** The sampler the configuration asks for. */
    public static NegativeSampler sampler(boolean popularity, double exponent, int[] counts) {
        return popularity ? NegativeSampler.popularity(counts, exponent) : NegativeSampler.uniform(counts.length);
    }

    /** Trains on the (binary) structure of m. */
    public Result train(InteractionMatrix m, TrainingListener listener) {
        int k = c.factors();
        int nUsers = m.rows();
        int nItems = m.cols();
        SplittableRandom root = new SplittableRandom(c.seed());
        SplittableRandom init = root.split();
        SplittableRandom rng = root.split();
        float[] p = new float[nUsers * k];
        float[] q = new float[nItems * k];
        float[] b = new float[nItems];
        for (int j = 0; j < p.length; j++) {
            p[j] = (float) (init.nextGaussian() * c.initStd());
        }
        for (int j = 0; j < q.length; j++) {
            q[j] = (float) (init.nextGaussian() * c.initStd());
        }
        int[] counts = itemCounts(m);
        NegativeSampler neg = sampler(c.popularity(), c.exponent(), counts);
        int[] ptr = m.rowPtr();
        int[] col = m.colIdx();
        int nnz = m.nnz();
        int[] userOf = new int[nnz];
        for (int u = 0; u < nUsers; u++) {
            Arrays.fill(userOf, ptr[u], ptr[u + 1], u);
        }
        SgdKernels kern = SgdKernels.get();
        for (int e = 0; e < c.epochs(); e++) {
            float lr = (float) (c.lr() * Math.pow(c.lrDecay(), e));
            float keep = 1f - lr * c.reg();
            float lrRegB = lr * c.regBias();
            long ordered = 0;
            int steps = 0;
            for (int s = 0; s < nnz; s++) {
                int pos = rng.nextInt(nnz);
                int u = userOf[pos];
                int i = col[pos];
                int j = neg.drawNegative(rng, col, ptr[u], ptr[u + 1]);
                if (j < 0) {
                    continue;
                }
                int po = u * k;
                float x = b[i] - b[j] + kern.dot(p, po, q, i * k, k) - kern.dot(p, po, q, j * k, k);
                float sig = sigmoidNeg(x);
                float g = lr * sig;
                ordered += x > 0f ? 1 : 0;
                steps++;
                b[i] += g - lrRegB * b[i];
                b[j] += -g - lrRegB * b[j];
                kern.bprStep(p, po, q, i * k, j * k, k, keep, keep, g);
            }
            listener.onProgress("epoch", e + 1, c.epochs(), Map.of("pair-accuracy", steps == 0 ? 0.0 : (double) ordered / steps));
        }
        zeroUnseen(m, counts, p, q, b, k);
        TrainingChecks.requireFinite("bpr SGD", "lower learning-rate (now " + c.lr() + ")", p, q, b);
        return new Result(p, q, b, counts);
    }

    /** {@code sigma(-x) = 1 / (1 + e^x)}, safe for large |x|. */
    public static float sigmoidNeg(float x) {
        return x > 30f ? 0f : 1f / (1f + (float) Math.exp(x));
    }

    private static void zeroUnseen(InteractionMatrix m, int[] counts, float[] p, float[] q, float[] b, int k) {
        for (int u = 0; u < m.rows(); u++) {
            if (m.rowLength(u) == 0) {
                Arrays.fill(p, u * k, u * k + k, 0f);
            }
        }
        float minBias = Float.POSITIVE_INFINITY;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                minBias = Math.min(minBias, b[i]);
            }
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                Arrays.fill(q, i * k, i * k + k, 0f);
                b[i] = Float.isFinite(minBias) ? minBias : 0f; // never-seen items rank with the least liked
            }
        }
    }

    /**
     * Fold-in: {@code epochs} passes of SGD on the user vector alone (item factors and biases
     * fixed), starting from zero, one seeded negative per positive.
     *
     * @param items  the user's distinct items, ascending. Not modified.
     * @return the user vector
     */
    public static float[] foldIn(float[] q, float[] b, int k, int[] items, NegativeSampler neg, int epochs,
                                 float lr, float reg, long seed) {
        return foldIn((item, dst) -> System.arraycopy(q, item * k, dst, 0, k), b, k, items, neg, epochs, lr, reg, seed);
    }

    /** Reads one item row (k floats) into {@code dst[0..k)}. */
    @FunctionalInterface
    public interface ItemRows {
        /** Writes item's row to dst (modified). */
        void row(int item, float[] dst);
    }

    /**
     * {@link #foldIn(float[], float[], int, int[], NegativeSampler, int, float, float, long)} with the
     * item rows read through {@code rows} (quantised factors dequantised row by row): the same
     * arithmetic on the same values.
     */
    public static float[] foldIn(ItemRows rows, float[] b, int k, int[] items, NegativeSampler neg, int epochs,
                                 float lr, float reg, long seed) {
        float[] p = new float[k];
        float[] qi = new float[k];
        float[] qj = new float[k];
        int n = items.length;
        if (n == 0) {
            return p;
        }
        SgdKernels kern = SgdKernels.get();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] diff = new float[k];
        float keep = 1f - lr * reg;
        for (int e = 0; e < epochs; e++) {
            for (int s = 0; s < n; s++) {
                int i = items[rng.nextInt(n)];
                int j = neg.drawNegative(rng, items, 0, n);
                if (j < 0) {
                    continue;
                }
                rows.row(i, qi);
                rows.row(j, qj);
                float x = b[i] - b[j] + kern.dot(p, 0, qi, 0, k) - kern.dot(p, 0, qj, 0, k);
                float g = lr * sigmoidNeg(x);
                for (int f = 0; f < k; f++) {
                    diff[f] = qi[f] - qj[f];
                }
                for (int f = 0; f < k; f++) {
                    p[f] = keep * p[f] + g * diff[f];
                }
            }
        }
        return p;
    }
}
