package dev.recsys.nn;

import dev.recsys.nn.internal.CommonParams;
import dev.recsys.nn.internal.Fitting;
import dev.recsys.nn.internal.MultVaeModel;
import dev.recsys.nn.internal.MultVaeTrainer;
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
 * Mult-VAE (Liang, Krishnan, Hoffman and Jebara, "Variational Autoencoders for Collaborative
 * Filtering", WWW 2018): a variational autoencoder over users' item sets with a multinomial
 * likelihood. Default architecture {@code [n_items -> 600 -> 200 -> 600 -> n_items]}, tanh, input
 * dropout 0.5, KL weight annealed linearly to 1.0 (chosen on a validation split of MovieLens; the paper uses 0.2), Adam with learning rate 1e-3, batches of 500
 * users. Above {@code sampled-softmax-above} items (default 4096) training scores only each
 * mini-batch's positives and {@code softmax-samples} shared popularity draws (a sampled softmax with
 * the log-Q correction), and the output layer is trained item-major with lazy (per touched item)
 * Adam, so an epoch costs what the non-zeros and the draws cost rather than users x items; at MovieLens 100K size the full softmax is used. A user unseen in training is folded in from their items in one forward pass, so
 * {@code score} works for {@code Query.user() == -1}.
 *
 * <p>Training is single-threaded and reproducible for a given {@code seed}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class MultVae implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "mult-vae";

    private static final List<ParamSpec> PARAMS = List.of(
            CommonParams.seed(),
            ParamSpec.ofInt("hidden", 600, 1, 65_536, "width of the encoder's and decoder's hidden layer"),
            ParamSpec.ofInt("latent", 200, 1, 65_536, "latent dimension"),
            CommonParams.epochs(100),
            CommonParams.batch(500),
            CommonParams.learningRate(1e-3),
            CommonParams.weightDecay(0.0),
            ParamSpec.ofDouble("dropout", 0.5, 0.0, 0.95, "input dropout rate"),
            ParamSpec.ofDouble("anneal-cap", 1.0, 0.0, 10.0, "final weight (beta) of the KL term"),
            ParamSpec.ofInt("anneal-steps", 0, 0, Integer.MAX_VALUE,
                    "updates over which beta rises linearly to anneal-cap; 0 = over all planned updates"),
            ParamSpec.ofChoice("lr-schedule", "constant", List.of("constant", "cosine"),
                    "learning rate over training: constant, or cosine (decays to 0 over all planned updates)"),
            ParamSpec.ofBoolean("kl-per-items", false,
                    "scale each user's KL term by their item count / the batch mean (RecVAE-style)"),
            ParamSpec.ofInt("sampled-softmax-above", 4096, 0, Integer.MAX_VALUE,
                    "catalogue size above which training uses a sampled softmax (0: always the full softmax)"),
            ParamSpec.ofInt("softmax-samples", 512, 1, 1 << 20,
                    "items drawn per mini-batch (popularity^0.75 proposal, log-Q corrected) for the sampled softmax"),
            ParamSpec.ofBoolean("binary", true, "treat every interaction as 1 instead of its weight"),
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
        return "Mult-VAE: variational autoencoder over item sets (Liang et al. 2018), folds in new users";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        MultVaeTrainer.Config c = new MultVaeTrainer.Config(params.getInt("hidden"), params.getInt("latent"),
                params.getInt(CommonParams.BATCH), params.getFloat("dropout"), params.getFloat("anneal-cap"),
                params.getInt("anneal-steps"), params.getBoolean("binary"), params.getLong(CommonParams.SEED),
                params.getBoolean("kl-per-items"), params.getInt("sampled-softmax-above"),
                params.getInt("softmax-samples"));
        int epochs = params.getInt(CommonParams.EPOCHS);
        // encoder and decoder weights (items x hidden each) and the hidden x latent layers
        Fitting.requireMemory(NAME, (long) c.hidden() * (2L * data.numItems() + 3L * c.latent() + 1) + data.numItems(),
                "lower hidden (now " + c.hidden() + ")");
        MultVaeTrainer t = Fitting.fit(NAME, data.matrix(), params,
                m -> new MultVaeTrainer(m, c, optimizer(params, m, c.batchSize(), epochs), epochs,
                        CommonParams.parallel(params)),
                listener == null ? TrainingListener.NONE : listener);
        return new MultVaeModel(params, t.network(), c.binary());
    }

    /** The Adam/AdamW optimizer with the {@code lr-schedule} of the parameters (also used by item-attribute-ae). */
    static dev.recsys.internal.optim.Optimizer optimizer(Params params, dev.recsys.data.InteractionMatrix m,
                                                                 int batch, int epochs) {
        String schedule = params.getChoice("lr-schedule").toLowerCase(java.util.Locale.ROOT);
        switch (schedule) {
            case "constant":
                return CommonParams.adam(params);
            case "cosine":
                int users = 0;
                for (int u = 0; u < m.rows(); u++) {
                    users += m.rowLength(u) > 0 ? 1 : 0;
                }
                long perEpoch = Math.max(1, (users + batch - 1) / batch);
                return CommonParams.adamCosine(params, perEpoch * epochs);
            default:
                throw new IllegalArgumentException("lr-schedule must be constant or cosine, got '" + schedule + "'");
        }
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return MultVaeModel.load(in, params);
    }
}
