package dev.recsys.internal.ann;

import dev.recsys.serving.RecommenderModel;

/**
 * Access to the serving data a {@link RecommenderModel} carries, for the model file and the scene
 * engine (installed by {@code RecommenderModel}'s static initializer, as
 * {@code internal.scene.Summaries} is).
 *
 * <p>Thread safety: the installed accessor is published through a volatile field.
 */
public final class ServingAccess {
    /** What {@code RecommenderModel} exposes to the internals. */
    public interface Access {
        /** The model's serving data, or null. */
        ItemSearch search(RecommenderModel model);

        /** A copy of the model carrying {@code search} (null: none). */
        RecommenderModel with(RecommenderModel model, ItemSearch search);
    }

    private static volatile Access access;

    private ServingAccess() {
    }

    /** Installs the accessor (once, from {@code RecommenderModel}). */
    public static void install(Access a) {
        access = a;
    }

    private static Access access() {
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

    /** The model's serving data, or null. */
    public static ItemSearch search(RecommenderModel model) {
        return access().search(model);
    }

    /** A copy of the model carrying {@code search}. */
    public static RecommenderModel with(RecommenderModel model, ItemSearch search) {
        return access().with(model, search);
    }
}
