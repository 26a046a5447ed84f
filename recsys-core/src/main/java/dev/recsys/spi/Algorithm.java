package dev.recsys.spi;

import dev.recsys.data.DataField;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A recommendation algorithm, found by name through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.recsys.spi.Algorithm}); see {@link Algorithms}.
 *
 * <p>Thread safety: implementations are stateless and thread-safe.
 */
public interface Algorithm {

    /** Stable lower-case hyphenated name, e.g. {@code biased-mf}. */
    String name();

    /** One-line description. */
    String description();

    /** Declared parameters (every algorithm has a {@code seed} where training is random). */
    List<ParamSpec> params();

    /** Whether the algorithm learns from explicit ratings (so the default matrix is ratings). */
    default boolean explicit() {
        return false;
    }

    /**
     * The optional data fields (see {@link DataField}) this algorithm reads in training with these
     * parameters, beyond the user x item matrix: {@link DataField#SCENE} for scene-aware models,
     * {@link DataField#CATEGORY} for models of item attributes. Default: none. A field the data has
     * and no consumer reads is a warning ({@link dev.recsys.data.Dataset#unusedFields}).
     *
     * @param params validated parameters (from {@link Params#parse})
     */
    default Set<DataField> reads(Params params) {
        return Set.of();
    }

    /**
     * Trains a model.
     *
     * @param data     the training data. Not modified.
     * @param params   validated parameters (from {@link Params#parse})
     * @param listener progress receiver
     */
    TrainedModel train(TrainingData data, Params params, TrainingListener listener);

    /**
     * Reads a model this algorithm saved with {@link TrainedModel#save}.
     *
     * @param in     the payload
     * @param params the parameters recorded in the file
     * @throws IOException if the payload is malformed
     */
    TrainedModel load(ModelInput in, Params params) throws IOException;
}
