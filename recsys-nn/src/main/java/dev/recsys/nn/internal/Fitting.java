package dev.recsys.nn.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.nn.layers.Parameter;
import dev.recsys.nn.train.EarlyStopping;
import dev.recsys.nn.train.HoldoutSplit;
import dev.recsys.nn.train.RankingValidator;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainingListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop shared by the neural models: a fixed number of epochs, or early stopping on
 * NDCG@10 of a per-user hold-out cut from the training matrix (never from any test data), followed
 * either by restoring the best epoch's parameters or by retraining on all the data for the best
 * number of epochs. The threads of the mini-batch products and optimizer steps are the trainers'
 * (built by the factory from the {@code threads} parameter; the result does not depend on them). Reports each epoch to the listener (stage {@code epoch}; metrics {@code loss},
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
        int epochs = p.getInt(CommonParams.EPOCHS);
        double val = p.getDouble(CommonParams.VALIDATION);
        if (val <= 0) {
            T t = factory.apply(m);
            for (int e = 1; e <= epochs; e++) {
                double loss = t.epoch(e);
                checkLoss(name, e, loss);
                listener.onProgress("epoch", e, epochs, Map.of("loss", loss));
            }
            t.finish();
            requireFinite(name, p, t.parameters());
            return t;
        }
        HoldoutSplit split = HoldoutSplit.of(m, val, p.getLong(CommonParams.SEED) ^ SPLIT_SALT);
        T t = factory.apply(split.train());
        EarlyStopping stop = new EarlyStopping(t.parameters(), p.getInt(CommonParams.PATIENCE));
        RankingValidator validator = new RankingValidator(split.train(), split.heldOut(), 10);
        for (int e = 1; e <= epochs; e++) {
            double loss = t.epoch(e);
            checkLoss(name, e, loss);
            double ndcg = validator.ndcg(t::scoreUser);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", loss);
            metrics.put("val-ndcg@10", ndcg);
            listener.onProgress("epoch", e, epochs, metrics);
            if (stop.record(e, ndcg)) {
                break;
            }
        }
        LOG.info("{}: best validation NDCG@10 {} at epoch {}", name, String.format("%.4f", stop.bestScore()),
                stop.bestEpoch());
        if (!p.getBoolean(CommonParams.REFIT)) {
            stop.restoreBest();
            t.finish();
            requireFinite(name, p, t.parameters());
            return t;
        }
        T full = factory.apply(m);
        int best = Math.max(1, stop.bestEpoch());
        for (int e = 1; e <= best; e++) {
            double loss = full.epoch(e);
            checkLoss(name, e, loss);
            listener.onProgress("refit", e, best, Map.of("loss", loss));
        }
        full.finish();
        requireFinite(name, p, full.parameters());
        return full;
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

    private static void checkLoss(String name, int epoch, double loss) {
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException(name + ": training diverged at epoch " + epoch
                    + " (loss " + loss + "); lower learning-rate");
        }
    }
}
