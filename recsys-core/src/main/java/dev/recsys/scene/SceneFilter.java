package dev.recsys.scene;

import java.util.Arrays;
import java.util.List;

/**
 * An item filter of a scene: every filter of a scene must accept an item for it to be ranked (see
 * {@link SceneConfig}). Build one with the factories ({@link #inStock()}, {@link #category},
 * {@link #priceRange}, ...) or parse a configuration name with its arguments ({@link #of}); each is
 * validated when built.
 *
 * <p>Thread safety: every implementation is an immutable record (each record below is immutable and
 * safe to share between threads).
 */
public sealed interface SceneFilter {
    /**
     * The kinds of filter, with their configuration names.
     *
     * <p>Thread safety: immutable.
     */
    enum Kind {
        /** {@link InStock}. */
        IN_STOCK("in-stock"),
        /** {@link Category}. */
        CATEGORY("category"),
        /** {@link PriceRange}. */
        PRICE_RANGE("price-range"),
        /** {@link SameCategory}. */
        SAME_CATEGORY("same-category"),
        /** {@link OtherBrand}. */
        OTHER_BRAND("other-brand"),
        /** {@link ReviewAware}. */
        REVIEW_AWARE("review-aware"),
        /** {@link Repeatable}. */
        REPEATABLE("repeatable");

        private static final List<String> LABELS = Arrays.stream(values()).map(Kind::label).toList();

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The filter's configuration name. */
        public String label() {
            return label;
        }

        /** The configuration names of all filters, in declaration order. */
        public static List<String> labels() {
            return LABELS;
        }
    }

    /** The kind of this filter. */
    Kind kind();

    /**
     * Parses a filter from its configuration name and arguments.
     *
     * @param label one of {@link Kind#labels()}
     * @param args  the arguments: category names for {@code category}, MIN and MAX for
     *              {@code price-range}, none for the others
     * @throws IllegalArgumentException for an unknown name (listing the valid ones) or bad arguments
     */
    static SceneFilter of(String label, List<String> args) {
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.label.equals(label)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("unknown filter '" + label + "'; valid filters: " + Kind.LABELS);
        }
        if (args == null) {
            args = List.of();
        }
        if (kind != Kind.CATEGORY && kind != Kind.PRICE_RANGE && !args.isEmpty()) {
            throw new IllegalArgumentException("filter " + label + " takes no arguments, got " + args);
        }
        return switch (kind) {
            case IN_STOCK -> inStock();
            case CATEGORY -> new Category(args);
            case PRICE_RANGE -> {
                if (args.size() != 2) {
                    throw new IllegalArgumentException("filter price-range needs MIN and MAX, got " + args);
                }
                yield new PriceRange(PriceRange.parse(args.get(0), "min"), PriceRange.parse(args.get(1), "max"));
            }
            case SAME_CATEGORY -> sameCategory();
            case OTHER_BRAND -> otherBrand();
            case REVIEW_AWARE -> reviewAware();
            case REPEATABLE -> repeatable();
        };
    }

    /** Items in stock (see {@link InStock}). */
    static SceneFilter inStock() {
        return new InStock();
    }

    /**
     * Items of one of the categories.
     *
     * @throws IllegalArgumentException if no name is given or a name is null or blank
     */
    static SceneFilter category(String... names) {
        return new Category(names == null ? null : Arrays.asList(names));
    }

    /**
     * Items priced in [min, max].
     *
     * @throws IllegalArgumentException if a bound is not finite or min &gt; max
     */
    static SceneFilter priceRange(float min, float max) {
        return new PriceRange(min, max);
    }

    /** Items of the anchor item's category. */
    static SceneFilter sameCategory() {
        return new SameCategory();
    }

    /** Items of another brand than the anchor item's. */
    static SceneFilter otherBrand() {
        return new OtherBrand();
    }

    /** After a negative review of the anchor: its category, other brands (see {@link ReviewAware}). */
    static SceneFilter reviewAware() {
        return new ReviewAware();
    }

    /** Items of repeatable categories. */
    static SceneFilter repeatable() {
        return new Repeatable();
    }

    /**
     * In stock: numeric attribute {@code stock} &gt; 0, or categorical {@code in-stock} not
     * {@code no}; items without stock data pass.
     *
     * <p>Thread safety: immutable.
     */
    record InStock() implements SceneFilter {
        @Override
        public Kind kind() {
            return Kind.IN_STOCK;
        }
    }

    /**
     * Items of one of the named categories (unknown names match nothing).
     *
     * @param names the category names, at least one
     *
     * <p>Thread safety: immutable.
     */
    record Category(List<String> names) implements SceneFilter {
        /** Validates and copies the names. */
        public Category {
            if (names == null || names.isEmpty()) {
                throw new IllegalArgumentException("filter category needs at least one category name");
            }
            for (String n : names) {
                if (n == null || n.isBlank()) {
                    throw new IllegalArgumentException("filter category: a category name is null or blank in " + names);
                }
            }
            names = List.copyOf(names);
        }

        @Override
        public Kind kind() {
            return Kind.CATEGORY;
        }
    }

    /**
     * Items whose price is in [min, max].
     *
     * @param min lowest price, finite
     * @param max highest price, finite and &gt;= min
     *
     * <p>Thread safety: immutable.
     */
    record PriceRange(float min, float max) implements SceneFilter {
        /** Validates the bounds. */
        public PriceRange {
            if (!Float.isFinite(min) || !Float.isFinite(max)) {
                throw new IllegalArgumentException("filter price-range: bounds must be finite, got " + min + " and " + max);
            }
            if (!(min <= max)) {
                throw new IllegalArgumentException("filter price-range: min " + min + " > max " + max);
            }
        }

        private static float parse(String s, String what) {
            if (s != null) {
                try {
                    float f = Float.parseFloat(s);
                    if (Float.isFinite(f)) {
                        return f;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new IllegalArgumentException("filter price-range: " + what + " '" + s + "' is not a finite number");
        }

        @Override
        public Kind kind() {
            return Kind.PRICE_RANGE;
        }
    }

    /**
     * Items of the anchor item's category (no effect without an anchor category).
     *
     * <p>Thread safety: immutable.
     */
    record SameCategory() implements SceneFilter {
        @Override
        public Kind kind() {
            return Kind.SAME_CATEGORY;
        }
    }

    /**
     * Items of another brand than the anchor item's (no effect without an anchor brand).
     *
     * <p>Thread safety: immutable.
     */
    record OtherBrand() implements SceneFilter {
        @Override
        public Kind kind() {
            return Kind.OTHER_BRAND;
        }
    }

    /**
     * After a negative review of the anchor item (below {@link SceneConfig#NEGATIVE_REVIEW_BELOW}):
     * its category, other brands; after a positive one, anything. Also makes the last reviewed item
     * (else the latest purchase) the anchor of a request without a current item.
     *
     * <p>Thread safety: immutable.
     */
    record ReviewAware() implements SceneFilter {
        @Override
        public Kind kind() {
            return Kind.REVIEW_AWARE;
        }
    }

    /**
     * Items of repeatable categories (catalogue attribute {@code repeatable=yes}).
     *
     * <p>Thread safety: immutable.
     */
    record Repeatable() implements SceneFilter {
        @Override
        public Kind kind() {
            return Kind.REPEATABLE;
        }
    }
}
