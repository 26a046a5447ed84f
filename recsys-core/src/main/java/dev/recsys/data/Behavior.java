package dev.recsys.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user did with an item. {@link #RATING} and {@link #REVIEW} carry a value (the rating or
 * review score); the others are implicit feedback.
 *
 * <p>Thread safety: immutable.
 */
public enum Behavior {
    /** Item detail page view (Taobao {@code pv}, RetailRocket {@code view}). */
    VIEW("pv", "view"),
    /** Click on an item in a list. */
    CLICK("click"),
    /** Item found through search. */
    SEARCH("search"),
    /** Added to the cart (Taobao {@code cart}, RetailRocket {@code addtocart}). */
    ADD_TO_CART("cart", "addtocart", "add-to-cart", "add_to_cart"),
    /** Added to favourites (Taobao {@code fav}). */
    FAVORITE("fav", "favorite", "favourite"),
    /** Purchased (Taobao {@code buy}, RetailRocket {@code transaction}). */
    PURCHASE("buy", "purchase", "transaction", "order"),
    /** Explicit rating with a value (MovieLens). */
    RATING("rating", "rate"),
    /** After-sale review with a value (for example 1-5 stars). */
    REVIEW("review");

    private static final Behavior[] VALUES = values();
    private final String[] aliases;

    Behavior(String... aliases) {
        this.aliases = aliases;
    }

    /** The byte code stored in columnar event storage (the ordinal). */
    public byte code() {
        return (byte) ordinal();
    }

    /** The behaviour for a stored byte code. */
    public static Behavior ofCode(int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException("behaviour code " + code + " is out of range 0.." + (VALUES.length - 1));
        }
        return VALUES[code];
    }

    /** Whether this behaviour carries an explicit value (rating, review score). */
    public boolean hasValue() {
        return this == RATING || this == REVIEW;
    }

    /**
     * Parses a behaviour name: the enum name in any case, or one of the aliases used by the common
     * data sets ({@code pv, cart, fav, buy, view, addtocart, transaction, ...}).
     *
     * @throws IllegalArgumentException naming the accepted names if {@code name} is unknown
     */
    public static Behavior parse(String name) {
        Behavior b = parseOrNull(name);
        if (b == null) {
            throw new IllegalArgumentException("unknown behaviour '" + name + "'; accepted: " + acceptedNames());
        }
        return b;
    }

    /** Like {@link #parse(String)} but returns {@code null} for an unknown name. */
    public static Behavior parseOrNull(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim();
        for (Behavior b : VALUES) {
            if (b.name().equalsIgnoreCase(n)) {
                return b;
            }
            for (String a : b.aliases) {
                if (a.equalsIgnoreCase(n)) {
                    return b;
                }
            }
        }
        return null;
    }

    /** All accepted names and aliases, comma separated, for error messages. */
    public static String acceptedNames() {
        return Arrays.stream(VALUES)
                .map(b -> b.name().toLowerCase(Locale.ROOT) + " (" + String.join("/", b.aliases) + ")")
                .collect(Collectors.joining(", "));
    }
}
