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
 * {@code gru4rec}: a GRU over the visitor's latest {@code max-length} steps (Hidasi et al., ICLR
 * 2016, with the 2018 improvements of Hidasi and Karatzoglou: BPR-max loss and additional shared
 * negatives). A step's input is its item embedding plus its behaviour embedding; the GRU state after
 * the last step scores every item by a dot product with the same item embeddings. Trained on
 * next-item prediction with {@code loss} ({@code bpr-max} with score regularisation
 * {@code bpr-max-reg}, or {@code softmax}) against {@code negatives} uniform negatives shared by each
 * mini-batch, Adam. Served like {@link SasRec}: every recorded event changes the next answer.
 *
 * <p>Defaults (20 epochs, batch 32, learning rate 0.001, 64 factors) were chosen on a validation cut of
 * MovieLens 100K (each user's second-to-last event, never the test events; grid and curves in
 * {@code recsys-nn/SESSIONS.md}). Training is single-threaded and reproducible for a given {@code seed};
 * {@code validation} above 0 stops early on the NDCG@10 of held-out latest steps of the training sequences.
 *
 * <p>Thread safety: stateless, thread-safe; models are safe for concurrent scoring.
 */
public final class Gru4Rec implements Algorithm {
    /** The algorithm name. */
    public static final String NAME = "gru4rec";

    private static final List<ParamSpec> PARAMS = SessionTraining.params(0.1, 20, 1e-3, List.of(
            ParamSpec.ofChoice("loss", "bpr-max", List.of("bpr-max", "softmax"), "training objective"),
            ParamSpec.ofDouble("bpr-max-reg", 1.0, 0.0, 100.0, "BPR-max regularisation of the negatives' scores")));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "GRU4Rec: a GRU over the visitor's latest events (next-item, BPR-max or sampled softmax)";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        SessionTrainer.Loss loss = params.getChoice("loss").equals("softmax") ? SessionTrainer.Loss.SOFTMAX
                : SessionTrainer.Loss.BPR_MAX;
        return SessionTraining.train(NAME, SessionNetwork.Kind.GRU4REC, data, params, 1, 1, loss,
                params.getFloat("bpr-max-reg"), listener);
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return SessionModel.load(NAME, in, params);
    }
}
