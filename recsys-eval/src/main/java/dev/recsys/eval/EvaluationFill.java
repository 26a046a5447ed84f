package dev.recsys.eval;

import dev.recsys.internal.scene.Generation;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;

/**
 * The order in which the serving path fills short lists, for {@link EvaluationOptions.Builder#fill}:
 * {@link RecommenderModel#recommender()} backfills every answer that its sources leave short with
 * trending items (time-decayed popularity of the model's training events, half-life
 * {@value SceneEngine#DEFAULT_TRENDING_HALF_LIFE_DAYS} days), so an evaluation filled with
 * {@link #servingOrder} scores the lists {@code recsys recommend} would show.
 *
 * <p>Thread safety: stateless.
 */
public final class EvaluationFill {
    /** The description {@link EvaluationOptions#describe()} prints for {@link #servingOrder}. */
    public static final String SERVING_DESCRIPTION = "trending items as 'recommend' does (half-life "
            + SceneEngine.DEFAULT_TRENDING_HALF_LIFE_DAYS + " days)";

    private EvaluationFill() {
    }

    /**
     * Dense item indices by descending trending score (ties to the lower index), as the model's
     * scene engine backfills.
     *
     * @param model the served model. Not modified.
     * @return a fresh array of every item index of the model
     * @throws IllegalArgumentException if model is null
     */
    public static int[] servingOrder(RecommenderModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        Generation g = new Generation(model, null, 0L, SceneEngine.DEFAULT_TRENDING_HALF_LIFE_DAYS,
                SceneEngine.DEFAULT_SESSION_GAP_SECONDS);
        return g.trendingOrder().clone();
    }

    /** Options that fill like the serving path: {@code builder.fill(servingOrder(model), SERVING_DESCRIPTION)}. */
    public static EvaluationOptions.Builder likeServing(EvaluationOptions.Builder builder, RecommenderModel model) {
        if (builder == null) {
            throw new IllegalArgumentException("builder must not be null");
        }
        return builder.fill(servingOrder(model), SERVING_DESCRIPTION);
    }
}
