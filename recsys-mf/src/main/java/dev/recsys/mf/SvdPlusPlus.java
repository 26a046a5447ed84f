package dev.recsys.mf;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.SvdPlusPlusTrainer;
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
 * {@code svdpp}: SVD++ (Koren 2008), biased MF plus implicit feedback from which items each user
 * rated: {@code r = mu + b_u + b_i + q_i . (p_u + |N(u)|^-1/2 sum_{j in N(u)} y_j)}. It beats
 * biased MF on RMSE because the implicit term describes a user by the items they chose to rate
 * (informative on MovieLens, where what one rates says as much as how), which helps most for users
 * with few ratings, whose p_u is weakly determined. Trained by SGD with the batched implicit
 * update, per-rating L2, an exponential learning-rate schedule, early stopping on a seeded
 * validation split and a refit on all ratings ({@link SvdPlusPlusTrainer}).
 *
 * <p>Determinism and threads: single-threaded SGD with one seeded generator: same seed, same
 * model (on the same JVM and kernel choice).
 *
 * <p>Memory during training: CSR (8 bytes per rating) plus 5 bytes per rating, and the parameters
 * {@code 4 ((3k + 1) items + (2k + 1) users)} bytes: within 2x of CSR/CSC + factors.
 *
 * <p>Defaults were chosen on validation splits of the MovieLens 100K training folds
 * ({@code recsys-mf/TUNING.md}).
 *
 * <p>Checks: as {@code biased-mf} (data without ratings refused; the factors checked against
 * the heap; after training finite parameters and predictions near the rating range, else an error
 * naming {@code learning-rate}).
 *
 * <p>Thread safety: stateless; safe to use from several threads.
 */
public final class SvdPlusPlus implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "svdpp";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofInt("factors", 128, 1, 4096, "latent factors k"),
            ParamSpec.ofInt("epochs", 200, 1, 100000, "maximum epochs (early stopping usually ends sooner)"),
            ParamSpec.ofDouble("learning-rate", 0.02, 1e-7, 10, "initial learning rate"),
            ParamSpec.ofDouble("lr-decay", 0.93, 0.1, 1, "learning rate multiplier per epoch"),
            ParamSpec.ofDouble("reg", 0.06, 0, 100, "L2 weight of p and q per rating"),
            ParamSpec.ofDouble("reg-bias", 0.05, 0, 100, "L2 weight of the biases per rating"),
            ParamSpec.ofDouble("reg-implicit", 0.1, 0, 100, "L2 weight of the implicit factors y per user visit"),
            ParamSpec.ofDouble("init-std", 0.01, 0, 10, "standard deviation of the initial factors"),
            ParamSpec.ofDouble("validation-fraction", 0.05, 0, 0.5,
                    "fraction of training ratings held out for early stopping (0: train all epochs)"),
            ParamSpec.ofInt("patience", 3, 1, 1000, "epochs without validation improvement before stopping"),
            ParamSpec.ofBoolean("refit", true, "retrain on all ratings for the epoch count early stopping chose"),
            ParamSpec.ofLong("seed", 42L, "random seed (split, initial factors, order)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SVD++: biased MF with implicit feedback from the set of rated items (SGD, early stopping)";
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
    public SvdPlusPlusModel train(TrainingData data, Params params, TrainingListener listener) {
        if (data == null || params == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        SvdPlusPlusTrainer.Config c = new SvdPlusPlusTrainer.Config(params.getInt("factors"), params.getInt("epochs"),
                params.getFloat("learning-rate"), params.getFloat("lr-decay"), params.getFloat("reg"),
                params.getFloat("reg-bias"), params.getFloat("reg-implicit"), params.getFloat("init-std"),
                params.getDouble("validation-fraction"), params.getInt("patience"), params.getBoolean("refit"),
                params.getLong("seed"));
        TrainingChecks.requireRatings(NAME, data);
        InteractionMatrix m = data.matrix();
        TrainingChecks.requireMemory(NAME + ": the factors",
                TrainingChecks.bytes(4, 2L * c.factors() + 1, (long) m.rows() + 2L * m.cols()),
                "lower factors (now " + c.factors() + ")");
        SvdPlusPlusTrainer.Result r = new SvdPlusPlusTrainer(c).train(m, listener == null ? TrainingListener.NONE : listener);
        return new SvdPlusPlusModel(params, c.factors(), r.mu(), r.minRating(), r.maxRating(), c.reg(), c.regBias(),
                r.userBias(), r.itemBias(), r.userVectors(), r.itemFactors(), r.implicitFactors(), Fingerprints.of(m));
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return SvdPlusPlusModel.read(in, params);
    }
}
