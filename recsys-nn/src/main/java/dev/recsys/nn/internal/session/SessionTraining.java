package dev.recsys.nn.internal.session;

import dev.recsys.internal.sequence.Sequences;
import dev.recsys.internal.train.TrainingLoop;
import dev.recsys.nn.internal.CommonParams;
import dev.recsys.nn.internal.Fitting;
import dev.recsys.nn.internal.train.EarlyStopping;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parameters and training shared by {@code sasrec} and {@code gru4rec}: the users' steps in time
 * order (all behaviours, consecutive repeats merged), the epochs run by core's {@link TrainingLoop}
 * (stage {@code epoch}, metric {@code loss}), the trained parameters checked finite.
 *
 * <p>With {@code validation} above 0 the loop stops early on the NDCG@10 of a leave-last-out cut of
 * the training sequences ({@link SessionValidation}: a share of the users' latest steps held out,
 * metric {@code val-ndcg@10}), after {@code patience} epochs without improvement, then either
 * retrains on every step for the best epoch count ({@code refit}, stage {@code refit}) or keeps the
 * best epoch's parameters.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class SessionTraining {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTraining.class);
    /** Salt mixed into the seed for the validation cut. */
    private static final long SPLIT_SALT = 0x5DEECE66DL;

    private SessionTraining() {
    }

    /** The parameters every session network declares (with the model's default dropout, epochs and learning rate), then {@code extra}. */
    public static List<ParamSpec> params(double dropout, int epochs, double learningRate, List<ParamSpec> extra) {
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
                CommonParams.learningRate(learningRate),
                CommonParams.weightDecay(0.0),
                ParamSpec.ofDouble(CommonParams.VALIDATION, 0.0, 0.0, 1.0,
                        "share of the users whose latest step (an item new to them) is held out for early stopping on"
                                + " NDCG@10 (0 = train all epochs)"),
                CommonParams.patience(),
                CommonParams.refit()));
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
        int batch = p.getInt(CommonParams.BATCH);
        Supplier<SessionNetwork> newNet = () -> new SessionNetwork(kind, items, dim, maxLen, blocks, heads,
                (float) p.getDouble("dropout"), p.getBoolean("behaviors"), p.getBoolean("item-bias"), seed);
        TrainingLoop.Spec spec = new TrainingLoop.Spec(p.getInt(CommonParams.EPOCHS), p.getInt(CommonParams.PATIENCE),
                p.getBoolean(CommonParams.REFIT), true, 0, "loss", "val-ndcg@10", "refit", "lower learning-rate");
        Supplier<Run> validation = null;
        double share = p.getDouble(CommonParams.VALIDATION);
        if (share > 0) {
            SessionValidation cut = SessionValidation.of(all, share, seed ^ SPLIT_SALT);
            if (cut.size() == 0) {
                LOG.warn("{}: no user has a latest step to hold out for validation; training all {} epochs", name,
                        spec.maxEpochs());
            } else {
                LOG.info("{}: validating on {} held-out latest steps", name, cut.size());
                validation = () -> {
                    SessionNetwork net = newNet.get();
                    return new Run(new SessionTrainer(net, cut.train(), batch, p.getInt("negatives"), loss, bprReg,
                            CommonParams.adam(p), seed), cut, new EarlyStopping(net.parameters(), spec.patience()), batch);
                };
            }
        }
        long t0 = System.nanoTime();
        TrainingLoop.Outcome<Run> out = TrainingLoop.fit(name, spec, validation,
                () -> new Run(new SessionTrainer(newNet.get(), all, batch, p.getInt("negatives"), loss, bprReg,
                        CommonParams.adam(p), seed), null, null, batch),
                listener == null ? TrainingListener.NONE : listener);
        SessionTrainer trainer = out.run().trainer;
        trainer.finish();
        double secs = (System.nanoTime() - t0) / 1e9;
        if (validation != null) {
            LOG.info("{}: best validation NDCG@10 {} at epoch {}", name, String.format("%.4f", out.bestScore()),
                    out.bestEpoch());
        }
        LOG.info("{}: {} windows x {} epochs in {} s ({} sequences/s)", name, trainer.windows(), out.epochs(),
                String.format("%.1f", secs), String.format("%.0f", trainer.sequencesTrained() / Math.max(1e-9, secs)));
        SessionNetwork net = trainer.network();
        Fitting.requireFinite(name, p, net.parameters());
        return new SessionModel(name, p, net, all.tail(maxLen));
    }

    /** A trainer as a {@link TrainingLoop.Run}, with its validation cut and early stopping when validating. */
    private static final class Run implements TrainingLoop.Run {
        final SessionTrainer trainer;
        private final SessionValidation cut;
        private final EarlyStopping stop;
        private final int batch;

        Run(SessionTrainer trainer, SessionValidation cut, EarlyStopping stop, int batch) {
            this.trainer = trainer;
            this.cut = cut;
            this.stop = stop;
            this.batch = batch;
        }

        @Override
        public double epoch(int epoch) {
            return trainer.epoch(epoch);
        }

        @Override
        public double validate() {
            return cut.ndcg(trainer.network(), batch);
        }

        @Override
        public void improved(int epoch, double score) {
            stop.record(epoch, score);
        }

        @Override
        public void keepBest() {
            stop.restoreBest();
        }
    }
}
