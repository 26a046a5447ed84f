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
 * <p>Scenes are equal when their names are: compare them with {@code equals}. {@code of} returns the
 * same instance for a name while the registry of names has room: it holds the standard scenes and
 * at most {@value #MAX_INTERNED} other names, the first ones asked for; past that {@code of} returns a
 * new, equal instance each time, so names taken from requests cannot grow it without bound.
 *
 * <p>Thread safety: immutable; {@link #of(String)} is thread-safe.
 */
public final class Scene {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Number of application-defined names the registry holds at most (besides the standard scenes). */
    public static final int MAX_INTERNED = 256;
    private static final ConcurrentMap<String, Scene> REGISTRY = new ConcurrentHashMap<>();

    /** Home page or first login: personalised top-k, trending items for new users. */
    public static final Scene HOME = standard("home");
    /** Item detail page while browsing: items similar to the current item. */
    public static final Scene ITEM_DETAIL = standard("item-detail");
    /** Cart page: items complementary to the cart contents. */
    public static final Scene CART = standard("cart");
    /** Checkout / order confirmation: accessories and replenishment. */
    public static final Scene CHECKOUT = standard("checkout");
    /** After-sale review: similar items or alternatives depending on the review. */
    public static final Scene AFTER_SALE_REVIEW = standard("after-sale-review");
    /** Search results: re-rank a candidate list for the user. */
    public static final Scene SEARCH = standard("search");
    private static final int STANDARD = REGISTRY.size();

    private final String name;

    private Scene(String name) {
        this.name = name;
    }

    private static Scene standard(String name) {
        Scene s = new Scene(name);
        REGISTRY.put(name, s);
        return s;
    }

    /**
     * Returns the scene with this name: the registered instance if there is one, else an
     * application-defined scene, registered while the registry has room (see the class comment).
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
        Scene known = REGISTRY.get(norm);
        if (known != null) {
            return known;
        }
        if (REGISTRY.size() - STANDARD >= MAX_INTERNED) {
            return new Scene(norm);
        }
        // a race may register a few names past the limit: bounded by the number of threads
        return REGISTRY.computeIfAbsent(norm, Scene::new);
    }

    /** Number of names registered (standard scenes included); for tests. */
    static int registered() {
        return REGISTRY.size();
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
