package dev.recsys.spi;

/**
 * Optional capability of a {@link TrainedModel}: saying why it scored an item, so the serving
 * layer can attach a short explanation ("because you viewed X", "often bought with Y",
 * "trending in C"). Models that do not implement it get a generic explanation by scene.
 *
 * <p>Thread safety: implementations must be safe for concurrent calls (like {@link TrainedModel#score}).
 */
public interface Explainable {

    /**
     * The item of the query (its current item, a cart item or a history item) that contributed most
     * to {@code item}'s score for {@code query}.
     *
     * @param query the query that was scored. Not modified.
     * @param item  a dense item index the model scored
     * @return a dense item index taken from the query, or -1 if no single query item explains it
     */
    int influentialItem(Query query, int item);

    /** Whether the scores are plain popularity, the same for everyone (explained as trending). */
    default boolean popularityBased() {
        return false;
    }
}
