package dev.recsys.scene;

import java.util.Arrays;
import java.util.List;

/**
 * Items a scene never returns (see {@link SceneConfig}); the request's own exclude set always
 * applies besides.
 *
 * <p>Thread safety: immutable.
 */
public enum Exclusion {
    /** The current item and the anchor item. */
    CURRENT("current"),
    /** The cart items. */
    CART("cart"),
    /** Items of the same category and brand as a cart item or a latest purchase. */
    CART_NEAR_DUPLICATES("cart-near-duplicates"),
    /** Everything the user interacted with. */
    HISTORY("history"),
    /** Purchased items of non-repeatable categories. */
    PURCHASED("purchased");

    private static final List<String> LABELS = Arrays.stream(values()).map(Exclusion::label).toList();

    private final String label;

    Exclusion(String label) {
        this.label = label;
    }

    /** The exclusion's configuration name ({@code cart-near-duplicates} for {@link #CART_NEAR_DUPLICATES}). */
    public String label() {
        return label;
    }

    /** The configuration names of all exclusions, in declaration order. */
    public static List<String> labels() {
        return LABELS;
    }

    /**
     * The exclusion of a configuration name.
     *
     * @param label one of {@link #labels()}
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Exclusion of(String label) {
        for (Exclusion e : values()) {
            if (e.label.equals(label)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown exclusion '" + label + "'; valid exclusions: " + LABELS);
    }

    @Override
    public String toString() {
        return label;
    }
}
