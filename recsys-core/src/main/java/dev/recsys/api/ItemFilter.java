package dev.recsys.api;

import dev.recsys.data.ItemCatalog;

/**
 * A predicate over candidate items, evaluated on dense item indices (no boxing). Filters see the
 * model's item catalogue so they can test category, brand, price or stock.
 *
 * <p>Thread safety: implementations must be safe to call from several serving threads.
 */
@FunctionalInterface
public interface ItemFilter {
    /** Accepts every item. */
    ItemFilter ALL = (item, catalog) -> true;

    /**
     * Whether {@code item} may be recommended.
     *
     * @param item    dense item index
     * @param catalog the model's catalogue. Not modified.
     */
    boolean accept(int item, ItemCatalog catalog);

    /** Both filters must accept. */
    default ItemFilter and(ItemFilter other) {
        return (item, catalog) -> accept(item, catalog) && other.accept(item, catalog);
    }

    /** Only items in the category with this name. */
    static ItemFilter category(String name) {
        return (item, catalog) -> {
            int c = catalog.category(item);
            return c >= 0 && catalog.dictionary(ItemCatalog.CATEGORY).valueOf(c).equals(name);
        };
    }

    /** Only items with a known price in [min, max]. */
    static ItemFilter priceBetween(float min, float max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("price range [" + min + ", " + max + "] is empty or not a number");
        }
        return (item, catalog) -> catalog.hasPrice(item) && catalog.price(item, 0f) >= min && catalog.price(item, 0f) <= max;
    }
}
