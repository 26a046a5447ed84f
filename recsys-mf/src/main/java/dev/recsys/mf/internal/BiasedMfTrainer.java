package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.SgdKernels;
import dev.recsys.internal.optim.AdamRows;
import dev.recsys.internal.train.TrainingLoop;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainingListener;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains biased matrix factorization {@code r = mu + b_u + b_i + p_u . q_i} on explicit ratings
 * by SGD or Adam over the ratings in random order, with per-rating L2, an exponential learning-rate
 * schedule {@code lr_e = lr * decay^e} and early stopping on a seeded validation split.
 *
 * <p>Procedure: the ratings are shuffled once (seed), a {@code validationFraction} of them is held
 * out; training runs on the rest. SGD groups the training ratings by user (keeping the shuffled
 * order within a user) and each epoch visits the users in a new random order, two at a time
 * interleaved ({@link SgdKernels#mfUsers}): the order Surprise's SVD uses (without its fixed
 * user order), and the one that lets the vector kernel keep the users' rows in registers. Its
 * 5-fold MovieLens RMSE equals the previous order's (0.9055 against 0.9056 for rating blocks in
 * random order). Adam visits blocks of {@link RatingTriples#BLOCK} consecutive ratings in a new
 * random order (one random draw per block rather than a full reshuffle of the triples). The
 * validation RMSE is measured after every epoch and training stops
 * once it has not improved (by more than 1e-6) for {@code patience} epochs (core's
 * {@link dev.recsys.internal.train.TrainingLoop}, lower is better). With {@code refit} the model is then
 * retrained from the same initial state on all ratings for the best number of epochs; otherwise the
 * best epoch's parameters are kept. With validation fraction 0 it trains {@code maxEpochs} epochs on
 * everything.
 *
 * <p>Determinism: one thread, all randomness from one {@link SplittableRandom} split in a fixed
 * order, so the same seed and data give the same model bit for bit (for a given
 * {@link SgdKernels} implementation: scalar and vector round differently).
 *
 * <p>Memory: 12 bytes per rating for the shuffled (user, item, rating) triples (SGD: grouped by
 * user in place, 8 more bytes per rating while sorting, then 8 bytes per user for the run starts and
 * the user order; Adam: 4 bytes per block of {@link RatingTriples#BLOCK} for the visiting order), plus the factors
 * ({@code 4 (k + 1) (users + items)} bytes); Adam adds two moment arrays per factor matrix, stored
 * as {@link dev.recsys.internal.kernel.Bfloat16} ({@code 4 k (users + items)} bytes, the size of the factors once more), float
 * moments of the biases and per-row step powers ({@code 24 (users + items)}; core's
 * {@link AdamRows}), and a snapshot without refit
 * one more copy of all of it.
 *
 * <p>Thread safety: stateless apart from the configuration; train on one thread per call.
 */
public final class BiasedMfTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(BiasedMfTrainer.class);

    /**
     * Hyper-parameters.
     *
     * @param factors            k
     * @param maxEpochs          epoch limit
     * @param lr                 initial learning rate
     * @param lrDecay            multiplicative learning-rate decay per epoch
     * @param reg                L2 weight of the factors (per rating)
     * @param regBias            L2 weight of the biases (per rating)
     * @param initStd            standard deviation of the Gaussian initial factors
     * @param validationFraction fraction of ratings held out for early stopping (0: none)
     * @param patience           epochs without validation improvement before stopping
     * @param refit              retrain on all ratings for the best epoch count
     * @param adam               Adam instead of plain SGD
     * @param beta1              Adam first-moment decay
     * @param beta2              Adam second-moment decay
     * @param seed               random seed
     */
    public record Config(int factors, int maxEpochs, float lr, float lrDecay, float reg, float regBias,
                         float initStd, double validationFraction, int patience, boolean refit,
                         boolean adam, float beta1, float beta2, long seed) {
        /**
         * The configuration {@code biased-mf} parameters describe (one place for the single-machine
         * trainer and the distributed one in recsys-spark).
         *
         * @param p validated {@code biased-mf} parameters
         * @return the trainer configuration
         */
        public static Config of(Params p) {
            boolean adam = p.getChoice("optimizer").equals("adam");
            return new Config(p.getInt("factors"), p.getInt("epochs"),
                    adam ? p.getFloat("adam-learning-rate") : p.getFloat("learning-rate"), p.getFloat("lr-decay"),
                    p.getFloat("reg"), p.getFloat("reg-bias"), p.getFloat("init-std"),
                    p.getDouble("validation-fraction"), p.getInt("patience"), p.getBoolean("refit"),
                    adam, p.getFloat("beta1"), p.getFloat("beta2"), p.getLong("seed"));
        }
    }

    /**
     * The trained parameters.
     *
     * @param mu             global mean
     * @param userBias       per user
     * @param itemBias       per item
     * @param userFactors    row-major users x k
     * @param itemFactors    row-major items x k
     * @param epochs         epochs of the final model
     * @param validationRmse best validation RMSE (NaN without validation)
     * @param minRating      smallest training rating
     * @param maxRating      largest training rating
     */
    public record Result(float mu, float[] userBias, float[] itemBias, float[] userFactors, float[] itemFactors,
                         int epochs, double validationRmse, float minRating, float maxRating) {
    }

    private static final float ADAM_EPS = 1e-8f;

    private final Config c;
    private final SgdKernels kern;

    /** A trainer with the given configuration. */
    public BiasedMfTrainer(Config c) {
        this(c, SgdKernels.get());
    }

    /**
     * A trainer using the given SGD kernels (benchmarks compare the scalar and vector paths in
     * one run).
     *
     * @throws IllegalArgumentException if {@code kernels} is null
     */
    public BiasedMfTrainer(Config c, SgdKernels kernels) {
        if (kernels == null) {
            throw new IllegalArgumentException("kernels must not be null");
        }
        this.c = c;
        this.kern = kernels;
    }

    /**
     * Prepares single-threaded epochs over all ratings of {@code m} (no validation split) with
     * freshly initialised parameters, for benchmarks.
     */
    public Epochs epochs(InteractionMatrix m) {
        SplittableRandom root = new SplittableRandom(c.seed());
        RatingTriples t = RatingTriples.of(m, 0, root.split());
        State s = new State(m.rows(), m.cols(), c.factors(), t.mean(0, t.size()), root.nextLong(), c, kern);
        return new Epochs(s, t, new SplittableRandom(root.nextLong()));
    }

    /**
     * Repeated epochs of one prepared training run ({@link #epochs}).
     *
     * <p>Thread safety: not thread-safe.
     */
    public final class Epochs {
        private final State s;
        private final RatingTriples t;
        private final SplittableRandom shuffle;

        private Epochs(State s, RatingTriples t, SplittableRandom shuffle) {
            this.s = s;
            this.t = t;
            this.shuffle = shuffle;
        }

        /** Ratings per epoch. */
        public int ratings() {
            return t.size();
        }

        /** One epoch as training runs it: a new visiting order, then one update per rating; returns the squared error sum. */
        public double shuffledEpoch() {
            return epoch(s, t, 0, t.size(), 0, shuffle);
        }

        /** One pass of updates in the current visiting order (none drawn); returns the squared error sum. */
        public double pass() {
            return epoch(s, t, 0, t.size(), 0, null);
        }
    }

    /**
     * Trains on the rating matrix (values are the ratings).
     *
     * @param m        users x items ratings. Not modified.
     * @param listener receives {@code epoch} progress with train and validation RMSE
     */
    public Result train(InteractionMatrix m, TrainingListener listener) {
        SplittableRandom root = new SplittableRandom(c.seed());
        SplittableRandom splitRng = root.split();
        long initSeed = root.nextLong();
        long shuffleSeed = root.nextLong();
        RatingTriples t = RatingTriples.of(m, c.validationFraction(), splitRng);
        float minR = Float.POSITIVE_INFINITY;
        float maxR = Float.NEGATIVE_INFINITY;
        for (float r : t.ratings) {
            minR = Math.min(minR, r);
            maxR = Math.max(maxR, r);
        }
        int nUsers = m.rows();
        int nItems = m.cols();
        boolean validate = t.trainSize() < t.size() && t.trainSize() > 0;
        TrainingLoop.Spec spec = new TrainingLoop.Spec(c.maxEpochs(), c.patience(), c.refit(), false, 1e-6,
                "train-rmse", "validation-rmse", "refit-epoch", null);
        final float lo = minR;
        final float hi = maxR;
        Supplier<MfRun> validation = !validate ? null : () -> new MfRun(
                new State(nUsers, nItems, c.factors(), t.mean(0, t.trainSize()), initSeed, c, kern), t, t.trainSize(),
                new SplittableRandom(shuffleSeed), !c.refit(), lo, hi);
        TrainingLoop.Outcome<MfRun> out = TrainingLoop.fit("biased-mf", spec, validation, () -> new MfRun(
                new State(nUsers, nItems, c.factors(), t.mean(0, t.size()), initSeed, c, kern), t, t.size(),
                new SplittableRandom(shuffleSeed), false, lo, hi), listener);
        if (validate) {
            LOG.debug("early stopping: {} epochs, validation RMSE {}", out.epochs(), out.bestScore());
        }
        State s = out.run().state();
        int epochs = out.epochs();
        double best = out.bestScore();
        zeroUnseen(m, s);
        RatingFit.require(c.adam() ? "biased-mf Adam" : "biased-mf SGD",
                "lower " + (c.adam() ? "adam-learning-rate" : "learning-rate") + " (now " + c.lr() + ")",
                m, s.mu, s.bu, s.bi, s.p, s.q, s.k, minR, maxR);
        return new Result(s.mu, s.bu, s.bi, s.p, s.q, epochs, best, minR, maxR);
    }

    /**
     * One training run for {@link TrainingLoop}: a state trained on entries {@code [0, n)} of the
     * triples, validated on {@code [trainSize, size)}; with {@code keep} a copy of the best epoch's
     * state (the initial state until an epoch improves).
     */
    private final class MfRun extends TrainingLoop.CopyingRun<State> {
        private final RatingTriples t;
        private final int n;
        private final SplittableRandom shuffle;
        private final float minR;
        private final float maxR;

        MfRun(State s, RatingTriples t, int n, SplittableRandom shuffle, boolean keep, float minR, float maxR) {
            super(s, keep, State::copy);
            this.t = t;
            this.n = n;
            this.shuffle = shuffle;
            this.minR = minR;
            this.maxR = maxR;
        }

        @Override
        public double epoch(int epoch) {
            double sq = BiasedMfTrainer.this.epoch(state(), t, 0, n, epoch - 1, shuffle);
            return Math.sqrt(sq / Math.max(1, n));
        }

        @Override
        public double validate() {
            return rmse(state(), t, n, t.size(), minR, maxR);
        }
    }

    /**
     * One epoch over entries [from, to). SGD ({@code from} must be 0): the entries grouped by user,
     * with {@code rng} in a freshly drawn user order, without in the current one, through
     * {@link SgdKernels#mfUsers}. Adam: with {@code rng} in a freshly drawn order of blocks of
     * {@link RatingTriples#BLOCK} entries, without in the stored order. Returns the sum of squared
     * errors.
     */
    double epoch(State s, RatingTriples t, int from, int to, int e, SplittableRandom rng) {
        float lr = (float) (c.lr() * Math.pow(c.lrDecay(), e));
        if (!c.adam()) {
            if (from != 0) {
                throw new IllegalArgumentException("SGD epochs run over a prefix of the triples, from = " + from);
            }
            int nUsers = s.bu.length;
            t.groupByUser(to, nUsers);
            int[] order = rng == null ? t.userOrder() : t.shuffleUsers(rng);
            return kern.mfUsers(order, nUsers, t.userStart(), t.items, t.ratings, s.p, s.q, s.bu, s.bi, s.k, s.mu,
                    1f - lr * c.reg(), lr, c.regBias());
        }
        float[] oldP = new float[s.k];
        if (rng == null) {
            return adamEpoch(s, t, from, to, lr, oldP);
        }
        int blocks = t.shuffleBlocks(from, to, rng);
        int[] order = t.blockOrder();
        double sq = 0;
        for (int b = 0; b < blocks; b++) {
            int start = from + order[b] * RatingTriples.BLOCK;
            int end = Math.min(start + RatingTriples.BLOCK, to);
            sq += adamEpoch(s, t, start, end, lr, oldP);
        }
        return sq;
    }

    private double adamEpoch(State s, RatingTriples t, int from, int to, float lr, float[] oldP) {
        final int k = s.k;
        final float reg = c.reg();
        final float regB = c.regBias();
        double sq = 0;
        for (int n = from; n < to; n++) {
            int u = t.users[n];
            int i = t.items[n];
            int po = u * k;
            int qo = i * k;
            float err = t.ratings[n] - (s.mu + s.bu[u] + s.bi[i] + kern.dot(s.p, po, s.q, qo, k));
            sq += err * err;
            s.adamU.advance(u, lr);
            s.adamI.advance(i, lr);
            s.bu[u] = s.adamU.bias(s.bu[u], regB * s.bu[u] - err);
            s.bi[i] = s.adamI.bias(s.bi[i], regB * s.bi[i] - err);
            System.arraycopy(s.p, po, oldP, 0, k);
            s.adamU.factors(s.p, s.q, qo, err, reg);
            s.adamI.factors(s.q, oldP, 0, err, reg);
        }
        return sq;
    }

    private double rmse(State s, RatingTriples t, int from, int to, float minR, float maxR) {
        double sq = 0;
        for (int n = from; n < to; n++) {
            int u = t.users[n];
            int i = t.items[n];
            float pred = s.mu + s.bu[u] + s.bi[i] + kern.dot(s.p, u * s.k, s.q, i * s.k, s.k);
            pred = Math.max(minR, Math.min(maxR, pred));
            float err = t.ratings[n] - pred;
            sq += err * err;
        }
        return Math.sqrt(sq / Math.max(1, to - from));
    }

    /** Users and items without training ratings keep only their random start: zero them. */
    private static void zeroUnseen(InteractionMatrix m, State s) {
        int k = s.k;
        for (int u = 0; u < m.rows(); u++) {
            if (m.rowLength(u) == 0) {
                Arrays.fill(s.p, u * k, u * k + k, 0f);
                s.bu[u] = 0f;
            }
        }
        boolean[] seen = new boolean[m.cols()];
        int nnz = m.nnz();
        int[] col = m.colIdx();
        for (int p = 0; p < nnz; p++) {
            seen[col[p]] = true;
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                Arrays.fill(s.q, i * k, i * k + k, 0f);
                s.bi[i] = 0f;
            }
        }
    }

    /** Parameters (and Adam moments) during training. */
    static final class State {
        final int k;
        final float mu;
        final float[] bu;
        final float[] bi;
        final float[] p;
        final float[] q;
        AdamRows adamU;
        AdamRows adamI;

        State(int nUsers, int nItems, int k, float mu, long initSeed, Config c, SgdKernels kern) {
            this.k = k;
            this.mu = mu;
            bu = new float[nUsers];
            bi = new float[nItems];
            p = new float[nUsers * k];
            q = new float[nItems * k];
            SplittableRandom r = new SplittableRandom(initSeed);
            for (int j = 0; j < p.length; j++) {
                p[j] = (float) (r.nextGaussian() * c.initStd());
            }
            for (int j = 0; j < q.length; j++) {
                q[j] = (float) (r.nextGaussian() * c.initStd());
            }
            if (c.adam()) {
                // bfloat16 moments: Adam's state costs the size of the factors, not twice that
                adamU = new AdamRows(nUsers, k, true, AdamRows.Storage.BFLOAT16, c.beta1(), c.beta2(), ADAM_EPS, kern);
                adamI = new AdamRows(nItems, k, true, AdamRows.Storage.BFLOAT16, c.beta1(), c.beta2(), ADAM_EPS, kern);
            }
        }

        private State(State o) {
            k = o.k;
            mu = o.mu;
            bu = o.bu.clone();
            bi = o.bi.clone();
            p = o.p.clone();
            q = o.q.clone();
            if (o.adamU != null) {
                adamU = o.adamU.copy();
                adamI = o.adamI.copy();
            }
        }

        State copy() {
            return new State(this);
        }
    }
}
