package dev.recsys.mf;

import dev.recsys.mf.internal.BiasedMfTrainer;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.train.TrainingChecks;
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
 * {@code biased-mf}: biased matrix factorization of explicit ratings,
 * {@code r(u, i) = mu + b_u + b_i + p_u . q_i}, trained by SGD (default) or Adam
 * ({@code optimizer=adam}) in a seeded random order (SGD: user by user, two users interleaved, a
 * new user order every epoch; Adam: blocks of shuffled ratings) with per-rating L2, an
 * exponential learning-rate schedule and early stopping on a validation split cut from the
 * training ratings; then (by default) refitted on all ratings for the chosen number of epochs.
 *
 * <p>Checks: data without ratings is refused ({@link IllegalArgumentException} naming the
 * algorithms for implicit feedback); the factors and Adam state are checked against the heap before
 * they are allocated; after training every parameter must be finite, the RMSE on the training
 * ratings at most the width of the rating range and the predictions of a sample of (user, item)
 * pairs within two widths of the range, else training fails naming {@code learning-rate} (SGD) or
 * {@code adam-learning-rate} (Adam). Scores are served unclamped ({@link BiasedFactorModel#predict}
 * clamps to the training range).
 *
 * <p>Defaults were chosen on validation splits of the MovieLens 100K training folds (see
 * {@code recsys-mf/TUNING.md}); each is listed in {@link #params()}.
 *
 * <p>Speed: a fused single-pass update per rating ({@code dot}, then both factor rows in one
 * loop) over flat row-major float factors. Visiting ratings user by user lets the Vector API
 * kernel keep the active users' rows in registers, so each rating loads and stores only the item
 * row (figures in {@code benchmarks/README.md}).
 *
 * <p>Determinism and threads: training is single-threaded by design (SGD over one order is
 * inherently sequential; Hogwild-style parallel SGD would make results depend on timing), so
 * the same seed and data give the same model bit for bit on the same JVM and kernel choice.
 *
 * <p>Memory during training: 12 bytes per rating (shuffled triples; SGD groups them by user in
 * place, with 8 more bytes per rating while it sorts and 8 bytes per user after) plus the factors
 * {@code 4 (k + 1) (users + items)} bytes; Adam adds bfloat16 moments, the size of the factors.
 * Against the CSR and CSC matrices and the factors this stays within 2x ({@code recsys-mf/README.md}).
 *
 * <p>Thread safety: stateless; safe to use from several threads.
 */
public final class BiasedMf implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "biased-mf";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofInt("factors", 128, 1, 4096, "latent factors k"),
            ParamSpec.ofChoice("optimizer", "sgd", List.of("sgd", "adam"), "sgd or adam"),
            ParamSpec.ofInt("epochs", 200, 1, 100000, "maximum epochs (early stopping usually ends sooner)"),
            ParamSpec.ofDouble("learning-rate", 0.03, 1e-7, 10, "initial learning rate (sgd; adam uses adam-learning-rate)"),
            ParamSpec.ofDouble("adam-learning-rate", 0.002, 1e-7, 10, "initial learning rate with optimizer=adam"),
            ParamSpec.ofDouble("lr-decay", 0.93, 0.1, 1, "learning rate multiplier per epoch"),
            ParamSpec.ofDouble("reg", 0.08, 0, 100, "L2 weight of the factors per rating"),
            ParamSpec.ofDouble("reg-bias", 0.05, 0, 100, "L2 weight of the biases per rating"),
            ParamSpec.ofDouble("init-std", 0.01, 0, 10, "standard deviation of the initial factors"),
            ParamSpec.ofDouble("validation-fraction", 0.05, 0, 0.5,
                    "fraction of training ratings held out for early stopping (0: train all epochs)"),
            ParamSpec.ofInt("patience", 3, 1, 1000, "epochs without validation improvement before stopping"),
            ParamSpec.ofBoolean("refit", true, "retrain on all ratings for the epoch count early stopping chose"),
            ParamSpec.ofDouble("beta1", 0.9, 0, 0.9999, "Adam first-moment decay"),
            ParamSpec.ofDouble("beta2", 0.999, 0, 0.999999, "Adam second-moment decay"),
            ParamSpec.ofLong("seed", 42L, "random seed (split, initial factors, order)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "biased matrix factorization of ratings (SGD or Adam, early stopping)";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public boolean explicit() {
        return true;
    }

    /** The trainer configuration these parameters describe. */
    static BiasedMfTrainer.Config config(Params p) {
        return BiasedMfTrainer.Config.of(p);
    }

    @Override
    public BiasedFactorModel train(TrainingData data, Params params, TrainingListener listener) {
        if (data == null || params == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        TrainingChecks.requireRatings(NAME, data);
        BiasedMfTrainer.Config c = config(params);
        InteractionMatrix m = data.matrix();
        TrainingChecks.requireMemory(NAME + ": the factors and optimizer state",
                TrainingChecks.bytes(c.adam() ? 8 : 4, (long) c.factors() + 1, (long) m.rows() + m.cols()),
                "lower factors (now " + c.factors() + ")");
        BiasedMfTrainer.Result r = new BiasedMfTrainer(c).train(m, l);
        return new BiasedFactorModel(NAME, params, c.factors(), r.mu(), r.minRating(), r.maxRating(),
                c.reg(), c.regBias(), r.userBias(), r.itemBias(), r.userFactors(), r.itemFactors(),
                Fingerprints.of(m));
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return BiasedFactorModel.read(in, NAME, params);
    }
}
