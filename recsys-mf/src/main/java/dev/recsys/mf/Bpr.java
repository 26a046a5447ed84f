package dev.recsys.mf;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.mf.internal.BprTrainer;
import dev.recsys.mf.internal.Fingerprints;
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
 * {@code bpr}: Bayesian personalised ranking (Rendle, Freudenthaler, Gantner and Schmidt-Thieme
 * 2009) on the binary structure of the interaction matrix, with item biases, trained by SGD over
 * uniformly drawn positives; negatives drawn uniformly ({@code sampling=uniform}) or in proportion
 * to {@code (count + 1)^popularity-exponent} ({@code sampling=popularity}).
 *
 * <p>Determinism and threads: single-threaded SGD with one seeded generator: same seed and data,
 * same model (on the same JVM and kernel choice).
 *
 * <p>Memory during training: the CSR matrix (8 bytes per interaction), the factors and item
 * biases; popularity sampling adds 8 bytes per item.
 *
 * <p>Defaults were chosen on validation splits of the MovieLens 100K training folds
 * ({@code recsys-mf/TUNING.md}).
 *
 * <p>Thread safety: stateless; safe to use from several threads.
 */
public final class Bpr implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "bpr";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofInt("factors", 64, 1, 4096, "latent factors k"),
            ParamSpec.ofInt("epochs", 100, 1, 100000, "epochs (one epoch = as many draws as interactions)"),
            ParamSpec.ofDouble("learning-rate", 0.1, 1e-7, 10, "initial learning rate"),
            ParamSpec.ofDouble("lr-decay", 0.97, 0.1, 1, "learning rate multiplier per epoch"),
            ParamSpec.ofDouble("reg", 0.02, 0, 100, "L2 weight of user and item factors"),
            ParamSpec.ofDouble("reg-bias", 0.01, 0, 100, "L2 weight of item biases"),
            ParamSpec.ofChoice("sampling", "uniform", List.of("uniform", "popularity"), "negative sampling"),
            ParamSpec.ofDouble("popularity-exponent", 0.75, 0, 4, "popularity sampling: weight (count + 1)^exponent"),
            ParamSpec.ofDouble("init-std", 0.1, 0, 10, "standard deviation of the initial factors"),
            ParamSpec.ofInt("fold-in-epochs", 20, 1, 10000, "SGD passes over a user's events at fold-in"),
            ParamSpec.ofLong("seed", 42L, "random seed (initial factors, draws, fold-in)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Bayesian personalised ranking with item biases, uniform or popularity-aware negatives";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public BprModel train(TrainingData data, Params params, TrainingListener listener) {
        if (data == null || params == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        BprTrainer.Config c = new BprTrainer.Config(params.getInt("factors"), params.getInt("epochs"),
                params.getFloat("learning-rate"), params.getFloat("lr-decay"), params.getFloat("reg"),
                params.getFloat("reg-bias"), params.getChoice("sampling").equals("popularity"),
                params.getDouble("popularity-exponent"), params.getFloat("init-std"), params.getLong("seed"));
        InteractionMatrix m = data.matrix();
        TrainingChecks.requireMemory(NAME + ": the factors",
                TrainingChecks.bytes(4, (long) c.factors() + 1, (long) m.rows() + m.cols()),
                "lower factors (now " + c.factors() + ")");
        BprTrainer.Result r = new BprTrainer(c).train(m, listener == null ? TrainingListener.NONE : listener);
        return new BprModel(params, c.factors(), r.userFactors(), r.itemFactors(), r.itemBias(), r.itemCounts(),
                Fingerprints.of(m));
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return BprModel.read(in, params);
    }
}
