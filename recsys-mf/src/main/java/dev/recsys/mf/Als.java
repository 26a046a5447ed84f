package dev.recsys.mf;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.mf.internal.ExplicitAlsTrainer;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.RatingFit;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.List;

/**
 * {@code als}: alternating least squares for explicit ratings with weighted-lambda regularisation
 * (Zhou, Wilkinson, Schreiber and Pan 2008), extended with user and item biases:
 * {@code r = mu + b_u + b_i + p_u . q_i}, every row's bias and vector solved exactly with L2
 * weights proportional to its number of ratings. Produces a {@link BiasedFactorModel} (closed-form
 * fold-in = the same row solve).
 *
 * <p>Threads: {@code threads} workers (0: all processors); results are identical for any thread
 * count. Memory during training: CSR + CSC (16 bytes per rating), the parameters and per thread the
 * largest row's {@code n (k + 1)} floats.
 *
 * <p>Checks: {@code reg} must be above 0 (weighted-lambda ALS without it is ill-posed); after
 * training every parameter must be finite and the predictions near the rating range
 * ({@code RatingFit}), else training fails naming {@code reg}. Scores are served unclamped
 * ({@link BiasedFactorModel#predict} clamps).
 *
 * <p>Defaults were chosen on validation splits of the MovieLens 100K training folds
 * ({@code recsys-mf/TUNING.md}).
 *
 * <p>Thread safety: stateless; safe to use from several threads.
 */
public final class Als implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "als";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofInt("factors", 64, 1, 4096, "latent factors k"),
            ParamSpec.ofInt("iterations", 15, 1, 10000, "full iterations (items then users)"),
            ParamSpec.ofDouble("reg", 0.13, 0, 1e6, "L2 weight of the factors per rating (weighted lambda); must be > 0"),
            ParamSpec.ofDouble("reg-bias", 0.1, 0, 1e6, "L2 weight of the biases per rating"),
            ParamSpec.ofDouble("init-std", 0.1, 0, 10, "standard deviation of the initial factors"),
            Parallel.threadsParam("training"),
            ParamSpec.ofLong("seed", 42L, "random seed (initial factors)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ALS for ratings with biases and weighted-lambda regularisation, multi-threaded";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public boolean explicit() {
        return true;
    }

    @Override
    public BiasedFactorModel train(TrainingData data, Params params, TrainingListener listener) {
        if (data == null || params == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        ExplicitAlsTrainer.Config c = new ExplicitAlsTrainer.Config(params.getInt("factors"), params.getInt("iterations"),
                params.getFloat("reg"), params.getFloat("reg-bias"), params.getFloat("init-std"),
                params.getInt(Parallel.THREADS), params.getLong("seed"));
        if (c.reg() <= 0f) {
            // weighted lambda 0 is plain least squares: singular for every row with at most k ratings
            throw new IllegalArgumentException("als: reg must be > 0 (got " + c.reg() + "): without it every user or item"
                    + " with at most factors=" + c.factors() + " ratings has no unique solution and the model predicts"
                    + " ratings far outside the training range; the default is 0.13");
        }
        TrainingChecks.requireRatings(NAME, data);
        InteractionMatrix m = data.matrix();
        // the parameters and a (k + 1) x (k + 1) system per thread
        int workers = Parallel.resolve(c.threads());
        TrainingChecks.requireMemory(NAME + ": the factors and per-thread systems",
                TrainingChecks.saturatingAdd(TrainingChecks.bytes(4, (long) c.factors() + 1, (long) m.rows() + m.cols()),
                        TrainingChecks.bytes(8, (long) c.factors() + 1, (long) c.factors() + 1, workers)),
                "lower factors (now " + c.factors() + ")");
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        float[] v = m.values();
        for (int j = 0; j < m.nnz(); j++) {
            min = Math.min(min, v[j]);
            max = Math.max(max, v[j]);
        }
        try (ExplicitAlsTrainer t = new ExplicitAlsTrainer(m, c)) {
            t.train(listener == null ? TrainingListener.NONE : listener);
            RatingFit.require(NAME, "raise reg (now " + c.reg() + ") or reg-bias (now " + c.regBias() + ")", m,
                    t.mu(), t.userBias(), t.itemBias(), t.userFactors(), t.itemFactors(), c.factors(), min, max);
            return new BiasedFactorModel(NAME, params, c.factors(), t.mu(), min, max, c.reg(), c.regBias(),
                    t.userBias(), t.itemBias(), t.userFactors(), t.itemFactors(), Fingerprints.of(m));
        }
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return BiasedFactorModel.read(in, NAME, params);
    }
}
