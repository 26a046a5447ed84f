package dev.recsys.serving;

import dev.recsys.data.Dataset;
import dev.recsys.spi.TrainingListener;
import java.time.Duration;

/**
 * Service interface behind {@link Recommenders#tune}: chooses an algorithm and its parameters on a
 * validation split cut from the training data, then trains the choice on all of it. Found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.recsys.serving.AutoTuner}); recsys-eval
 * provides the implementation, because choosing needs its metrics and split protocols and the core
 * must not depend on evaluation.
 *
 * <p>Thread safety: implementations are stateless and thread-safe.
 */
public interface AutoTuner {
    /**
     * Chooses and trains a model.
     *
     * @param training the training data only (the tuner cuts its own validation split from it). Not modified.
     * @param budget   wall-clock budget of the whole call (search and final training), positive
     * @param seed     seed of the validation split, the search order and the models
     * @param listener receives each trial's validation figure and the training progress; never null
     * @return the chosen model trained on all of {@code training}; its metadata names the algorithm
     *         and parameters
     * @throws IllegalArgumentException for an empty data set or a non-positive budget
     */
    RecommenderModel tune(Dataset training, Duration budget, long seed, TrainingListener listener);
}
