package dev.recsys.scene;

import dev.recsys.api.Scene;
import java.util.ArrayList;
import java.util.Arrays;
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
 *         .source(Source.TRENDING, 1.0).source(Source.PERSONAL, 0.5)
 *         .filter(SceneFilter.inStock()).filter(SceneFilter.priceRange(0, 20))
 *         .exclude(Exclusion.HISTORY)
 *         .diversity(Diversity.categoryCap(2))
 *         .build();
 * }</pre>
 *
 * <p>Sources, filters and exclusions are types ({@link Source}, {@link SceneFilter},
 * {@link Exclusion}); the builder also takes their configuration names
 * ({@code source("trending", 1.0)}, {@code filter("price-range", "0", "20")},
 * {@code exclude("history")}), parsed into the types, an unknown name being an
 * {@link IllegalArgumentException} that lists the valid ones.
 *
 * <p><b>Sources</b> ({@link Source}): each proposes candidates and scores every candidate; scores
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
 * <p><b>Filters</b> ({@link SceneFilter}): {@code in-stock} (numeric attribute {@code stock} &gt; 0, or
 * categorical {@code in-stock} not {@code no}; items without stock data pass), {@code category}
 * NAME... (items of one of the categories), {@code price-range} MIN MAX, {@code same-category}
 * (as the anchor), {@code other-brand} (than the anchor), {@code review-aware} (after a negative
 * review of the anchor, below {@value #NEGATIVE_REVIEW_BELOW}: same category, other brand; after a
 * positive one: anything) and {@code repeatable} (repeatable categories only).
 *
 * <p><b>Exclusions</b> ({@link Exclusion}): {@code current} (the current item and the anchor item), {@code cart}
 * (cart items), {@code cart-near-duplicates} (same category and brand as a cart item or a latest
 * purchase), {@code history} (everything the user interacted with), {@code purchased} (purchased
 * items of non-repeatable categories). The request's own {@code exclude} set always applies.
 *
 * <p>Thread safety: immutable.
 */
public final class SceneConfig {
    /** Valid source names ({@link Source#labels()}). */
    public static final List<String> SOURCES = Source.labels();
    /** Valid filter names ({@link SceneFilter.Kind#labels()}). */
    public static final List<String> FILTERS = SceneFilter.Kind.labels();
    /** Valid exclusion names ({@link Exclusion#labels()}). */
    public static final List<String> EXCLUSIONS = Exclusion.labels();
    /** Review values below this are negative (on a 1-5 scale). */
    public static final float NEGATIVE_REVIEW_BELOW = 3f;

    private final Map<Source, Float> sources;
    private final List<SceneFilter> filters;
    private final Set<Exclusion> exclusions;
    private final Diversity diversity;

    private SceneConfig(Builder b) {
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(b.sources));
        this.filters = List.copyOf(b.filters);
        this.exclusions = Collections.unmodifiableSet(new LinkedHashSet<>(b.exclusions));
        this.diversity = b.diversity;
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
            case "item-detail" -> b.source(Source.SIMILAR, 1).source(Source.CO_VIEW, 1).source(Source.PERSONAL, 0.3)
                    .exclude(Exclusion.CURRENT).exclude(Exclusion.CART).exclude(Exclusion.PURCHASED);
            case "cart" -> b.source(Source.COMPLEMENTARY, 1).source(Source.PERSONAL, 0.2).source(Source.TRENDING, 0.05)
                    .exclude(Exclusion.CURRENT).exclude(Exclusion.CART).exclude(Exclusion.CART_NEAR_DUPLICATES)
                    .exclude(Exclusion.PURCHASED);
            case "checkout" -> b.source(Source.COMPLEMENTARY, 1).source(Source.REPLENISH, 0.8).source(Source.PERSONAL, 0.2)
                    .exclude(Exclusion.CURRENT).exclude(Exclusion.CART).exclude(Exclusion.CART_NEAR_DUPLICATES)
                    .exclude(Exclusion.PURCHASED);
            case "after-sale-review" -> b.source(Source.SIMILAR, 1).source(Source.CO_VIEW, 0.5)
                    .source(Source.PERSONAL, 0.3).filter(SceneFilter.reviewAware())
                    .exclude(Exclusion.CURRENT).exclude(Exclusion.PURCHASED);
            case "search" -> b.source(Source.PERSONAL, 1).source(Source.CANDIDATES, 0.5).exclude(Exclusion.PURCHASED);
            default -> b.source(Source.PERSONAL, 1).source(Source.CO_VIEW, 0.3).source(Source.TRENDING, 0.15)
                    .exclude(Exclusion.CURRENT).exclude(Exclusion.CART).exclude(Exclusion.HISTORY)
                    .diversity(Diversity.categoryCap(3));
        }
        return b.build();
    }

    /** The sources with their blend weights, in declaration order (unmodifiable). */
    public Map<Source, Float> sources() {
        return sources;
    }

    /** The filters, all of which must accept an item, in declaration order (unmodifiable). */
    public List<SceneFilter> filters() {
        return filters;
    }

    /** Whether a filter of the given kind is declared. */
    public boolean hasFilter(SceneFilter.Kind kind) {
        for (SceneFilter f : filters) {
            if (f.kind() == kind) {
                return true;
            }
        }
        return false;
    }

    /** The exclusions, in declaration order (unmodifiable). */
    public Set<Exclusion> exclusions() {
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
     * Builder for {@link SceneConfig}; each call validates its argument.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private final Map<Source, Float> sources = new LinkedHashMap<>();
        private final List<SceneFilter> filters = new ArrayList<>();
        private final Set<Exclusion> exclusions = new LinkedHashSet<>();
        private Diversity diversity = Diversity.none();

        private Builder() {
        }

        /**
         * Adds (or re-weights, keeping its place) a candidate source.
         *
         * @param source the source
         * @param weight blend weight, finite and &gt; 0
         * @throws IllegalArgumentException if source is null or the weight is bad
         */
        public Builder source(Source source, double weight) {
            if (source == null) {
                throw new IllegalArgumentException("source must not be null; valid sources: " + SOURCES);
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weight of source " + source + " must be finite and > 0, got " + weight);
            }
            sources.put(source, (float) weight);
            return this;
        }

        /**
         * Adds (or re-weights) a candidate source by name.
         *
         * @param name   one of {@link #SOURCES}
         * @param weight blend weight, finite and &gt; 0
         * @throws IllegalArgumentException for an unknown name (listing the valid ones) or a bad weight
         */
        public Builder source(String name, double weight) {
            return source(Source.of(name), weight);
        }

        /**
         * Adds a filter.
         *
         * @throws IllegalArgumentException if filter is null
         */
        public Builder filter(SceneFilter filter) {
            if (filter == null) {
                throw new IllegalArgumentException("filter must not be null; valid filters: " + FILTERS);
            }
            filters.add(filter);
            return this;
        }

        /**
         * Adds a filter by name ({@link SceneFilter#of}).
         *
         * @param name one of {@link #FILTERS}
         * @param args its arguments
         * @throws IllegalArgumentException for an unknown name (listing the valid ones) or bad arguments
         */
        public Builder filter(String name, String... args) {
            return filter(SceneFilter.of(name, args == null ? List.of() : Arrays.asList(args)));
        }

        /**
         * Adds an exclusion.
         *
         * @throws IllegalArgumentException if exclusion is null
         */
        public Builder exclude(Exclusion exclusion) {
            if (exclusion == null) {
                throw new IllegalArgumentException("exclusion must not be null; valid exclusions: " + EXCLUSIONS);
            }
            exclusions.add(exclusion);
            return this;
        }

        /**
         * Adds an exclusion by name.
         *
         * @param name one of {@link #EXCLUSIONS}
         * @throws IllegalArgumentException for an unknown name (listing the valid ones)
         */
        public Builder exclude(String name) {
            return exclude(Exclusion.of(name));
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
