package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.SgdKernels;
import dev.recsys.internal.sample.Shuffle;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.internal.train.TrainingLoop;
import dev.recsys.spi.TrainingListener;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains SVD++ (Koren 2008): {@code r = mu + b_u + b_i + q_i . (p_u + |N(u)|^-1/2 sum_{j in N(u)} y_j)}
 * where N(u) is the set of items u rated (implicit feedback: which items, not how). SGD over users
 * in random order and each user's ratings in random order, with the standard batched implicit
 * update: the implicit term {@code s_u} is computed once per user visit, the gradient of the
 * {@code y_j} is accumulated over the user's ratings and applied once at the end of the visit
 * ({@code y_j += lr (|N(u)|^-1/2 g - regImplicit y_j)}), which makes an epoch
 * {@code O(nnz k)} instead of {@code O(sum_u n_u^2 k)}. Learning-rate schedule, early stopping on
 * a seeded validation split and refit as in {@link BiasedMfTrainer}; during validation N(u) holds
 * only the training part (the held-out items stay unknown, like test items).
 *
 * <p>Determinism: one thread, one seeded {@link SplittableRandom}; same seed and data, same model
 * (for a given {@link SgdKernels} implementation).
 *
 * <p>Memory: the CSR matrix (given), 5 bytes per rating (visit order and validation flag), the
 * parameters {@code 4 (3k + 1) items + 4 (2k + 1) users} bytes.
 *
 * <p>Thread safety: stateless apart from the configuration; one training per call.
 */
public final class SvdPlusPlusTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SvdPlusPlusTrainer.class);

    /**
     * Hyper-parameters.
     *
     * @param factors            k
     * @param maxEpochs          epoch limit
     * @param lr                 initial learning rate
     * @param lrDecay            learning rate multiplier per epoch
     * @param reg                L2 weight of p and q (per rating)
     * @param regBias            L2 weight of the biases (per rating)
     * @param regImplicit        L2 weight of the y (per user visit)
     * @param initStd            standard deviation of the initial factors
     * @param validationFraction held-out fraction for early stopping (0: none)
     * @param patience           epochs without improvement before stopping
     * @param refit              retrain on everything for the best epoch count
     * @param seed               random seed
     */
    public record Config(int factors, int maxEpochs, float lr, float lrDecay, float reg, float regBias,
                         float regImplicit, float initStd, double validationFraction, int patience, boolean refit,
                         long seed) {
    }

    /**
     * Trained parameters.
     *
     * @param mu             global mean
     * @param userBias       per user
     * @param itemBias       per item
     * @param userVectors    effective user vectors {@code p_u + s_u}, users x k
     * @param itemFactors    q, items x k
     * @param implicitFactors y, items x k
     * @param epochs         epochs of the final model
     * @param validationRmse best validation RMSE (NaN without validation)
     * @param minRating      smallest training rating
     * @param maxRating      largest training rating
     */
    public record Result(float mu, float[] userBias, float[] itemBias, float[] userVectors, float[] itemFactors,
                         float[] implicitFactors, int epochs, double validationRmse, float minRating, float maxRating) {
    }

    private final Config c;
    private final SgdKernels kern = SgdKernels.get();

    /** A trainer with this configuration. */
    public SvdPlusPlusTrainer(Config c) {
        this.c = c;
    }

    /** Trains on the rating matrix (not modified). */
    public Result train(InteractionMatrix m, TrainingListener listener) {
        SplittableRandom root = new SplittableRandom(c.seed());
        SplittableRandom splitRng = root.split();
        long initSeed = root.nextLong();
        long orderSeed = root.nextLong();
        int nnz = m.nnz();
        float[] val = m.values();
        float minR = Float.POSITIVE_INFINITY;
        float maxR = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < nnz; p++) {
            minR = Math.min(minR, val[p]);
            maxR = Math.max(maxR, val[p]);
        }
        boolean[] held = new boolean[nnz];
        int nHeld = 0;
        if (c.validationFraction() > 0) {
            for (int p = 0; p < nnz; p++) {
                if (splitRng.nextDouble() < c.validationFraction()) {
                    held[p] = true;
                    nHeld++;
                }
            }
        }
        boolean validate = nHeld > 0 && nHeld < nnz;
        TrainingLoop.Spec spec = new TrainingLoop.Spec(c.maxEpochs(), c.patience(), c.refit(), false, 1e-6,
                "train-rmse", "validation-rmse", "refit-epoch", null);
        final float lo = minR;
        final float hi = maxR;
        Supplier<SvdRun> validation = null;
        if (validate) {
            validation = () -> {
                State run = new State(m, held, c, initSeed);
                return new SvdRun(run, run.trainCount, new SplittableRandom(orderSeed), !c.refit(), lo, hi);
            };
        }
        TrainingLoop.Outcome<SvdRun> out = TrainingLoop.fit("svdpp", spec, validation, () -> new SvdRun(
                new State(m, null, c, initSeed), Math.max(1, nnz), new SplittableRandom(orderSeed), false, lo, hi),
                listener);
        if (validate) {
            LOG.debug("svd++ early stopping: {} epochs, validation RMSE {}", out.epochs(), out.bestScore());
        }
        State s = out.run().state();
        int epochs = out.epochs();
        double best = out.bestScore();
        float[] z = s.effectiveUserVectors();
        String remedy = "lower learning-rate (now " + c.lr() + ")";
        TrainingChecks.requireFinite("svdpp SGD", remedy, s.y);
        RatingFit.require("svdpp SGD", remedy, m, s.mu, s.bu, s.bi, z, s.q, s.k, minR, maxR);
        return new Result(s.mu, s.bu, s.bi, z, s.q, s.y, epochs, best, minR, maxR);
    }

    /**
     * One training run for {@link TrainingLoop}: the train rmse divides by {@code count}; with
     * {@code keep} a copy of the best epoch's state (the initial state until an epoch improves).
     */
    private final class SvdRun extends TrainingLoop.CopyingRun<State> {
        private final int count;
        private final SplittableRandom order;
        private final float minR;
        private final float maxR;

        SvdRun(State s, int count, SplittableRandom order, boolean keep, float minR, float maxR) {
            super(s, keep, State::copy);
            this.count = count;
            this.order = order;
            this.minR = minR;
            this.maxR = maxR;
        }

        @Override
        public double epoch(int epoch) {
            double sq = SvdPlusPlusTrainer.this.epoch(state(), order, epoch - 1);
            return Math.sqrt(sq / count);
        }

        @Override
        public double validate() {
            return rmse(state(), minR, maxR);
        }
    }

    private double epoch(State s, SplittableRandom rng, int e) {
        float lr = (float) (c.lr() * Math.pow(c.lrDecay(), e));
        int k = s.k;
        int nUsers = s.ptr.length - 1;
        // visit order: users shuffled, each user's training positions shuffled
        Shuffle.ints(s.users, 0, nUsers, rng);
        float keep = 1f - lr * c.reg();
        float keepY = 1f - lr * c.regImplicit();
        float regB = c.regBias();
        float[] sv = s.scratchS;
        float[] z = s.scratchZ;
        float[] g = s.scratchG;
        double sq = 0;
        for (int ui = 0; ui < nUsers; ui++) {
            int u = s.users[ui];
            int from = s.ptr[u];
            int to = from + s.trainLen[u];
            if (to == from) {
                continue;
            }
            Shuffle.ints(s.order, from, to, rng);
            float norm = (float) (1.0 / Math.sqrt(to - from));
            Arrays.fill(sv, 0f);
            for (int p = from; p < to; p++) {
                s.kernels.axpy(k, norm, s.y, s.col[s.order[p]] * k, sv, 0);
            }
            int po = u * k;
            for (int f = 0; f < k; f++) {
                z[f] = s.p[po + f] + sv[f];
            }
            Arrays.fill(g, 0f);
            for (int p = from; p < to; p++) {
                int pos = s.order[p];
                int i = s.col[pos];
                int qo = i * k;
                float err = s.val[pos] - (s.mu + s.bu[u] + s.bi[i] + kern.dot(s.q, qo, z, 0, k));
                sq += err * err;
                s.bu[u] += lr * (err - regB * s.bu[u]);
                s.bi[i] += lr * (err - regB * s.bi[i]);
                s.kernels.axpy(k, err, s.q, qo, g, 0);
                kern.sgdStep(s.p, po, s.q, qo, z, 0, k, keep, keep, lr * err);
                for (int f = 0; f < k; f++) {
                    z[f] = s.p[po + f] + sv[f];
                }
            }
            float step = lr * norm;
            for (int p = from; p < to; p++) {
                int yo = s.col[s.order[p]] * k;
                for (int f = 0; f < k; f++) {
                    s.y[yo + f] = keepY * s.y[yo + f] + step * g[f];
                }
            }
        }
        return sq;
    }

    private double rmse(State s, float minR, float maxR) {
        int k = s.k;
        int nUsers = s.ptr.length - 1;
        double sq = 0;
        int n = 0;
        float[] z = s.scratchZ;
        for (int u = 0; u < nUsers; u++) {
            int from = s.ptr[u];
            int mid = from + s.trainLen[u];
            int end = s.ptr[u + 1];
            if (end == mid) {
                continue;
            }
            s.userVector(u, z);
            for (int p = mid; p < end; p++) {
                int pos = s.order[p];
                int i = s.col[pos];
                float pred = s.mu + s.bu[u] + s.bi[i] + kern.dot(s.q, i * k, z, 0, k);
                pred = Math.max(minR, Math.min(maxR, pred));
                float err = s.val[pos] - pred;
                sq += err * err;
                n++;
            }
        }
        return Math.sqrt(sq / Math.max(1, n));
    }

    /** Parameters and visit structures. */
    private static final class State {
        final int k;
        final float mu;
        final int[] ptr;
        final int[] col;
        final float[] val;
        final int[] order;    // per user: training positions first, then held-out positions
        final int[] trainLen;
        final int[] users;
        final int trainCount;
        final float[] bu;
        final float[] bi;
        final float[] p;
        final float[] q;
        final float[] y;
        final float[] scratchS;
        final float[] scratchZ;
        final float[] scratchG;
        final dev.recsys.internal.kernel.FloatKernels kernels = dev.recsys.internal.kernel.Kernels.get();

        State(InteractionMatrix m, boolean[] held, Config c, long initSeed) {
            k = c.factors();
            ptr = m.rowPtr();
            col = m.colIdx();
            val = m.values();
            int nUsers = m.rows();
            int nItems = m.cols();
            order = new int[m.nnz()];
            trainLen = new int[nUsers];
            users = new int[nUsers];
            double sum = 0;
            int count = 0;
            for (int u = 0; u < nUsers; u++) {
                users[u] = u;
                int w = ptr[u];
                for (int pos = ptr[u]; pos < ptr[u + 1]; pos++) {
                    if (held == null || !held[pos]) {
                        order[w++] = pos;
                        sum += val[pos];
                        count++;
                    }
                }
                trainLen[u] = w - ptr[u];
                for (int pos = ptr[u]; pos < ptr[u + 1]; pos++) {
                    if (held != null && held[pos]) {
                        order[w++] = pos;
                    }
                }
            }
            trainCount = Math.max(1, count);
            mu = count == 0 ? 0f : (float) (sum / count);
            bu = new float[nUsers];
            bi = new float[nItems];
            p = new float[nUsers * k];
            q = new float[nItems * k];
            y = new float[nItems * k];
            SplittableRandom r = new SplittableRandom(initSeed);
            for (int j = 0; j < p.length; j++) {
                p[j] = (float) (r.nextGaussian() * c.initStd());
            }
            for (int j = 0; j < q.length; j++) {
                q[j] = (float) (r.nextGaussian() * c.initStd());
            }
            for (int j = 0; j < y.length; j++) {
                y[j] = (float) (r.nextGaussian() * c.initStd());
            }
            scratchS = new float[k];
            scratchZ = new float[k];
            scratchG = new float[k];
        }

        private State(State o) {
            k = o.k;
            mu = o.mu;
            ptr = o.ptr;
            col = o.col;
            val = o.val;
            order = o.order.clone();
            trainLen = o.trainLen;
            users = o.users.clone();
            trainCount = o.trainCount;
            bu = o.bu.clone();
            bi = o.bi.clone();
            p = o.p.clone();
            q = o.q.clone();
            y = o.y.clone();
            scratchS = new float[k];
            scratchZ = new float[k];
            scratchG = new float[k];
        }

        State copy() {
            return new State(this);
        }

        /** p_u + |N(u)|^-1/2 sum y_j over the training part of u into out. */
        void userVector(int u, float[] out) {
            int from = ptr[u];
            int to = from + trainLen[u];
            Arrays.fill(out, 0, k, 0f);
            if (to > from) {
                float norm = (float) (1.0 / Math.sqrt(to - from));
                for (int pos = from; pos < to; pos++) {
                    kernels.axpy(k, norm, y, col[order[pos]] * k, out, 0);
                }
            }
            kernels.axpy(k, 1f, p, u * k, out, 0);
        }

        float[] effectiveUserVectors() {
            int nUsers = ptr.length - 1;
            float[] z = new float[nUsers * k];
            float[] tmp = new float[k];
            for (int u = 0; u < nUsers; u++) {
                if (ptr[u + 1] == ptr[u]) {
                    continue; // never rated: zero vector and bias
                }
                userVector(u, tmp);
                System.arraycopy(tmp, 0, z, u * k, k);
            }
            for (int u = 0; u < nUsers; u++) {
                if (ptr[u + 1] == ptr[u]) {
                    bu[u] = 0f;
                }
            }
            int[] seen = new int[bi.length];
            for (int pos = 0; pos < col.length && pos < ptr[nUsers]; pos++) {
                seen[col[pos]]++;
            }
            for (int i = 0; i < bi.length; i++) {
                if (seen[i] == 0) {
                    bi[i] = 0f;
                    Arrays.fill(q, i * k, i * k + k, 0f);
                    Arrays.fill(y, i * k, i * k + k, 0f);
                }
            }
            return z;
        }
    }
}
