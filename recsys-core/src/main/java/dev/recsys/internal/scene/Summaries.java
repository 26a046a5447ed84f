package dev.recsys.internal.scene;

import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.ItemCatalog;
import dev.recsys.serving.ModelMetadata;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.spi.TrainedModel;

/**
 * Access to the {@link TrainingSummary} a {@link RecommenderModel} keeps, for the library's own
 * packages (the model file reader and writer, the scene engine) without putting an internal type
 * into the public API. {@code RecommenderModel} installs the accessor when its class initialises.
 *
 * <p>Thread safety: thread-safe (the accessor is installed once and never replaced).
 */
public final class Summaries {
    private static volatile Access access;

    private Summaries() {
    }

    /**
     * What {@link RecommenderModel} grants the library's internals.
     *
     * <p>Thread safety: implementations are stateless.
     */
    public interface Access {
        /** The model's training summary, or null when it was built without training events. */
        TrainingSummary summary(RecommenderModel model);

        /** A model with a training summary (see the public {@code RecommenderModel} constructor). */
        RecommenderModel create(TrainedModel model, IdIndex users, IdIndex items, InteractionMatrix history,
                                ItemCatalog catalog, float[] popularity, ModelMetadata metadata, TrainingSummary summary);
    }

    /**
     * Installs the accessor (called once by {@code RecommenderModel}).
     *
     * @throws IllegalStateException if one is installed already
     */
    public static synchronized void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("the model accessor is installed already");
        }
        access = a;
    }

    /** The accessor (initialising {@code RecommenderModel} if needed). */
    public static Access access() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(RecommenderModel.class.getName(), true, RecommenderModel.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }

    /** The model's training summary, or null. */
    public static TrainingSummary of(RecommenderModel model) {
        return access().summary(model);
    }
}
