package dev.recsys.data;

/**
 * An interaction log together with its item catalogue (which may be empty).
 *
 * @param interactions the events
 * @param catalog      item attributes keyed by {@code interactions.items()}
 *
 * <p>Thread safety: as thread-safe as its parts (read-only sharing is safe).
 */
public record Dataset(Interactions interactions, ItemCatalog catalog) {
    /** Validates that the catalogue uses the log's item index. */
    public Dataset {
        if (interactions == null) {
            throw new IllegalArgumentException("interactions must not be null");
        }
        if (catalog == null) {
            catalog = new ItemCatalog(interactions.items());
        } else if (catalog.items() != interactions.items()) {
            throw new IllegalArgumentException("catalog must be keyed by the interactions' item index");
        }
    }

    /** A data set with an empty catalogue. */
    public static Dataset of(Interactions interactions) {
        return new Dataset(interactions, null);
    }
}
