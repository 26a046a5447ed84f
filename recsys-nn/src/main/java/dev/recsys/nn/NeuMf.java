package dev.recsys.nn;

import dev.recsys.nn.internal.CommonParams;
import dev.recsys.nn.internal.Fitting;
import dev.recsys.nn.internal.NeuMfModel;
import dev.recsys.nn.internal.NeuMfTrainer;
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
 * NeuMF (He, Liao, Zhang, Nie, Hu and Chua, "Neural Collaborative Filtering", WWW 2017): GMF and an
 * MLP tower fused into one logistic output, trained with binary cross-entropy on observed pairs and
 * {@code negatives} sampled unobserved items per pair. Defaults follow the paper's code (embeddings
 * 32, MLP 64 -> 32 -> 16, 4 negatives, batches of 256 samples, Adam 1e-3) plus decoupled weight
 * decay 0.1 (AdamW), which a validation split of MovieLens 100K preferred (see TUNING.md). Scores
 * users seen in training only (no fold-in).
 *
 * <p>Training is single-threaded and reproducible for a given {@code seed}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class NeuMf implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "neumf";

    private static final List<ParamSpec> PARAMS = List.of(
            CommonParams.seed(),
            ParamSpec.ofInt("factors", 32, 1, 4096, "embedding size of the GMF and MLP branches (MLP input 2 x factors)"),
            ParamSpec.ofInt("mlp-layers", 2, 1, 12, "MLP layers, each halving the width"),
            ParamSpec.ofInt("negatives", 4, 0, 1000, "sampled unobserved items per observed pair"),
            CommonParams.epochs(20),
            CommonParams.batch(256),
            CommonParams.learningRate(1e-3),
            CommonParams.weightDecay(0.1),
            CommonParams.validation(),
            CommonParams.patience(),
            CommonParams.refit(),
            CommonParams.threads());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "NeuMF: neural collaborative filtering, GMF + MLP with negative sampling (He et al. 2017)";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        int factors = params.getInt("factors");
        int layers = params.getInt("mlp-layers");
        if ((factors >> (layers - 1)) < 1) {
            throw new IllegalArgumentException("parameter factors (" + factors + ") is too small for mlp-layers "
                    + layers + ": the last MLP layer would have no units");
        }
        NeuMfTrainer.Config c = new NeuMfTrainer.Config(factors, layers, params.getInt("negatives"),
                params.getInt(CommonParams.BATCH), params.getLong(CommonParams.SEED));
        // four embedding tables (users and items, GMF and MLP) and an MLP of at most 2k x k weights per layer
        Fitting.requireMemory(NAME, (4L * factors) * ((long) data.numUsers() + data.numItems())
                + 4L * factors * factors * layers, "lower factors (now " + factors + ")");
        NeuMfTrainer t = Fitting.fit(NAME, data.matrix(), params,
                m -> new NeuMfTrainer(m, c, CommonParams.adam(params), CommonParams.parallel(params)),
                listener == null ? TrainingListener.NONE : listener);
        return new NeuMfModel(params, t.network());
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return NeuMfModel.load(in, params);
    }
}
