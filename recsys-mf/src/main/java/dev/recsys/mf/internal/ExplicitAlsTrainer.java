package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.spi.TrainingListener;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ALS for explicit ratings with biases and weighted-lambda regularisation (Zhou et al. 2008):
 * model {@code r = mu + b_u + b_i + p_u . q_i}; each half-iteration solves every row's bias and
 * vector exactly ({@link RidgeFoldIn}) with L2 weights {@code n_row * reg} and
 * {@code n_row * regBias}. Items first, then users, so the final user parameters are the exact
 * solves against the final item parameters (what fold-in reproduces).
 *
 * <p>Threads: rows in parallel in fixed chunks; each row depends only on fixed inputs, so results
 * are identical for any thread count.
 *
 * <p>Memory: the CSR matrix and its transpose (16 bytes per rating), the parameters
 * {@code 4 (k + 1) (users + items)} bytes and per thread the largest row's {@code n (k + 1)} floats.
 *
 * <p>Thread safety: not thread-safe; one training at a time per instance.
 */
public final class ExplicitAlsTrainer implements AutoCloseable {
    private static final int CHUNK = 64;

    /**
     * Hyper-parameters.
     *
     * @param factors    k
     * @param iterations full iterations
     * @param reg        L2 weight of the factors per rating
     * @param regBias    L2 weight of the biases per rating
     * @param initStd    standard deviation of the initial factors
     * @param threads    worker threads (0: all processors)
     * @param seed       random seed
     */
    public record Config(int factors, int iterations, float reg, float regBias, float initStd, int threads, long seed) {
    }

    private final InteractionMatrix byUser;
    private final InteractionMatrix byItem;
    private final Config c;
    private final Parallel par;
    private final RidgeFoldIn[] solvers;
    private final float mu;
    private final float[] bu;
    private final float[] bi;
    private final float[] p;
    private final float[] q;

    /** Prepares training on a users x items rating matrix (not modified). */
    public ExplicitAlsTrainer(InteractionMatrix ratings, Config c) {
        this.byUser = ratings;
        this.byItem = ratings.transpose();
        this.c = c;
        this.par = new Parallel(c.threads());
        solvers = new RidgeFoldIn[par.threads()];
        for (int w = 0; w < solvers.length; w++) {
            solvers[w] = new RidgeFoldIn(c.factors());
        }
        double s = 0;
        float[] v = ratings.values();
        for (int j = 0; j < ratings.nnz(); j++) {
            s += v[j];
        }
        mu = ratings.nnz() == 0 ? 0f : (float) (s / ratings.nnz());
        int k = c.factors();
        bu = new float[ratings.rows()];
        bi = new float[ratings.cols()];
        p = new float[ratings.rows() * k];
        q = new float[ratings.cols() * k];
        SplittableRandom rng = new SplittableRandom(c.seed());
        for (int j = 0; j < p.length; j++) {
            p[j] = (float) (rng.nextGaussian() * c.initStd());
        }
        for (int j = 0; j < q.length; j++) {
            q[j] = (float) (rng.nextGaussian() * c.initStd());
        }
    }

    /** Runs all iterations. */
    public void train(TrainingListener listener) {
        for (int it = 0; it < c.iterations(); it++) {
            halfStep(byItem, q, bi, p, bu);
            halfStep(byUser, p, bu, q, bi);
            listener.onProgress("iteration", it + 1, c.iterations(), Map.of());
        }
    }

    private void halfStep(InteractionMatrix m, float[] own, float[] ownBias, float[] other, float[] otherBias) {
        int k = c.factors();
        int[] ptr = m.rowPtr();
        int[] idx = m.colIdx();
        float[] val = m.values();
        par.forRange(m.rows(), CHUNK, (worker, from, to) -> {
            RidgeFoldIn s = solvers[worker];
            for (int row = from; row < to; row++) {
                s.solveRow(other, otherBias, idx, val, ptr[row], ptr[row + 1], mu, c.reg(), c.regBias(),
                        ownBias, row, own, row * k);
            }
        });
    }

    /** Global mean. */
    public float mu() {
        return mu;
    }

    /** User biases (live). */
    public float[] userBias() {
        return bu;
    }

    /** Item biases (live). */
    public float[] itemBias() {
        return bi;
    }

    /** User factors (live). */
    public float[] userFactors() {
        return p;
    }

    /** Item factors (live). */
    public float[] itemFactors() {
        return q;
    }

    @Override
    public void close() {
        // nothing to release: the runner's workers are shared
    }
}
