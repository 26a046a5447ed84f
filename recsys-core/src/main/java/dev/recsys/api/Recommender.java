package dev.recsys.api;

import java.util.List;

/**
 * Answers "which k items should this user see on this scene?".
 *
 * <p>Contract of every implementation:
 * <ul>
 *   <li>the result holds exactly {@code k} items ranked by descending score, fewer only when fewer
 *       candidates remain after exclusions and filters (never duplicates, never NaN scores);</li>
 *   <li>an unknown user gets a cold-start answer (popular or trending items), never an exception;</li>
 *   <li>{@code k <= 0}, a null scene or a null user throw {@link IllegalArgumentException} naming
 *       the argument (use {@link RecommendRequest} with no user for anonymous visitors).</li>
 * </ul>
 *
 * <p>Thread safety: implementations state their own; those in this library are safe for
 * concurrent {@code recommend} calls.
 */
public interface Recommender {

    /**
     * Recommends items for a request with context.
     *
     * @param request the request. Not modified.
     * @return ranked items, best first
     */
    List<Recommendation> recommend(RecommendRequest request);

    /**
     * Recommends {@code k} items for a user (external id) on a scene.
     *
     * @throws IllegalArgumentException if {@code user} or {@code scene} is null or {@code k <= 0}
     */
    default List<Recommendation> recommend(String user, Scene scene, int k) {
        if (user == null) {
            throw new IllegalArgumentException("user must not be null (use a RecommendRequest without user for anonymous visitors)");
        }
        return recommend(RecommendRequest.builder(scene, k).user(user).build());
    }

    /** Recommends {@code k} items for a user with a numeric external id. */
    default List<Recommendation> recommend(long user, Scene scene, int k) {
        return recommend(Long.toString(user), scene, k);
    }
}
