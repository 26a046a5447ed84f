package dev.recsys.scene;

import dev.recsys.api.Scene;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one scene ranks: candidate sources with blend weights, item filters, exclusions and a
 * diversity rule. {@link #defaults(Scene)} gives the configuration of each standard scene; an
 * application declares its own scenes with {@link #builder()}:
 *
 * <pre>{@code
 * SceneConfig deals = SceneConfig.builder()
 *         .source("trending", 1.0).source("personal", 0.5)
 *         .filter("in-stock").filter("price-range", "0", "20")
 *         .exclude("history")
 *         .diversity(Diversity.categoryCap(2))
 *         .build();
 * }</pre>
 *
 * <p><b>Sources</b> ({@link #SOURCES}): each proposes candidates and scores every candidate; scores
 * are min-max normalised per source over the candidate pool and blended with the weights.
 * <ul>
 *   <li>{@code personal} — the user's taste: the (folded-in) user vector of a factor model, or the
 *       model's own scores; "because you viewed X".</li>
 *   <li>{@code trending} — time-decayed popularity; "trending in CATEGORY".</li>
 *   <li>{@code similar} — items similar to the anchor item (the current item; else, on a scene with
 *       the {@code review-aware} filter, the last reviewed item or the latest purchase; else the last
 *       viewed one): its neighbours by the model (cosine of trained item factors, or the model's
 *       scores for the anchor alone) blended half and half with sharing its category, or by
 *       category and brand for a model with neither; "similar to X".</li>
 *   <li>{@code co-view} — items viewed in the same sessions as the anchor (shrunk lift); "often
 *       viewed with X".</li>
 *   <li>{@code complementary} — items bought in the same sessions as the cart items and the latest
 *       purchases (shrunk lift of co-purchase); "often bought with X".</li>
 *   <li>{@code replenish} — items the user bought before whose category is repeatable; "buy
 *       again".</li>
 *   <li>{@code candidates} — the request's candidate list in its given order; "matches your
 *       search". When a request carries candidates, only they are ranked, whatever the sources.</li>
 * </ul>
 *
 * <p><b>Filters</b> ({@link #FILTERS}): {@code in-stock} (numeric attribute {@code stock} &gt; 0, or
 * categorical {@code in-stock} not {@code no}; items without stock data pass), {@code category}
 * NAME... (items of one of the categories), {@code price-range} MIN MAX, {@code same-category}
 * (as the anchor), {@code other-brand} (than the anchor), {@code review-aware} (after a negative
 * review of the anchor, below {@value #NEGATIVE_REVIEW_BELOW}: same category, other brand; after a
 * positive one: anything) and {@code repeatable} (repeatable categories only).
 *
 * <p><b>Exclusions</b> ({@link #EXCLUSIONS}): {@code current} (the current item and the anchor item), {@code cart}
 * (cart items), {@code cart-near-duplicates} (same category and brand as a cart item or a latest
 * purchase), {@code history} (everything the user interacted with), {@code purchased} (purchased
 * items of non-repeatable categories). The request's own {@code exclude} set always applies.
 *
 * <p>Thread safety: immutable.
 */
public final class SceneConfig {
    /** Valid source names. */
    public static final List<String> SOURCES = List.of("personal", "trending", "similar", "co-view", "complementary",
            "replenish", "candidates");
    /** Valid filter names. */
    public static final List<String> FILTERS = List.of("in-stock", "category", "price-range", "same-category",
            "other-brand", "review-aware", "repeatable");
    /** Valid exclusion names. */
    public static final List<String> EXCLUSIONS = List.of("current", "cart", "cart-near-duplicates", "history",
            "purchased");
    /** Review values below this are negative (on a 1-5 scale). */
    public static final float NEGATIVE_REVIEW_BELOW = 3f;

    private final Map<String, Float> sources;
    private final List<FilterSpec> filters;
    private final Set<String> exclusions;
    private final Diversity diversity;

    private SceneConfig(Builder b) {
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(b.sources));
        this.filters = List.copyOf(b.filters);
        this.exclusions = Collections.unmodifiableSet(new LinkedHashSet<>(b.exclusions));
        this.diversity = b.diversity;
    }

    /**
     * A filter by name with its arguments.
     *
     * @param name one of {@link #FILTERS}
     * @param args the filter's arguments (category names; min and max price)
     *
     * <p>Thread safety: immutable.
     */
    public record FilterSpec(String name, List<String> args) {
        /** Validates the name and arguments. */
        public FilterSpec {
            if (name == null || !FILTERS.contains(name)) {
                throw new IllegalArgumentException("unknown filter '" + name + "'; valid filters: " + FILTERS);
            }
            args = List.copyOf(args);
            switch (name) {
                case "category" -> {
                    if (args.isEmpty()) {
                        throw new IllegalArgumentException("filter category needs at least one category name");
                    }
                }
                case "price-range" -> {
                    if (args.size() != 2) {
                        throw new IllegalArgumentException("filter price-range needs MIN and MAX, got " + args);
                    }
                    float min = parse(args.get(0), "min");
                    float max = parse(args.get(1), "max");
                    if (!(min <= max)) {
                        throw new IllegalArgumentException("filter price-range: min " + min + " > max " + max);
                    }
                }
                default -> {
                    if (!args.isEmpty()) {
                        throw new IllegalArgumentException("filter " + name + " takes no arguments, got " + args);
                    }
                }
            }
        }

        private static float parse(String s, String what) {
            try {
                float f = Float.parseFloat(s);
                if (!Float.isFinite(f)) {
                    throw new NumberFormatException();
                }
                return f;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("filter price-range: " + what + " '" + s + "' is not a finite number");
            }
        }
    }

    /** Starts an empty configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default configuration of a scene. Standard scenes:
     * <ul>
     *   <li>{@code home}: personal 1, co-view 0.3 (of the last viewed item), trending 0.15; excludes
     *       current, cart and history; at most 3 items per category. A new or anonymous user gets
     *       trending items until the first events fold them in.</li>
     *   <li>{@code item-detail}: similar 1, co-view 1, personal 0.3; excludes current, cart,
     *       purchased.</li>
     *   <li>{@code cart}: complementary 1, personal 0.2, trending 0.05; excludes current, cart, cart
     *       near-duplicates, purchased.</li>
     *   <li>{@code checkout}: complementary 1, replenish 0.8, personal 0.2; excludes current, cart,
     *       cart near-duplicates, purchased (so only repeatable categories repeat).</li>
     *   <li>{@code after-sale-review}: similar 1, co-view 0.5, personal 0.3; filter review-aware;
     *       excludes current, purchased.</li>
     *   <li>{@code search}: personal 1, candidates 0.5; excludes purchased.</li>
     * </ul>
     * Any other scene gets the {@code home} configuration.
     *
     * @throws IllegalArgumentException if scene is null
     */
    public static SceneConfig defaults(Scene scene) {
        if (scene == null) {
            throw new IllegalArgumentException("scene must not be null");
        }
        Builder b = builder();
        switch (scene.name()) {
            case "item-detail" -> b.source("similar", 1).source("co-view", 1).source("personal", 0.3)
                    .exclude("current").exclude("cart").exclude("purchased");
            case "cart" -> b.source("complementary", 1).source("personal", 0.2).source("trending", 0.05)
                    .exclude("current").exclude("cart").exclude("cart-near-duplicates").exclude("purchased");
            case "checkout" -> b.source("complementary", 1).source("replenish", 0.8).source("personal", 0.2)
                    .exclude("current").exclude("cart").exclude("cart-near-duplicates").exclude("purchased");
            case "after-sale-review" -> b.source("similar", 1).source("co-view", 0.5).source("personal", 0.3)
                    .filter("review-aware").exclude("current").exclude("purchased");
            case "search" -> b.source("personal", 1).source("candidates", 0.5).exclude("purchased");
            default -> b.source("personal", 1).source("co-view", 0.3).source("trending", 0.15)
                    .exclude("current").exclude("cart").exclude("history").diversity(Diversity.categoryCap(3));
        }
        return b.build();
    }

    /** Source names with their blend weights, in declaration order. */
    public Map<String, Float> sources() {
        return sources;
    }

    /** The filters, all of which must accept an item. */
    public List<FilterSpec> filters() {
        return filters;
    }

    /** Exclusion names. */
    public Set<String> exclusions() {
        return exclusions;
    }

    /** The diversity rule. */
    public Diversity diversity() {
        return diversity;
    }

    @Override
    public String toString() {
        return "SceneConfig[sources=" + sources + ", filters=" + filters + ", exclusions=" + exclusions
                + ", diversity=" + diversity + "]";
    }

    /**
     * Builder for {@link SceneConfig}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Float> sources = new LinkedHashMap<>();
        private final List<FilterSpec> filters = new ArrayList<>();
        private final Set<String> exclusions = new LinkedHashSet<>();
        private Diversity diversity = Diversity.none();

        private Builder() {
        }

        /**
         * Adds (or re-weights) a candidate source.
         *
         * @param name   one of {@link #SOURCES}
         * @param weight blend weight, finite and &gt; 0
         * @throws IllegalArgumentException for an unknown name (listing the valid ones) or a bad weight
         */
        public Builder source(String name, double weight) {
            if (name == null || !SOURCES.contains(name)) {
                throw new IllegalArgumentException("unknown source '" + name + "'; valid sources: " + SOURCES);
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weight of source " + name + " must be finite and > 0, got " + weight);
            }
            sources.put(name, (float) weight);
            return this;
        }

        /**
         * Adds a filter.
         *
         * @param name one of {@link #FILTERS}
         * @param args its arguments
         * @throws IllegalArgumentException for an unknown name (listing the valid ones) or bad arguments
         */
        public Builder filter(String name, String... args) {
            filters.add(new FilterSpec(name, args == null ? List.of() : List.of(args)));
            return this;
        }

        /**
         * Adds an exclusion.
         *
         * @param name one of {@link #EXCLUSIONS}
         * @throws IllegalArgumentException for an unknown name (listing the valid ones)
         */
        public Builder exclude(String name) {
            if (name == null || !EXCLUSIONS.contains(name)) {
                throw new IllegalArgumentException("unknown exclusion '" + name + "'; valid exclusions: " + EXCLUSIONS);
            }
            exclusions.add(name);
            return this;
        }

        /**
         * Sets the diversity rule.
         *
         * @throws IllegalArgumentException if d is null
         */
        public Builder diversity(Diversity d) {
            if (d == null) {
                throw new IllegalArgumentException("diversity must not be null");
            }
            this.diversity = d;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException if no source was declared
         */
        public SceneConfig build() {
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("a scene needs at least one source; valid sources: " + SOURCES);
            }
            return new SceneConfig(this);
        }
    }
}
