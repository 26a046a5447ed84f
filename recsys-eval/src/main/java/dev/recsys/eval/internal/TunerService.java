package dev.recsys.eval.internal;

import dev.recsys.data.Dataset;
import dev.recsys.eval.Tuner;
import dev.recsys.eval.TuningOptions;
import dev.recsys.serving.AutoTuner;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.spi.TrainingListener;
import java.time.Duration;

/**
 * The {@link AutoTuner} service behind {@code Recommenders.tune}: {@link Tuner} with the default
 * options, the given budget and seed.
 *
 * <p>Thread safety: stateless.
 */
public final class TunerService implements AutoTuner {
    /** For {@link java.util.ServiceLoader}. */
    public TunerService() {
    }

    @Override
    public RecommenderModel tune(Dataset training, Duration budget, long seed, TrainingListener listener) {
        return Tuner.tune(training, TuningOptions.builder().budget(budget).seed(seed).build(), listener).model();
    }
}
