package dev.recsys.spi;

import java.io.IOException;

/**
 * A trained model at the level of dense user and item indices. The serving layer
 * ({@code dev.recsys.serving}) maps external ids, handles cold start, exclusions, filters and
 * top-k selection around it.
 *
 * <p>Thread safety: {@link #score} must be safe for concurrent calls.
 */
public interface TrainedModel {

    /** Name of the algorithm that trained it (as in {@link Algorithm#name()}). */
    String algorithm();

    /** Parameters it was trained with. */
    Params params();

    /** Number of items it scores. */
    int numItems();

    /**
     * Scores every item for the query.
     *
     * @param query the request. Not modified.
     * @param out   receives one finite score per item (length {@link #numItems()}); items the model
     *              cannot score get {@code Float.NEGATIVE_INFINITY}. Modified.
     * @return {@code false} if the model has nothing to say for this query (for example an unknown
     *         user with no history); {@code out} is then unspecified
     */
    boolean score(Query query, float[] out);

    /** Whether {@link #predict} gives rating predictions (explicit-feedback models). */
    default boolean predictsRatings() {
        return false;
    }

    /**
     * Predicted rating of a known user for an item.
     *
     * @throws UnsupportedOperationException if {@link #predictsRatings()} is false
     */
    default float predict(int user, int item) {
        throw new UnsupportedOperationException(algorithm() + " does not predict ratings");
    }

    /** Writes the model's own state (the file format adds header, index data and checksum). */
    void save(ModelOutput out) throws IOException;
}
