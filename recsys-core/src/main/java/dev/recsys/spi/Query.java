package dev.recsys.spi;

import dev.recsys.api.Scene;

/**
 * A scoring request at the level of dense indices, built by the serving layer from a
 * {@link dev.recsys.api.RecommendRequest}.
 *
 * @param user        dense user index, or -1 for a user the model was not trained on
 * @param items       items the user interacted with (training history plus recent events), any order
 * @param weights     interaction strength of each entry of {@code items} (same length)
 * @param currentItem dense index of the item on the page, or -1
 * @param cart        dense indices of items in the cart (possibly empty)
 * @param scene       the scene (never null)
 *
 * <p>Thread safety: treat as immutable; the arrays must not be modified after construction.
 */
public record Query(int user, int[] items, float[] weights, int currentItem, int[] cart, Scene scene) {
    /** Validates shapes. */
    public Query {
        if (items == null || weights == null || items.length != weights.length) {
            throw new IllegalArgumentException("items and weights must be non-null and of equal length");
        }
        if (cart == null) {
            cart = new int[0];
        }
        if (scene == null) {
            throw new IllegalArgumentException("scene must not be null");
        }
    }

    /** A query for a known user with no context. */
    public static Query ofUser(int user, int[] items, float[] weights, Scene scene) {
        return new Query(user, items, weights, -1, new int[0], scene);
    }

    /** Whether the query carries anything a model can personalise on. */
    public boolean hasSignal() {
        return user >= 0 || items.length > 0 || currentItem >= 0 || cart.length > 0;
    }
}
