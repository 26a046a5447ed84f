package dev.recsys.api;

import dev.recsys.data.Event;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A recommendation request with context: who asks (or nobody, for an anonymous visitor), on which
 * scene, how many items, and what the page knows: the current item, the cart, recent events not
 * yet in the model, items to exclude, a filter, and optionally a candidate list to re-rank (search).
 *
 * <p>Thread safety: immutable; build with {@link #builder(Scene, int)}.
 */
public final class RecommendRequest {
    private final String user;
    private final Scene scene;
    private final int k;
    private final String currentItem;
    private final List<String> cart;
    private final List<Event> recentEvents;
    private final Set<String> exclude;
    private final ItemFilter filter;
    private final List<String> candidates;
    private final Boolean allowRepeats;

    private RecommendRequest(Builder b) {
        this.user = b.user;
        this.scene = b.scene;
        this.k = b.k;
        this.currentItem = b.currentItem;
        this.cart = List.copyOf(b.cart);
        this.recentEvents = List.copyOf(b.recentEvents);
        this.exclude = Set.copyOf(b.exclude);
        this.filter = b.filter;
        this.candidates = b.candidates == null ? null : List.copyOf(b.candidates);
        this.allowRepeats = b.allowRepeats;
    }

    /**
     * Starts a request.
     *
     * @throws IllegalArgumentException if {@code scene} is null or {@code k <= 0}
     */
    public static Builder builder(Scene scene, int k) {
        return new Builder(scene, k);
    }

    /** External user id, or {@code null} for an anonymous visitor. */
    public String user() {
        return user;
    }

    /** The scene. */
    public Scene scene() {
        return scene;
    }

    /** Number of items wanted. */
    public int k() {
        return k;
    }

    /** The item on the page (item detail, review), or {@code null}. */
    public String currentItem() {
        return currentItem;
    }

    /** Items in the cart, possibly empty. */
    public List<String> cart() {
        return cart;
    }

    /** Recent events of this user not yet known to the model, oldest first. */
    public List<Event> recentEvents() {
        return recentEvents;
    }

    /** Items never to return. */
    public Set<String> exclude() {
        return exclude;
    }

    /** Candidate filter (never null). */
    public ItemFilter filter() {
        return filter;
    }

    /** Candidates to re-rank instead of the whole catalogue, or {@code null}. */
    public List<String> candidates() {
        return candidates;
    }

    /**
     * Whether items the user already interacted with may be returned; {@code null} lets the
     * recommender decide by scene (by default only checkout allows repeats).
     */
    public Boolean allowRepeats() {
        return allowRepeats;
    }

    /**
     * Builder for {@link RecommendRequest}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private String user;
        private final Scene scene;
        private final int k;
        private String currentItem;
        private final List<String> cart = new ArrayList<>();
        private final List<Event> recentEvents = new ArrayList<>();
        private final Set<String> exclude = new LinkedHashSet<>();
        private ItemFilter filter = ItemFilter.ALL;
        private List<String> candidates;
        private Boolean allowRepeats;

        private Builder(Scene scene, int k) {
            if (scene == null) {
                throw new IllegalArgumentException("scene must not be null");
            }
            if (k <= 0) {
                throw new IllegalArgumentException("k must be > 0, got " + k);
            }
            this.scene = scene;
            this.k = k;
        }

        /** The user (external id); {@code null} means anonymous. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The user as a numeric id. */
        public Builder user(long user) {
            this.user = Long.toString(user);
            return this;
        }

        /** The item on the page. */
        public Builder currentItem(String item) {
            this.currentItem = item;
            return this;
        }

        /** Items in the cart. */
        public Builder cart(List<String> items) {
            this.cart.addAll(requireNoNulls(items, "cart"));
            return this;
        }

        /** Recent events not yet recorded in the model. */
        public Builder recentEvents(List<Event> events) {
            this.recentEvents.addAll(requireNoNulls(events, "recentEvents"));
            return this;
        }

        /** Items never to return. */
        public Builder exclude(Set<String> items) {
            this.exclude.addAll(requireNoNulls(items, "exclude"));
            return this;
        }

        /** Candidate filter; combined with AND if called twice. */
        public Builder filter(ItemFilter f) {
            if (f == null) {
                throw new IllegalArgumentException("filter must not be null");
            }
            this.filter = this.filter == ItemFilter.ALL ? f : this.filter.and(f);
            return this;
        }

        /** Candidates to re-rank (search results) instead of the whole catalogue. */
        public Builder candidates(List<String> items) {
            this.candidates = new ArrayList<>(requireNoNulls(items, "candidates"));
            return this;
        }

        /** Whether already-seen items may be returned (overrides the scene default). */
        public Builder allowRepeats(boolean allow) {
            this.allowRepeats = allow;
            return this;
        }

        /** Builds the request. */
        public RecommendRequest build() {
            return new RecommendRequest(this);
        }

        private static <T extends java.util.Collection<?>> T requireNoNulls(T c, String name) {
            if (c == null) {
                throw new IllegalArgumentException(name + " must not be null");
            }
            for (Object o : c) {
                if (o == null) {
                    throw new IllegalArgumentException(name + " must not contain null");
                }
            }
            return c;
        }
    }
}
