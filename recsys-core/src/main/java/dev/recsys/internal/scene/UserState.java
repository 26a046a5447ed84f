package dev.recsys.internal.scene;

import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One user's real-time state as an immutable snapshot: the session context (recent views, cart,
 * latest purchases, latest review), every item purchased since serving began, the strongest
 * behaviour per recorded item (for explanations), the events since the model's training cut-off in
 * the model's item index space (for fold-in), the folded-in user vector, and the number of events
 * applied. Every change returns a new snapshot; the collections are never modified after
 * construction.
 *
 * <p>Thread safety: immutable; safe to share.
 */
public final class UserState {
    /** Number of recent views kept. */
    public static final int MAX_VIEWS = 10;
    /** Number of latest purchases kept. */
    public static final int MAX_RECENT_PURCHASES = 5;
    private static final String[] NONE = new String[0];
    /** The state of a user with no events. */
    public static final UserState EMPTY = new UserState(0, NONE, NONE, NONE, Set.of(), Map.of(), null, 0f,
            new int[0], new float[0], null, false);

    private final long events;
    private final String[] recentViews;
    private final String[] cart;
    private final String[] recentPurchases;
    private final Set<String> purchased;
    private final Map<String, Behavior> strongest;
    private final String lastReviewed;
    private final float lastReviewValue;
    private final int[] extraItems;
    private final float[] extraWeights;
    private final float[] vector;
    private final boolean vectorValid;

    private UserState(long events, String[] recentViews, String[] cart, String[] recentPurchases, Set<String> purchased,
                      Map<String, Behavior> strongest, String lastReviewed, float lastReviewValue, int[] extraItems,
                      float[] extraWeights, float[] vector, boolean vectorValid) {
        this.events = events;
        this.recentViews = recentViews;
        this.cart = cart;
        this.recentPurchases = recentPurchases;
        this.purchased = purchased;
        this.strongest = strongest;
        this.lastReviewed = lastReviewed;
        this.lastReviewValue = lastReviewValue;
        this.extraItems = extraItems;
        this.extraWeights = extraWeights;
        this.vector = vector;
        this.vectorValid = vectorValid;
    }

    /**
     * This state plus one event.
     *
     * @param e         the event
     * @param modelItem the event's item in the model's index, or -1 if the model does not know it
     * @param weight    the event's matrix weight (0 = not a model signal)
     * @param agg       how a repeated item's weights combine (0 sum, 1 max, 2 last)
     */
    public UserState apply(Event e, int modelItem, float weight, int agg) {
        String item = e.item();
        String[] views = recentViews;
        String[] c = cart;
        String[] rp = recentPurchases;
        Set<String> bought = purchased;
        String reviewed = lastReviewed;
        float reviewValue = lastReviewValue;
        switch (e.behavior()) {
            case VIEW, CLICK -> views = pushDistinct(recentViews, item, MAX_VIEWS);
            case ADD_TO_CART -> {
                if (!contains(cart, item)) {
                    c = Arrays.copyOf(cart, cart.length + 1);
                    c[cart.length] = item;
                }
            }
            case PURCHASE -> {
                c = remove(cart, item);
                rp = pushDistinct(recentPurchases, item, MAX_RECENT_PURCHASES);
                if (!purchased.contains(item)) {
                    Set<String> s = new HashSet<>(purchased);
                    s.add(item);
                    bought = s;
                }
            }
            case REVIEW -> {
                reviewed = item;
                reviewValue = e.value();
            }
            default -> {
            }
        }
        Map<String, Behavior> str = strongest;
        Behavior old = strongest.get(item);
        if (old == null || rank(e.behavior()) > rank(old)) {
            Map<String, Behavior> m = new HashMap<>(strongest);
            m.put(item, e.behavior());
            str = m;
        }
        int[] xi = extraItems;
        float[] xw = extraWeights;
        boolean valid = vectorValid;
        if (modelItem >= 0 && weight != 0f && Float.isFinite(weight)) {
            int at = -1;
            for (int j = 0; j < extraItems.length; j++) {
                if (extraItems[j] == modelItem) {
                    at = j;
                    break;
                }
            }
            if (at < 0) {
                xi = Arrays.copyOf(extraItems, extraItems.length + 1);
                xw = Arrays.copyOf(extraWeights, extraWeights.length + 1);
                xi[extraItems.length] = modelItem;
                xw[extraWeights.length] = weight;
            } else {
                xw = extraWeights.clone();
                xw[at] = agg == 0 ? xw[at] + weight : agg == 1 ? Math.max(xw[at], weight) : weight;
            }
            valid = false;
        }
        return new UserState(events + 1, views, c, rp, bought, str, reviewed, reviewValue, xi, xw, vector, valid);
    }

    /** This state with a freshly folded-in vector. */
    public UserState withVector(float[] v) {
        return new UserState(events, recentViews, cart, recentPurchases, purchased, strongest, lastReviewed,
                lastReviewValue, extraItems, extraWeights, v, true);
    }

    /**
     * The session part of this state (everything but the model-specific events and vector), with
     * the event count, for a new model: model events are re-applied by the caller.
     */
    public UserState sessionOnly() {
        return new UserState(events, recentViews, cart, recentPurchases, purchased, strongest, lastReviewed,
                lastReviewValue, new int[0], new float[0], null, false);
    }

    /** This state with one more event recorded for the model only (used when re-applying after a swap). */
    public UserState reapply(int modelItem, float weight, int agg) {
        UserState s = apply(new Event("_", "_", Behavior.SEARCH, 1f, 0L, null), modelItem, weight, agg);
        return new UserState(events, recentViews, cart, recentPurchases, purchased, strongest, lastReviewed,
                lastReviewValue, s.extraItems, s.extraWeights, null, false);
    }

    /** Strength order of behaviours for explanations: purchase &gt; cart &gt; favourite &gt; review &gt; ... */
    public static int rank(Behavior b) {
        return switch (b) {
            case PURCHASE -> 7;
            case ADD_TO_CART -> 6;
            case FAVORITE -> 5;
            case REVIEW -> 4;
            case RATING -> 3;
            case VIEW -> 2;
            case CLICK -> 1;
            case SEARCH -> 0;
        };
    }

    private static boolean contains(String[] a, String s) {
        for (String x : a) {
            if (x.equals(s)) {
                return true;
            }
        }
        return false;
    }

    private static String[] remove(String[] a, String s) {
        if (!contains(a, s)) {
            return a;
        }
        return Arrays.stream(a).filter(x -> !x.equals(s)).toArray(String[]::new);
    }

    private static String[] pushDistinct(String[] a, String s, int max) {
        String[] without = remove(a, s);
        int keep = Math.min(without.length, max - 1);
        String[] out = new String[keep + 1];
        System.arraycopy(without, without.length - keep, out, 0, keep);
        out[keep] = s;
        return out;
    }

    /** Events applied to this user. */
    public long events() {
        return events;
    }

    /** Recently viewed items, oldest first (shared; do not modify). */
    public String[] recentViews() {
        return recentViews;
    }

    /** Cart items in the order added (shared; do not modify). */
    public String[] cart() {
        return cart;
    }

    /** Latest purchases, oldest first (shared; do not modify). */
    public String[] recentPurchases() {
        return recentPurchases;
    }

    /** Every item purchased since serving began (unmodifiable). */
    public Set<String> purchased() {
        return purchased;
    }

    /** Strongest behaviour per recorded item. */
    public Behavior strongest(String item) {
        return strongest.get(item);
    }

    /** The item of the latest review, or null. */
    public String lastReviewed() {
        return lastReviewed;
    }

    /** The value of the latest review. */
    public float lastReviewValue() {
        return lastReviewValue;
    }

    /** Model item indices of the events since the model's cut-off (shared; do not modify). */
    public int[] extraItems() {
        return extraItems;
    }

    /** Weights of {@link #extraItems()} (shared; do not modify). */
    public float[] extraWeights() {
        return extraWeights;
    }

    /** The folded-in vector (shared; do not modify), or null. */
    public float[] vector() {
        return vector;
    }

    /** Whether {@link #vector()} reflects every model event. */
    public boolean vectorValid() {
        return vectorValid;
    }
}
