/**
 * The public recommendation API, the types an application calls and gets back:
 * {@link dev.recsys.api.Recommender} ({@code recommend(user, scene, k)} and the request form),
 * {@link dev.recsys.api.RecommendRequest} (user, scene, k and page context: current item, cart,
 * recent events, exclusions, a filter, candidates to re-rank), {@link dev.recsys.api.Scene} (the
 * standard shop pages and application-defined ones), {@link dev.recsys.api.Recommendation} (item,
 * score, explanation) and {@link dev.recsys.api.ItemFilter}.
 *
 * <p>Obtain a {@code Recommender} from a trained or loaded
 * {@link dev.recsys.serving.RecommenderModel} or build a {@link dev.recsys.scene.SceneEngine}.
 * Every type here is immutable or thread-safe as its Javadoc states.
 */
package dev.recsys.api;
