package dev.recsys.api;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * The page a shopper is on when a recommendation is asked for. An open type: the standard scenes
 * are constants, and an application defines its own with {@link #of(String)}.
 *
 * <p>Scene names are lower-case, hyphenated ({@code item-detail}); {@code of} normalises case and
 * underscores, so {@code Scene.of("ITEM_DETAIL") == Scene.ITEM_DETAIL}.
 *
 * <p>Thread safety: immutable; {@link #of(String)} is thread-safe and returns one instance per name.
 */
public final class Scene {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final ConcurrentMap<String, Scene> REGISTRY = new ConcurrentHashMap<>();

    /** Home page or first login: personalised top-k, trending items for new users. */
    public static final Scene HOME = of("home");
    /** Item detail page while browsing: items similar to the current item. */
    public static final Scene ITEM_DETAIL = of("item-detail");
    /** Cart page: items complementary to the cart contents. */
    public static final Scene CART = of("cart");
    /** Checkout / order confirmation: accessories and replenishment. */
    public static final Scene CHECKOUT = of("checkout");
    /** After-sale review: similar items or alternatives depending on the review. */
    public static final Scene AFTER_SALE_REVIEW = of("after-sale-review");
    /** Search results: re-rank a candidate list for the user. */
    public static final Scene SEARCH = of("search");

    private final String name;

    private Scene(String name) {
        this.name = name;
    }

    /**
     * Returns the scene with this name, creating an application-defined scene on first use.
     *
     * @param name scene name; letters, digits, '-' or '_', at most 64 characters. Not modified.
     * @throws IllegalArgumentException if {@code name} is null or not a valid scene name
     */
    public static Scene of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("scene must not be null");
        }
        String norm = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (!NAME.matcher(norm).matches()) {
            throw new IllegalArgumentException("scene name '" + name
                    + "' is invalid: use 1-64 letters, digits, '-' or '_', starting with a letter or digit");
        }
        return REGISTRY.computeIfAbsent(norm, Scene::new);
    }

    /** The standard scenes, in a fixed order. */
    public static Scene[] standard() {
        return new Scene[] {HOME, ITEM_DETAIL, CART, CHECKOUT, AFTER_SALE_REVIEW, SEARCH};
    }

    /** The normalised name, e.g. {@code item-detail}. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scene s && s.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
