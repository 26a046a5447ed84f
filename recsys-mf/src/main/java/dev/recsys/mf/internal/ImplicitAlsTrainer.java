package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.spi.TrainingListener;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Implicit ALS (Hu, Koren and Volinsky 2008): alternately solves every item vector given the user
 * vectors and every user vector given the item vectors (items first, so the final user vectors are
 * exactly the solves against the final item factors, which is what fold-in reproduces), each row
 * by conjugate gradient (default) or Cholesky, see {@link ImplicitAlsSolver}.
 *
 * <p>Threads: rows are solved in parallel in fixed chunks; each row's result depends only on the
 * other side's factors, the Gram matrix (summed in fixed blocks, {@link Gram}) and its own previous
 * value, so results are identical for any thread count.
 *
 * <p>Memory: the CSR matrix (given) and its transpose (CSC, built once): 16 bytes per interaction
 * plus row pointers; the two factor matrices {@code 4 k (users + items)} bytes; per thread
 * {@code O(k^2)} scratch (Cholesky: plus the largest row's {@code n k} floats). Nothing else grows
 * with the number of interactions.
 *
 * <p>Thread safety: not thread-safe; one training at a time per instance.
 */
public final class ImplicitAlsTrainer implements AutoCloseable {
    /** Rows per parallel work unit. */
    private static final int CHUNK = 128;

    /**
     * Hyper-parameters.
     *
     * @param factors    k
     * @param iterations full iterations (items then users)
     * @param alpha      confidence slope: c = 1 + alpha * w
     * @param reg        L2 weight lambda
     * @param cg         conjugate gradient (true) or Cholesky (false)
     * @param cgSteps    CG steps per row and half-iteration
     * @param initStd    standard deviation of the Gaussian initial factors
     * @param threads    worker threads (0: all processors)
     * @param seed       random seed
     * @param countReg   a row's L2 weight is {@code reg} times its number of positive entries (weighted
     *                   lambda, as MLlib's ALS), else {@code reg}
     */
    public record Config(int factors, int iterations, float alpha, float reg, boolean cg, int cgSteps,
                         float initStd, int threads, long seed, boolean countReg) {
        /** A fixed-{@code reg} configuration. */
        public Config(int factors, int iterations, float alpha, float reg, boolean cg, int cgSteps, float initStd,
                      int threads, long seed) {
            this(factors, iterations, alpha, reg, cg, cgSteps, initStd, threads, seed, false);
        }

        /** The L2 weight in the Gram matrix: {@code reg}, or 0 when it is count-scaled (added per row). */
        public float gramReg() {
            return countReg ? 0f : reg;
        }

        /** The L2 weight per positive entry of a row: {@code reg} when count-scaled, else 0. */
        public float regPerEntry() {
            return countReg ? reg : 0f;
        }
    }

    private final InteractionMatrix byUser;
    private final InteractionMatrix byItem;
    private final Config c;
    private final Parallel par;
    private final ImplicitAlsSolver[] solvers;
    private final float[] x;
    private final float[] y;

    /**
     * Prepares training (builds the transpose and initial factors).
     *
     * @param userItem users x items confidence weights. Not modified.
     */
    public ImplicitAlsTrainer(InteractionMatrix userItem, Config c) {
        this.byUser = userItem;
        this.byItem = userItem.transpose();
        this.c = c;
        this.par = new Parallel(c.threads());
        int k = c.factors();
        solvers = new ImplicitAlsSolver[par.threads()];
        for (int w = 0; w < solvers.length; w++) {
            solvers[w] = new ImplicitAlsSolver(k);
        }
        SplittableRandom rng = new SplittableRandom(c.seed());
        x = new float[userItem.rows() * k];
        y = new float[userItem.cols() * k];
        for (int q = 0; q < x.length; q++) {
            x[q] = (float) (rng.nextGaussian() * c.initStd());
        }
        for (int q = 0; q < y.length; q++) {
            y[q] = (float) (rng.nextGaussian() * c.initStd());
        }
    }

    /** User factors (row-major users x k); live array. */
    public float[] userFactors() {
        return x;
    }

    /** Item factors (row-major items x k); live array. */
    public float[] itemFactors() {
        return y;
    }

    /** Runs all iterations. */
    public void train(TrainingListener listener) {
        for (int it = 0; it < c.iterations(); it++) {
            iteration();
            listener.onProgress("iteration", it + 1, c.iterations(), Map.of());
        }
    }

    /** One full iteration: every item, then every user. */
    public void iteration() {
        halfStep(byItem, y, x);
        halfStep(byUser, x, y);
    }

    /** Solves every row of {@code own} against {@code other} (whose Gram matrix is formed first). */
    private void halfStep(InteractionMatrix m, float[] own, float[] other) {
        int k = c.factors();
        float[] g = Gram.of(other, other.length / k, k, c.gramReg(), par);
        float perEntry = c.regPerEntry();
        int[] ptr = m.rowPtr();
        int[] idx = m.colIdx();
        float[] val = m.values();
        float alpha = c.alpha();
        par.forRange(m.rows(), CHUNK, (worker, from, to) -> {
            ImplicitAlsSolver s = solvers[worker];
            for (int row = from; row < to; row++) {
                if (c.cg()) {
                    s.conjugateGradient(other, g, idx, val, ptr[row], ptr[row + 1], alpha, perEntry, own, row * k,
                            c.cgSteps());
                } else {
                    s.exact(other, g, idx, val, ptr[row], ptr[row + 1], alpha, perEntry, own, row * k);
                }
            }
        });
    }

    @Override
    public void close() {
        // nothing to release: the runner's workers are shared
    }
}
