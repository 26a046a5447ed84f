package dev.recsys.spi;

/**
 * Optional capability of a {@link TrainedModel} that scores with latent factors: a user vector
 * {@code x} (length {@link #factors()}) scores item {@code i} as
 * {@code x . itemFactors[i*k .. i*k+k) + itemBias(i)} (the bias term only when
 * {@link #itemBiases()} is not null). For rating models the score differs from the predicted rating
 * by a per-user constant (global mean and user bias), so rankings are the same.
 *
 * <p>Real-time fold-in: {@link #foldIn} computes a user vector from that user's events without
 * touching the item factors (closed form for least-squares models, a few seeded optimizer steps
 * for others), so a serving layer can personalise for a user the model never saw, or update one it
 * has, on every request. Implementations document the exact rule.
 *
 * <p>Thread safety: implementations must be safe for concurrent calls of every method (the
 * arrays returned by {@link #itemFactors()} and {@link #itemBiases()} are shared read-only).
 */
public interface FactorModel {

    /** Number of latent factors {@code k}: the length of user vectors and item rows. */
    int factors();

    /** Number of users the model was trained on (valid indices of {@link #userVector}). */
    int numUsers();

    /** Number of items (rows of {@link #itemFactors()}). */
    int numItems();

    /**
     * The item factors, row-major {@code numItems() x factors()}. Shared, not copied: must not be
     * modified. A model serving quantised factors (the {@code model()} of
     * {@code RecommenderModel.withServing} with INT8 or BF16 storage) keeps no float copy: it
     * returns a new dequantised array on each call ({@code numItems() x factors()} floats), so
     * call it once, not per request.
     */
    float[] itemFactors();

    /**
     * Additive item biases of the score (length {@link #numItems()}), or {@code null} if the model
     * has none. Shared, not copied: must not be modified.
     */
    default float[] itemBiases() {
        return null;
    }

    /**
     * The trained vector of a known user (a copy, length {@link #factors()}).
     *
     * @param user dense user index in {@code [0, numUsers())}
     * @throws IllegalArgumentException if {@code user} is out of range
     */
    float[] userVector(int user);

    /**
     * Computes a user vector from that user's events, with the item factors fixed.
     *
     * @param items   dense item indices in {@code [0, numItems())} (duplicates allowed: entries add
     *                up as the model's training matrix would). Not modified.
     * @param weights interaction strength (implicit models) or rating (explicit models) of each
     *                entry of {@code items}; finite. Not modified.
     * @return a new vector of length {@link #factors()}; all zeros when {@code items} is empty
     * @throws IllegalArgumentException if the arrays differ in length, an index is out of range or
     *                                  a weight is not finite
     */
    float[] foldIn(int[] items, float[] weights);

    /**
     * The {@code k} items most similar to {@code item} by the cosine of their factor rows (exact
     * scan; biases play no part), best first (ties to the lower index), the item itself and items
     * with all-zero factors left out; a zero item has no similar items.
     *
     * @param item      dense item index in {@code [0, numItems())}
     * @param outItems  receives the items (at least k entries). Modified.
     * @param outScores receives their cosines, in [-1, 1] (at least k entries). Modified.
     * @return how many were written: {@code min(k, items with non-zero factors other than item)}
     * @throws IllegalArgumentException if item is out of range or k is negative
     */
    default int similarItems(int item, int k, int[] outItems, float[] outScores) {
        return dev.recsys.internal.ann.Cosine.similar(itemFactors(), numItems(), factors(), item, k, outItems, outScores);
    }
}
