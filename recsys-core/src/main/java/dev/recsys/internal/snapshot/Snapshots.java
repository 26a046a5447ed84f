package dev.recsys.internal.snapshot;

import dev.recsys.data.IdIndex;
import dev.recsys.data.ItemCatalog;

/**
 * Independent copies of the mutable data types a trained model keeps, so that a model is not
 * affected when the application keeps adding ids or attributes to its data set.
 *
 * <p>Thread safety: stateless; the sources must not be modified while they are copied.
 */
public final class Snapshots {
    private Snapshots() {
    }

    /** A copy of {@code index} with the same ids at the same indices. */
    public static IdIndex copy(IdIndex index) {
        return index.isNumeric() ? IdIndex.ofLongs(index.toLongArray()) : IdIndex.ofStrings(index.toStringArray());
    }

    /**
     * A copy of {@code catalog} keyed by {@code items} (a copy of the catalogue's index), with the
     * same attribute names, dictionary codes and values for items {@code 0..items.size()-1}.
     */
    public static ItemCatalog copy(ItemCatalog catalog, IdIndex items) {
        return CatalogColumns.of(catalog, items.size()).toCatalog(items);
    }
}
