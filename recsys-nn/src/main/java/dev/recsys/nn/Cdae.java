package dev.recsys.nn;

import dev.recsys.nn.internal.CdaeModel;
import dev.recsys.nn.internal.CdaeTrainer;
import dev.recsys.nn.internal.CommonParams;
import dev.recsys.nn.internal.Fitting;
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
 * CDAE, the collaborative denoising autoencoder (Wu, DuBois, Zheng and Ester, WSDM 2016): a
 * denoising autoencoder over users' binary item sets with a per-user input vector, trained with
 * binary cross-entropy on the user's items and sampled negatives. Users unseen in training are
 * scored from their items alone. Defaults (code 200, sigmoid, corruption 0.5, 10 negatives per
 * item, 100 epochs of batches of 64 users, Adam 1e-3) were chosen on a validation split of
 * MovieLens 100K (see TUNING.md).
 *
 * Above {@code sampled-output-above} items (default 4096) each group of 8 users of a mini-batch shares one pool of
 * uniform negatives ({@code negatives} x the group's mean items per user), weighted so that the expected loss
 * is that of per-user negatives; the decoder is evaluated on the positives and the pool only and
 * trained item-major with lazy (per touched item) Adam, so an epoch costs what the non-zeros and the
 * pool cost, not users x items. MovieLens 100K size keeps the full output and per-user negatives.
 *
 * <p>Training is single-threaded and reproducible for a given {@code seed}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class Cdae implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "cdae";

    private static final List<ParamSpec> PARAMS = List.of(
            CommonParams.seed(),
            ParamSpec.ofInt("hidden", 200, 1, 65_536, "code size"),
            ParamSpec.ofChoice("activation", "sigmoid", List.of("sigmoid", "tanh", "relu"), "hidden activation"),
            ParamSpec.ofDouble("corruption", 0.5, 0.0, 0.95, "input dropout (corruption) rate"),
            ParamSpec.ofInt("negatives", 10, 0, 1000, "sampled unobserved items per observed item"),
            ParamSpec.ofInt("sampled-output-above", 4096, 0, Integer.MAX_VALUE,
                    "catalogue size above which negatives are shared by groups of 8 users and only the positives and"
                    + " those are scored (same expected loss; 0: always the full output)"),
            CommonParams.epochs(100),
            CommonParams.batch(64),
            CommonParams.learningRate(1e-3),
            CommonParams.weightDecay(0.0),
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
        return "CDAE: collaborative denoising autoencoder with negative sampling (Wu et al. 2016)";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        CdaeTrainer.Config c = new CdaeTrainer.Config(params.getInt("hidden"), params.getChoice("activation"),
                params.getFloat("corruption"), params.getInt("negatives"), params.getInt(CommonParams.BATCH),
                params.getLong(CommonParams.SEED), params.getInt("sampled-output-above"));
        // encoder and decoder weights (items x hidden each), the user embedding and the biases
        Fitting.requireMemory(NAME, (long) c.hidden() * (2L * data.numItems() + data.numUsers() + 1) + data.numItems(),
                "lower hidden (now " + c.hidden() + ")");
        CdaeTrainer t = Fitting.fit(NAME, data.matrix(), params,
                m -> new CdaeTrainer(m, c, CommonParams.adam(params), CommonParams.parallel(params)),
                listener == null ? TrainingListener.NONE : listener);
        return new CdaeModel(params, t.network());
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return CdaeModel.load(in, params);
    }
}
