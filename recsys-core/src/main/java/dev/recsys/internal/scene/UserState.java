package dev.recsys.internal.scene;

import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.data.MatrixOptions;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * One user's real-time state as an immutable snapshot: the session context (recent views, cart,
 * latest purchases, latest review), the number of events applied, and a window of the user's latest
 * events with their sequence numbers. Everything else is derived from the window, lazily and at
 * most once per snapshot: the items purchased, the strongest behaviour per item (for explanations)
 * and, per model generation, the model events since that model's cut-off (for fold-in) with the
 * folded-in vector.
 *
 * <p>Bounds: at most {@link #MAX_VIEWS} recent views, {@link #MAX_CART} cart items (the oldest drops
 * out), {@link #MAX_RECENT_PURCHASES} latest purchases and the latest {@code maxEvents} events (the
 * cap given to {@link #record}); older events are forgotten, with what is derived from them.
 *
 * <p>Cost: {@link #record} copies only the small session arrays and appends to the window in place;
 * the window lives in an array shared by successive snapshots of one user, written only past the
 * end any snapshot can see, and compacted (the live events copied once) when full, so an event
 * costs amortised O(1) whatever the user's history. Only the engine's single writer per user (which
 * holds the user's lock and the latest snapshot) may call {@code record}; every other change
 * ({@link #withRequestEvent}) copies the window.
 *
 * <p>Thread safety: immutable (the lazily derived parts are computed idempotently and published
 * through volatile fields); safe to share.
 */
public final class UserState {
    /** Number of recent views kept. */
    public static final int MAX_VIEWS = 10;
    /** Number of latest purchases kept. */
    public static final int MAX_RECENT_PURCHASES = 5;
    /** Number of cart items kept: adding one more drops the oldest. */
    public static final int MAX_CART = 100;
    private static final String[] NONE = new String[0];
    private static final int[] NO_ITEMS = new int[0];
    private static final float[] NO_WEIGHTS = new float[0];
    /** Elements copied by state updates, for the tests that bound the work per event. */
    private static final LongAdder COPIED = new LongAdder();
    /** The state of a user with no events. */
    public static final UserState EMPTY = new UserState(0, NONE, NONE, NONE, null, 0f, new Event[0], new long[0], 0, 0,
            null, NO_ITEMS, NO_WEIGHTS, null, false);

    private final long events;
    private final String[] recentViews;
    private final String[] cart;
    private final String[] recentPurchases;
    private final String lastReviewed;
    private final float lastReviewValue;
    private final Event[] window;
    private final long[] seqs;
    private final int from;
    private final int to;
    private final Generation viewOf;
    private final int[] extraItems;
    private final float[] extraWeights;
    private final float[] vector;
    private final boolean vectorValid;
    private volatile Derived derived;

    private record Derived(Set<String> purchased, Map<String, Behavior> strongest) {
    }

    private UserState(long events, String[] recentViews, String[] cart, String[] recentPurchases, String lastReviewed,
                      float lastReviewValue, Event[] window, long[] seqs, int from, int to, Generation viewOf,
                      int[] extraItems, float[] extraWeights, float[] vector, boolean vectorValid) {
        this.events = events;
        this.recentViews = recentViews;
        this.cart = cart;
        this.recentPurchases = recentPurchases;
        this.lastReviewed = lastReviewed;
        this.lastReviewValue = lastReviewValue;
        this.window = window;
        this.seqs = seqs;
        this.from = from;
        this.to = to;
        this.viewOf = viewOf;
        this.extraItems = extraItems;
        this.extraWeights = extraWeights;
        this.vector = vector;
        this.vectorValid = vectorValid;
    }

    /**
     * This state plus one recorded event, appended to the window in place (see the class comment:
     * only the user's single writer, holding its latest snapshot, may call this).
     *
     * @param e         the event
     * @param seq       its sequence number (greater than every one in this state)
     * @param maxEvents number of latest events the window keeps (&gt;= 1)
     * @param current   the generation served now: the model view for it is kept when the event is
     *                  not a signal for its model and no event leaves the window
     */
    public UserState record(Event e, long seq, int maxEvents, Generation current) {
        Event[] w = window;
        long[] s = seqs;
        int f = from;
        int t = to;
        if (t == w.length) {
            int live = t - f;
            int cap = live >= maxEvents ? 2 * maxEvents : Math.min(2 * maxEvents, Math.max(2, 2 * live));
            w = new Event[Math.max(cap, live + 1)];
            s = new long[w.length];
            System.arraycopy(window, f, w, 0, live);
            System.arraycopy(seqs, f, s, 0, live);
            COPIED.add(live);
            f = 0;
            t = live;
        }
        w[t] = e;
        s[t] = seq;
        t++;
        boolean dropped = t - f > maxEvents;
        if (dropped) {
            f = t - maxEvents;
        }
        return next(e, w, s, f, t, !dropped && current == viewOf && !signal(current, e));
    }

    /**
     * This state plus an event of a request (not recorded): the window is copied, so the stored
     * snapshot is unchanged.
     */
    public UserState withRequestEvent(Event e, Generation current) {
        int live = to - from;
        Event[] w = Arrays.copyOfRange(window, from, to + 1);
        long[] s = Arrays.copyOfRange(seqs, from, to + 1);
        COPIED.add(live);
        w[live] = e;
        s[live] = Long.MAX_VALUE;
        return next(e, w, s, 0, live + 1, current == viewOf && !signal(current, e));
    }

    private UserState next(Event e, Event[] w, long[] s, int f, int t, boolean keepView) {
        String item = e.item();
        String[] views = recentViews;
        String[] c = cart;
        String[] rp = recentPurchases;
        String reviewed = lastReviewed;
        float reviewValue = lastReviewValue;
        switch (e.behavior()) {
            case VIEW, CLICK -> views = pushDistinct(recentViews, item, MAX_VIEWS);
            case ADD_TO_CART -> {
                if (!contains(cart, item)) {
                    c = pushDistinct(cart, item, MAX_CART);
                }
            }
            case PURCHASE -> {
                c = remove(cart, item);
                rp = pushDistinct(recentPurchases, item, MAX_RECENT_PURCHASES);
            }
            case REVIEW -> {
                reviewed = item;
                reviewValue = e.value();
            }
            default -> {
            }
        }
        return keepView
                ? new UserState(events + 1, views, c, rp, reviewed, reviewValue, w, s, f, t, viewOf, extraItems,
                        extraWeights, vector, vectorValid)
                : new UserState(events + 1, views, c, rp, reviewed, reviewValue, w, s, f, t, null, NO_ITEMS, NO_WEIGHTS,
                        null, false);
    }

    /** Whether an event changes what a generation's model sees of the user. */
    private static boolean signal(Generation g, Event e) {
        if (g == null) {
            return true;
        }
        float w = weight(g, e);
        return g.item(e.item()) >= 0 && w != 0f;
    }

    /**
     * The model weight of an event in a generation's matrix options, as the training matrix counts it
     * ({@link MatrixOptions#contribution}); 0 if it is not a model signal (weight 0, or a value the
     * value transform cannot take, such as a negative count).
     */
    public static float weight(Generation g, Event e) {
        MatrixOptions o = g.bundle().metadata().matrixOptions();
        float w;
        try {
            w = o.contribution(e.behavior(), e.value());
        } catch (IllegalArgumentException ex) {
            return 0f;
        }
        return Float.isFinite(w) ? w : 0f;
    }

    /**
     * This state with its model view for a generation: the window's events after the generation's
     * cut-off that its model knows, one entry per item in order of first occurrence, weights combined
     * by the model's aggregation. Costs one pass over the window.
     */
    public UserState withView(Generation g) {
        if (viewOf == g) {
            return this;
        }
        int first = firstAfter(g.cutoff());
        if (first == to) {
            return new UserState(events, recentViews, cart, recentPurchases, lastReviewed, lastReviewValue, window, seqs,
                    from, to, g, NO_ITEMS, NO_WEIGHTS, null, false);
        }
        int agg = g.aggregation();
        IntArrayList xi = new IntArrayList();
        FloatArrayList xw = new FloatArrayList();
        Int2IntOpenHashMap at = new Int2IntOpenHashMap();
        at.defaultReturnValue(-1);
        for (int p = first; p < to; p++) {
            Event e = window[p];
            int mi = g.item(e.item());
            float w = weight(g, e);
            if (mi < 0 || w == 0f) {
                continue;
            }
            int j = at.get(mi);
            if (j < 0) {
                at.put(mi, xi.size());
                xi.add(mi);
                xw.add(w);
            } else {
                float old = xw.getFloat(j);
                xw.set(j, agg == 0 ? old + w : agg == 1 ? Math.max(old, w) : w);
            }
        }
        return new UserState(events, recentViews, cart, recentPurchases, lastReviewed, lastReviewValue, window, seqs, from,
                to, g, xi.isEmpty() ? NO_ITEMS : xi.toIntArray(), xi.isEmpty() ? NO_WEIGHTS : xw.toFloatArray(), null,
                false);
    }

    /** This state with a freshly folded-in vector for its model view. */
    public UserState withVector(float[] v) {
        return new UserState(events, recentViews, cart, recentPurchases, lastReviewed, lastReviewValue, window, seqs, from,
                to, viewOf, extraItems, extraWeights, v, true);
    }

    /** Position of the first window event after {@code seq} (sequence numbers are distinct and increasing). */
    private int firstAfter(long seq) {
        int r = Arrays.binarySearch(seqs, from, to, seq);
        return r >= 0 ? r + 1 : -r - 1;
    }

    /**
     * The window's events recorded after sequence number {@code seq}, oldest first (a copy; request
     * events count as recorded after every mark): the order a sequence model reads.
     */
    public Event[] eventsSince(long seq) {
        int first = firstAfter(seq);
        return Arrays.copyOfRange(window, first, to);
    }

    /** Number of events in the window recorded after sequence number {@code seq}. */
    public int eventsAfter(long seq) {
        return to - firstAfter(seq);
    }

    /** Sequence number of the latest event in the window (0 if none). */
    public long lastSeq() {
        return to > from ? seqs[to - 1] : 0L;
    }

    /** Number of events in the window (at most the cap given to {@link #record}). */
    public int windowSize() {
        return to - from;
    }

    private Derived derived() {
        Derived d = derived;
        if (d == null) {
            LinkedHashSet<String> bought = new LinkedHashSet<>();
            Map<String, Behavior> strongest = new HashMap<>();
            for (int p = from; p < to; p++) {
                Event e = window[p];
                if (e.behavior() == Behavior.PURCHASE) {
                    bought.add(e.item());
                }
                Behavior old = strongest.get(e.item());
                if (old == null || rank(e.behavior()) > rank(old)) {
                    strongest.put(e.item(), e.behavior());
                }
            }
            d = new Derived(Collections.unmodifiableSet(bought), strongest);
            derived = d;
        }
        return d;
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
        String[] out = new String[a.length - 1];
        int n = 0;
        for (String x : a) {
            if (!x.equals(s)) {
                out[n++] = x;
            }
        }
        COPIED.add(n);
        return out;
    }

    private static String[] pushDistinct(String[] a, String s, int max) {
        String[] without = remove(a, s);
        int keep = Math.min(without.length, max - 1);
        String[] out = new String[keep + 1];
        System.arraycopy(without, without.length - keep, out, 0, keep);
        COPIED.add(keep);
        out[keep] = s;
        return out;
    }

    /**
     * Elements copied by state updates so far, all users and engines together: what the tests use
     * to bound the work per event without timing it.
     */
    public static long copiedElements() {
        return COPIED.sum();
    }

    /** Events applied to this user (including events that left the window). */
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

    /** Items purchased in the window's events, in order of first purchase (unmodifiable). */
    public Set<String> purchased() {
        return derived().purchased();
    }

    /** Every item of the window's events, whatever the behaviour (unmodifiable). */
    public Set<String> items() {
        return Collections.unmodifiableSet(derived().strongest().keySet());
    }

    /** Strongest behaviour of the window's events on an item, or null. */
    public Behavior strongest(String item) {
        return derived().strongest().get(item);
    }

    /** The item of the latest review, or null. */
    public String lastReviewed() {
        return lastReviewed;
    }

    /** The value of the latest review. */
    public float lastReviewValue() {
        return lastReviewValue;
    }

    /** The generation whose model view this state holds, or null. */
    public Generation viewOf() {
        return viewOf;
    }

    /**
     * Model item indices of the events since the model's cut-off, for the generation of
     * {@link #viewOf()} (empty without a view; shared; do not modify).
     */
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

    /** Whether {@link #vector()} reflects the model view. */
    public boolean vectorValid() {
        return vectorValid;
    }
}
