package dev.recsys.internal.train;

import dev.recsys.spi.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The epoch loop every iterative trainer shares (the neural models and the SGD/Adam factor
 * models): a fixed number of epochs, or early stopping on a validation metric with patience,
 * followed either by keeping the best epoch's parameters or by retraining on all the data for the
 * chosen number of epochs. The caller supplies the runs (a model's state on one data set); the loop
 * decides the epochs, calls the listener and checks the training loss.
 *
 * <p>With validation, epoch {@code e} (1-based) of the run on the training part is followed by its
 * validation score; the epoch improves on the best when the score beats it by more than
 * {@link Spec#minDelta} in the spec's direction (a NaN never improves). Training stops after
 * {@link Spec#patience} epochs without improvement. The chosen epoch count is the best epoch, at
 * least 1. Without refit the run is told to keep its best epoch ({@link Run#keepBest}); with
 * refit the training run is dropped before the full run is created (peak memory: one run) and the
 * full run trains for the chosen count.
 *
 * <p>Listener calls: {@code ("epoch", e, maxEpochs, {loss, validation})} per validated epoch,
 * {@code ("epoch", e, maxEpochs, {loss})} without validation, {@code (refitStage, e, chosen,
 * {loss})} per refit epoch; the metric names come from the spec.
 *
 * <p>Thread safety: stateless, thread-safe; the runs are used by the calling thread only.
 */
public final class TrainingLoop {
    private TrainingLoop() {
    }

    /** One model's training state on one data set. Not thread-safe. */
    public interface Run {
        /**
         * Trains one epoch.
         *
         * @param epoch 1-based epoch of this run
         * @return the training loss to report (and to check when the spec asks)
         */
        double epoch(int epoch);

        /** The validation metric after the last epoch (called only on a validation run). */
        default double validate() {
            throw new UnsupportedOperationException("this run has no validation data");
        }

        /**
         * The last epoch improved on the best so far (called on a validation run at each
         * improvement; a run that will be refitted may ignore it).
         *
         * @param epoch 1-based epoch
         * @param score its validation score
         */
        default void improved(int epoch, double score) {
        }

        /** Training stopped without refit: make the best epoch's parameters the run's. */
        default void keepBest() {
        }
    }

    /**
     * A run over a state object that keeps the best epoch by copying the whole state at each
     * improvement (the factor models' way; the neural models copy parameter arrays instead).
     * Not thread-safe.
     *
     * @param <S> the state type
     */
    public abstract static class CopyingRun<S> implements Run {
        private final UnaryOperator<S> copy;
        private S state;
        private S best;

        /**
         * @param state    the initial state (trained in place)
         * @param keepBest whether to keep copies of the best epoch's state (the initial state
         *                 until an epoch improves); false for runs that will be refitted or have
         *                 no validation
         * @param copy     deep copy of a state
         */
        protected CopyingRun(S state, boolean keepBest, UnaryOperator<S> copy) {
            this.state = state;
            this.copy = copy;
            this.best = keepBest ? copy.apply(state) : null;
        }

        /** The current state (the best epoch's after {@link #keepBest}). */
        public S state() {
            return state;
        }

        @Override
        public void improved(int epoch, double score) {
            if (best != null) {
                best = copy.apply(state);
            }
        }

        @Override
        public void keepBest() {
            if (best == null) {
                throw new IllegalStateException("this run was created without keepBest");
            }
            state = best;
        }
    }

    /**
     * How the loop runs.
     *
     * @param maxEpochs          epochs without validation, and the most with it, >= 1
     * @param patience           epochs without improvement before stopping, >= 1
     * @param refit              retrain on all data for the chosen epoch count (else keep the best epoch)
     * @param higherIsBetter     direction of the validation metric
     * @param minDelta           how much a score must beat the best by to count, >= 0
     * @param lossName           metric name of the training loss
     * @param validationName     metric name of the validation score
     * @param refitStage         listener stage of the refit epochs
     * @param divergenceRemedy   when not null, a non-finite epoch loss throws an
     *                           {@link IllegalStateException} with this remedy (e.g.
     *                           {@code "lower learning-rate"}); when null the loss is not checked
     *                           (the caller checks the trained parameters)
     */
    public record Spec(int maxEpochs, int patience, boolean refit, boolean higherIsBetter, double minDelta,
                       String lossName, String validationName, String refitStage, String divergenceRemedy) {
        /** Validates. */
        public Spec {
            if (maxEpochs < 1) {
                throw new IllegalArgumentException("maxEpochs must be >= 1, got " + maxEpochs);
            }
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be >= 1, got " + patience);
            }
            if (!(minDelta >= 0)) {
                throw new IllegalArgumentException("minDelta must be >= 0, got " + minDelta);
            }
            if (lossName == null || validationName == null || refitStage == null) {
                throw new IllegalArgumentException("lossName, validationName and refitStage must not be null");
            }
        }
    }

    /**
     * What training produced.
     *
     * @param run       the trained run (the full run after a refit)
     * @param epochs    the epoch count trained (chosen by early stopping when validating)
     * @param bestEpoch the best validation epoch (0 without validation or improvement)
     * @param bestScore the best validation score (NaN without validation; the initial
     *                  infinity when no epoch improved)
     * @param <R>       run type
     */
    public record Outcome<R extends Run>(R run, int epochs, int bestEpoch, double bestScore) {
    }

    /**
     * Trains.
     *
     * @param name       model name for messages
     * @param spec       how
     * @param validation the run on the training part of a validation split, or null to train
     *                   {@code full} for {@code maxEpochs} without validation
     * @param full       creates the run on all data (called once, after the validation run is
     *                   dropped when refitting; not called when validating without refit)
     * @param listener   progress receiver
     * @param <R>        run type
     * @return the trained run and the epoch counts
     * @throws IllegalStateException if the spec checks the loss and an epoch's loss is not finite
     */
    public static <R extends Run> Outcome<R> fit(String name, Spec spec, Supplier<R> validation, Supplier<R> full,
                                                 TrainingListener listener) {
        if (validation == null) {
            R run = full.get();
            for (int e = 1; e <= spec.maxEpochs(); e++) {
                double loss = run.epoch(e);
                checkLoss(name, spec, e, loss);
                listener.onProgress("epoch", e, spec.maxEpochs(), Map.of(spec.lossName(), loss));
            }
            return new Outcome<>(run, spec.maxEpochs(), 0, Double.NaN);
        }
        R run = validation.get();
        double best = spec.higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int since = 0;
        for (int e = 1; e <= spec.maxEpochs(); e++) {
            double loss = run.epoch(e);
            checkLoss(name, spec, e, loss);
            double score = run.validate();
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(spec.lossName(), loss);
            metrics.put(spec.validationName(), score);
            listener.onProgress("epoch", e, spec.maxEpochs(), metrics);
            boolean better = spec.higherIsBetter() ? score > best + spec.minDelta() : score < best - spec.minDelta();
            if (better) {
                best = score;
                bestEpoch = e;
                since = 0;
                run.improved(e, score);
            } else if (++since >= spec.patience()) {
                break;
            }
        }
        int epochs = Math.max(1, bestEpoch);
        if (!spec.refit()) {
            run.keepBest();
            return new Outcome<>(run, epochs, bestEpoch, best);
        }
        run = null; // unreachable before the full run allocates: peak memory is one run
        R fullRun = full.get();
        for (int e = 1; e <= epochs; e++) {
            double loss = fullRun.epoch(e);
            checkLoss(name, spec, e, loss);
            listener.onProgress(spec.refitStage(), e, epochs, Map.of(spec.lossName(), loss));
        }
        return new Outcome<>(fullRun, epochs, bestEpoch, best);
    }

    private static void checkLoss(String name, Spec spec, int epoch, double loss) {
        if (spec.divergenceRemedy() != null && !Double.isFinite(loss)) {
            throw new IllegalStateException(name + ": training diverged at epoch " + epoch
                    + " (loss " + loss + "); " + spec.divergenceRemedy());
        }
    }
}
