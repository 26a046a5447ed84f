package dev.recsys.nn.internal.session;

import dev.recsys.internal.sequence.Sequences;
import dev.recsys.internal.train.TrainingLoop;
import dev.recsys.nn.internal.CommonParams;
import dev.recsys.nn.internal.Fitting;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parameters and training shared by {@code sasrec} and {@code gru4rec}: the users' steps in time
 * order (all behaviours, consecutive repeats merged), the epochs run by core's {@link TrainingLoop}
 * (stage {@code epoch}, metric {@code loss}), the trained parameters checked finite.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class SessionTraining {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTraining.class);

    private SessionTraining() {
    }

    /** The parameters every session network declares, then {@code extra}. */
    public static List<ParamSpec> params(double dropout, int epochs, List<ParamSpec> extra) {
        List<ParamSpec> p = new ArrayList<>(List.of(
                CommonParams.seed(),
                ParamSpec.ofInt("factors", 64, 2, 1024, "width of the item, behaviour and position embeddings"),
                ParamSpec.ofInt("max-length", 50, 2, 1000, "latest steps of a visitor's sequence the model reads"),
                ParamSpec.ofDouble("dropout", dropout, 0.0, 0.9, "dropout rate in training"),
                ParamSpec.ofInt("negatives", 256, 1, 100_000, "uniformly drawn negatives shared by each mini-batch"),
                ParamSpec.ofBoolean("behaviors", true, "add a learnt embedding of each step's behaviour to its input"),
                ParamSpec.ofBoolean("item-bias", false, "learn an output bias per item (a popularity prior)"),
                CommonParams.epochs(epochs),
                CommonParams.batch(32),
                CommonParams.learningRate(5e-3),
                CommonParams.weightDecay(0.0)));
        p.addAll(extra);
        return List.copyOf(p);
    }

    /**
     * Trains a network of the given kind.
     *
     * @throws IllegalArgumentException if heads do not divide factors
     * @throws IllegalStateException    if training diverges (naming {@code learning-rate}) or the heap is too small
     */
    public static SessionModel train(String name, SessionNetwork.Kind kind, TrainingData data, Params p, int blocks,
                                     int heads, SessionTrainer.Loss loss, float bprReg, TrainingListener listener) {
        if (data == null || p == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        int dim = p.getInt("factors");
        int maxLen = p.getInt("max-length");
        if (kind == SessionNetwork.Kind.SASREC && dim % heads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must divide factors (" + dim + ")");
        }
        int items = data.numItems();
        Fitting.requireMemory(name, (long) items * dim + (long) (maxLen + 8 * blocks * dim + 16) * dim,
                "lower factors (now " + dim + ")");
        Sequences all = Sequences.of(data.dataset().interactions(), Integer.MAX_VALUE);
        long seed = p.getLong(CommonParams.SEED);
        SessionNetwork net = new SessionNetwork(kind, items, dim, maxLen, blocks, heads,
                (float) p.getDouble("dropout"), p.getBoolean("behaviors"), p.getBoolean("item-bias"), seed);
        SessionTrainer trainer = new SessionTrainer(net, all, p.getInt(CommonParams.BATCH), p.getInt("negatives"), loss,
                bprReg, CommonParams.adam(p), seed);
        TrainingLoop.Spec spec = new TrainingLoop.Spec(p.getInt(CommonParams.EPOCHS), 1, false, true, 0, "loss",
                "val-ndcg@10", "refit", "lower learning-rate");
        long t0 = System.nanoTime();
        TrainingLoop.fit(name, spec, null, () -> trainer, listener == null ? TrainingListener.NONE : listener);
        trainer.finish();
        double secs = (System.nanoTime() - t0) / 1e9;
        LOG.info("{}: {} windows x {} epochs in {} s ({} sequences/s)", name, trainer.windows(),
                p.getInt(CommonParams.EPOCHS), String.format("%.1f", secs),
                String.format("%.0f", trainer.sequencesTrained() / Math.max(1e-9, secs)));
        Fitting.requireFinite(name, p, net.parameters());
        return new SessionModel(name, p, net, all.tail(maxLen));
    }
}
