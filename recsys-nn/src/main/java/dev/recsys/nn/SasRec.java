package dev.recsys.nn;

import dev.recsys.nn.internal.session.SessionModel;
import dev.recsys.nn.internal.session.SessionNetwork;
import dev.recsys.nn.internal.session.SessionTrainer;
import dev.recsys.nn.internal.session.SessionTraining;
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
 * {@code sasrec}: self-attentive sequential recommendation (Kang and McAuley, ICDM 2018) on the
 * visitor's latest {@code max-length} steps, every behaviour a step with its type as an input
 * feature. A step's input is its item embedding plus its behaviour and position embeddings; then
 * {@code blocks} pre-norm Transformer blocks (causal multi-head self-attention with {@code heads}
 * heads, a ReLU feed-forward layer, dropout and residual connections) and a layer norm; the last
 * step's output scores every item by a dot product with the same item embeddings as the input.
 * Trained on next-item prediction with a sampled softmax over {@code negatives} uniform negatives
 * per mini-batch, Adam. A served model ({@link dev.recsys.spi.SequenceModel}) reads the user's
 * latest training steps followed by the events recorded since, so each recorded event changes the
 * next answer without retraining.
 *
 * <p>Defaults (20 epochs, batch 32, learning rate 0.005, 64 factors) were chosen on a validation cut of
 * MovieLens 100K (each user's second-to-last event, never the test events; grid and curves in
 * {@code recsys-nn/SESSIONS.md}). Training is single-threaded and reproducible for a given {@code seed};
 * {@code validation} above 0 stops early on the NDCG@10 of held-out latest steps of the training sequences.
 *
 * <p>Thread safety: stateless, thread-safe; models are safe for concurrent scoring.
 */
public final class SasRec implements Algorithm {
    /** The algorithm name. */
    public static final String NAME = "sasrec";

    private static final List<ParamSpec> PARAMS = SessionTraining.params(0.2, 20, 5e-3, List.of(
            ParamSpec.ofInt("blocks", 2, 1, 16, "self-attention blocks"),
            ParamSpec.ofInt("heads", 1, 1, 64, "attention heads per block (must divide factors)")));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SASRec: causal self-attention over the visitor's latest events (next-item, sampled softmax)";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        return SessionTraining.train(NAME, SessionNetwork.Kind.SASREC, data, params, params.getInt("blocks"),
                params.getInt("heads"), SessionTrainer.Loss.SOFTMAX, 0f, listener);
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return SessionModel.load(NAME, in, params);
    }
}
