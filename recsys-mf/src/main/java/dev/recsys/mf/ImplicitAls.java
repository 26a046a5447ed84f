package dev.recsys.mf;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.ImplicitAlsTrainer;
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
 * {@code ials}: implicit-feedback ALS (Hu, Koren and Volinsky 2008). Every stored matrix entry is
 * a positive preference with confidence {@code 1 + alpha * w}, where w is the entry's value, i.e.
 * the per-behaviour weights of the {@link dev.recsys.data.MatrixOptions} (a purchase counts more
 * than a view) times the transformed value of a count column if a
 * {@link dev.recsys.data.ValueTransform} is chosen (negative values count as 0); every other (user, item) pair is a negative with
 * confidence 1. Minimises {@code sum c_ui (p_ui - x_u . y_i)^2 + reg (|X|^2 + |Y|^2)} by
 * alternating least squares, items then users, each row solved by conjugate gradient
 * ({@code solver=cg}, default, {@code cg-steps} steps warm-started from the previous value) or
 * exactly by Cholesky ({@code solver=cholesky}).
 *
 * <p>{@code reg-mode=count} regularises each row with {@code reg} times its number of entries
 * (positive values), {@code reg (sum_u n_u |x_u|^2 + sum_i n_i |y_i|^2)}: the weighted-lambda
 * regularisation of Zhou et al. (2008) that Spark MLlib's ALS uses, so that {@code reg=R,
 * reg-mode=count} with MLlib's {@code alpha} is MLlib's implicit model with {@code regParam=R}
 * (its {@code nonnegative=false} Cholesky solve is {@code solver=cholesky}). Fold-in of a trained
 * model regularises the same way (with the count of the query's positive events).
 *
 * <p>Threads: {@code threads} workers (0: all processors) solve rows in parallel; results are
 * identical for any thread count (every row's solve depends only on fixed inputs; the Gram matrix
 * is summed in fixed blocks).
 *
 * <p>Memory during training: the CSR matrix plus its transpose (16 bytes per interaction), the
 * factors {@code 4 k (users + items)} bytes and {@code O(k^2)} per thread: about 1x
 * CSR/CSC + factors.
 *
 * <p>Checks: the factors and Gram matrices are checked against the heap before they are
 * allocated; after training every factor must be finite, else training fails naming {@code alpha},
 * {@code reg} and the largest interaction weight (a weight of 1e30 makes the confidences overflow).
 *
 * <p>Defaults were chosen on validation splits of the MovieLens 100K training folds
 * ({@code recsys-mf/TUNING.md}).
 *
 * <p>Thread safety: stateless; safe to use from several threads.
 */
public final class ImplicitAls implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "ials";

    /** The parameters (scene-ials takes them too, plus its own). */
    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofInt("factors", 64, 1, 4096, "latent factors k"),
            ParamSpec.ofInt("iterations", 15, 1, 10000, "full iterations (items then users)"),
            ParamSpec.ofDouble("alpha", 0.5, 0, 1e6, "confidence slope: c = 1 + alpha * w"),
            ParamSpec.ofDouble("reg", 30.0, 0, 1e6, "L2 weight lambda"),
            ParamSpec.ofChoice("reg-mode", "fixed", List.of("fixed", "count"),
                    "fixed: every row's L2 weight is reg; count: reg times the row's number of entries"
                            + " (weighted lambda, as MLlib ALS's regParam)"),
            ParamSpec.ofChoice("solver", "cg", List.of("cg", "cholesky"), "row solver: conjugate gradient or exact Cholesky"),
            ParamSpec.ofInt("cg-steps", 3, 1, 1000, "conjugate-gradient steps per row and half-iteration"),
            ParamSpec.ofDouble("init-std", 0.01, 0, 10, "standard deviation of the initial factors"),
            Parallel.threadsParam("training"),
            ParamSpec.ofLong("seed", 42L, "random seed (initial factors)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "implicit-feedback ALS (Hu-Koren-Volinsky), conjugate gradient or Cholesky, multi-threaded";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    /** The trainer configuration these parameters describe. */
    static ImplicitAlsTrainer.Config config(Params p) {
        return new ImplicitAlsTrainer.Config(p.getInt("factors"), p.getInt("iterations"), p.getFloat("alpha"),
                p.getFloat("reg"), p.getChoice("solver").equals("cg"), p.getInt("cg-steps"), p.getFloat("init-std"),
                p.getInt(Parallel.THREADS), p.getLong("seed"), countReg(p));
    }

    /** Whether {@code reg-mode=count} (false for parameter lists without {@code reg-mode}, e.g. scene-ials). */
    static boolean countReg(Params p) {
        return p.asText().containsKey("reg-mode") && p.getChoice("reg-mode").equals("count");
    }

    @Override
    public ImplicitFactorModel train(TrainingData data, Params params, TrainingListener listener) {
        if (data == null || params == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        ImplicitAlsTrainer.Config c = config(params);
        InteractionMatrix m = data.matrix();
        // the factors, the Gram matrix and a k x k system per thread
        int workers = Parallel.resolve(c.threads());
        TrainingChecks.requireMemory(NAME + ": the factors and Gram matrices",
                TrainingChecks.saturatingAdd(TrainingChecks.bytes(4, c.factors(), (long) m.rows() + m.cols()),
                        TrainingChecks.bytes(8, c.factors(), c.factors(), workers + 1L)),
                "lower factors (now " + c.factors() + ")");
        try (ImplicitAlsTrainer t = new ImplicitAlsTrainer(m, c)) {
            t.train(listener == null ? TrainingListener.NONE : listener);
            TrainingChecks.requireFinite(NAME, "lower alpha (now " + c.alpha() + ") or raise reg (now " + c.reg()
                    + "); the largest interaction weight is " + largest(m), t.userFactors(), t.itemFactors());
            return new ImplicitFactorModel(NAME, params, c.factors(), c.alpha(), c.reg(), c.countReg(), t.userFactors(),
                    t.itemFactors(), Fingerprints.of(m));
        }
    }

    private static float largest(InteractionMatrix m) {
        float max = 0f;
        float[] v = m.values();
        for (int j = 0; j < m.nnz(); j++) {
            max = Math.max(max, Math.abs(v[j]));
        }
        return max;
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return ImplicitFactorModel.read(in, NAME, params);
    }
}
