package dev.recsys.nn.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.internal.train.TrainingLoop;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.train.EarlyStopping;
import dev.recsys.nn.internal.train.HoldoutSplit;
import dev.recsys.nn.internal.train.RankingValidator;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainingListener;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The neural models' use of core's {@link TrainingLoop}: a fixed number of epochs, or early stopping
 * on NDCG@10 (higher is better) of a per-user hold-out cut from the training matrix (never from any
 * test data), followed either by restoring the best epoch's parameters or by retraining on all the
 * data for the best number of epochs. The threads of the mini-batch products and optimizer steps
 * are the trainers' (built by the factory from the {@code threads} parameter; the result does not
 * depend on them). Reports each epoch to the listener (stage {@code epoch}; metrics {@code loss},
 * and {@code val-ndcg@10} when validating; a final stage {@code refit} when refitting). A
 * non-finite epoch loss stops training, and the returned trainer's parameters are all finite
 * ({@link #requireFinite}), else an {@link IllegalStateException} names {@code learning-rate}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class Fitting {
    private static final Logger LOG = LoggerFactory.getLogger(Fitting.class);
    /** Salt mixed into the seed for the validation split. */
    private static final long SPLIT_SALT = 0x5DEECE66DL;
    /** Value, gradient, two Adam moments and an early-stopping snapshot per trainable float. */
    private static final int BYTES_PER_PARAMETER = 20;

    private Fitting() {
    }

    /**
     * Trains.
     *
     * @param name     model name for logs
     * @param m        the full training matrix. Not modified.
     * @param p        parameters with the common ones of {@link CommonParams}, {@code threads} included
     * @param factory  creates a fresh trainer on a matrix (same seed each time)
     * @param listener progress receiver
     * @param <T>      trainer type
     * @return the trained trainer (finished)
     */
    public static <T extends EpochTrainer> T fit(String name, InteractionMatrix m, Params p,
                                                  Function<InteractionMatrix, T> factory, TrainingListener listener) {
        double val = p.getDouble(CommonParams.VALIDATION);
        TrainingLoop.Spec spec = new TrainingLoop.Spec(p.getInt(CommonParams.EPOCHS), p.getInt(CommonParams.PATIENCE),
                p.getBoolean(CommonParams.REFIT), true, 0, "loss", "val-ndcg@10", "refit", "lower learning-rate");
        Supplier<NnRun<T>> validation = null;
        if (val > 0) {
            HoldoutSplit split = HoldoutSplit.of(m, val, p.getLong(CommonParams.SEED) ^ SPLIT_SALT);
            validation = () -> {
                T t = factory.apply(split.train());
                return new NnRun<>(t, new EarlyStopping(t.parameters(), spec.patience()),
                        new RankingValidator(split.train(), split.heldOut(), 10));
            };
        }
        TrainingLoop.Outcome<NnRun<T>> out = TrainingLoop.fit(name, spec, validation,
                () -> new NnRun<>(factory.apply(m), null, null), listener);
        if (validation != null) {
            LOG.info("{}: best validation NDCG@10 {} at epoch {}", name, String.format("%.4f", out.bestScore()),
                    out.bestEpoch());
        }
        T t = out.run().trainer;
        t.finish();
        requireFinite(name, p, t.parameters());
        return t;
    }

    /** A trainer as a {@link TrainingLoop.Run}: NDCG@10 on the hold-out, the best epoch kept by {@link EarlyStopping}. */
    private static final class NnRun<T extends EpochTrainer> implements TrainingLoop.Run {
        final T trainer;
        private final EarlyStopping stop;
        private final RankingValidator validator;

        NnRun(T trainer, EarlyStopping stop, RankingValidator validator) {
            this.trainer = trainer;
            this.stop = stop;
            this.validator = validator;
        }

        @Override
        public double epoch(int epoch) {
            return trainer.epoch(epoch);
        }

        @Override
        public double validate() {
            return validator.ndcg(trainer::scoreUser);
        }

        @Override
        public void improved(int epoch, double score) {
            stop.record(epoch, score); // an improvement by the same rule: takes the snapshot
        }

        @Override
        public void keepBest() {
            stop.restoreBest();
        }
    }

    /**
     * Fails unless every value of the trained parameters (what the model serves) is finite, naming
     * the learning rate.
     *
     * @param name   model name for the message
     * @param p      the parameters, with {@code learning-rate}
     * @param params the trained parameters. Not modified.
     * @throws IllegalStateException if a value is NaN or infinite
     */
    public static void requireFinite(String name, Params p, List<Parameter> params) {
        float[][] values = new float[params.size()][];
        for (int j = 0; j < values.length; j++) {
            values[j] = params.get(j).value();
        }
        TrainingChecks.requireFinite(name, "lower learning-rate (now " + p.getFloat(CommonParams.LR) + ")", values);
    }

    /**
     * Fails before a network is built if the heap cannot hold it: {@code parameters} floats, each
     * with its gradient, two Adam moments and an early-stopping snapshot (20 bytes).
     *
     * @param name       model name for the message
     * @param parameters the number of trainable values
     * @param hint       the parameters that shrink the network, with their values
     * @throws IllegalStateException giving the bytes and the {@code -Xmx} it needs
     */
    public static void requireMemory(String name, long parameters, String hint) {
        TrainingChecks.requireMemory(name + ": a network of " + parameters + " parameters (with gradients and Adam state)",
                TrainingChecks.bytes(parameters, BYTES_PER_PARAMETER), hint);
    }
}
