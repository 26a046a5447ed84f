package dev.recsys.eval.context;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.eval.split.Split;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Next item in a session on the {@code item-detail} scene. When the test log has session ids
 * ({@link Interactions#hasSessions()}: a {@code session=} column), a session is a user's test events
 * with the same session id, in time order (events without one are left out); otherwise it is a
 * user's test events of any behaviour, each within {@code gapSeconds} of the previous one (time
 * groups them). In both, consecutive events on the same item are merged into the first. A session
 * of at least two items gives one case: a cut position p in 1 .. length-1 whose item the model
 * knows is drawn with the seed; the events before p are the prefix, sent as the request's recent
 * events (so the engine's state holds them, as if recorded), the prefix's last item is the current
 * item, and the item at p is the target. The request is the item-detail scene of
 * {@link dev.recsys.serving.RecommenderModel#recommender()} for the user, as served.
 *
 * <p>Thread safety: immutable.
 */
public final class SessionProtocol extends ContextProtocol {
    static final String TOO_SHORT = "sessions with fewer than 2 items";
    static final String UNKNOWN = "sessions without a next item the model knows";
    /** The context of a leave-last-out case whose target has no earlier test event. */
    public static final String NO_PREFIX = "-";
    static final String NO_TARGET = "users without a test event of a target behaviour on an item the model knows";

    /** Leave-last-out: target behaviours, or null for the session cut. */
    private final Set<Behavior> lastOf;
    /** Leave-last-out: the scene asked. */
    private final Scene scene;

    /** Default settings: gap {@value ContextProtocol#DEFAULT_GAP_SECONDS} s, k 10, seed 42, all processors. */
    public SessionProtocol() {
        this(DEFAULT_GAP_SECONDS, DEFAULT_K, 42L, 0);
    }

    /**
     * @param gapSeconds an event more than this after the user's previous one starts a new session
     *                   (unused when the test log has session ids)
     * @param k          cut-off, 1 .. {@value ContextProtocol#MAX_K}
     * @param seed       seed of the cut position
     * @param threads    0 for all available processors, else 1 .. {@link dev.recsys.internal.parallel.Parallel#MAX_THREADS}
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public SessionProtocol(long gapSeconds, int k, long seed, int threads) {
        super(gapSeconds, k, seed, threads);
        this.lastOf = null;
        this.scene = Scene.ITEM_DETAIL;
    }

    private SessionProtocol(int k, int threads, Set<Behavior> lastOf, Scene scene) {
        super(Long.MAX_VALUE, k, 0L, threads);
        this.lastOf = Set.copyOf(lastOf);
        this.scene = scene;
    }

    /**
     * The leave-last-out protocol of next-item models (as in SASRec and GRU4Rec papers, full
     * catalogue): one case per user of the test log, whose target is the user's latest test event
     * (by time; ties: the later position) of a behaviour in {@code targets} on an item the model
     * knows; the user's test events before it are sent as recent events (none when the test log holds
     * only the held-out events, the usual split: everything before trains the model), and the scene
     * {@code scene} is asked for the user with no current item. Declare that scene on the engine
     * given to {@link #evaluateEngine} to rank the whole
     * catalogue by one source (for example {@code personal} with the {@code history} exclusion).
     *
     * @param k       cut-off, 1 .. {@value ContextProtocol#MAX_K}
     * @param targets behaviours a target may have (e.g. {@code PURCHASE} for next purchase), not empty
     * @param scene   the scene asked
     * @param threads 0 for all available processors, else 1 .. {@link dev.recsys.internal.parallel.Parallel#MAX_THREADS}
     * @throws IllegalArgumentException naming the parameter that is out of range, null or empty
     */
    public static SessionProtocol leaveLastOut(int k, Set<Behavior> targets, Scene scene, int threads) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("targets must name at least one behaviour");
        }
        if (scene == null) {
            throw new IllegalArgumentException("scene must not be null");
        }
        return new SessionProtocol(k, threads, targets, scene);
    }

    /**
     * The leave-last-out split by time stamp that goes with {@link #leaveLastOut}: per user, the target is
     * the latest event (by time; ties: the later log position) of a behaviour in {@code targets} on an item
     * the user had no earlier event on, with at least one earlier event; the test log holds the targets and
     * the training log every event before each user's target (the target and the user's events after it in
     * that order are dropped; users without a target stay whole). Applied to its own training log it cuts the
     * validation split (each user's previous target), which never reads a test event.
     *
     * @param all     the events. Not modified.
     * @param targets behaviours a target may have, not empty
     * @return the split (both logs share the id indices of {@code all})
     * @throws IllegalArgumentException if an argument is null or empty, or no user has a target
     */
    public static Split leaveLastOutSplit(Interactions all, Set<Behavior> targets) {
        if (all == null) {
            throw new IllegalArgumentException("all must not be null");
        }
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("targets must name at least one behaviour");
        }
        int[] order = byUserAndTime(all, e -> true);
        IntArrayList trainPos = new IntArrayList(all.size());
        IntArrayList testPos = new IntArrayList();
        int p = 0;
        while (p < order.length) {
            int u = all.user(order[p]);
            int q = p;
            while (q < order.length && all.user(order[q]) == u) {
                q++;
            }
            // first event position of each item of the user, to test "no earlier event on it"
            int t = -1;
            int[] firstAt = new int[q - p];
            Int2IntOpenHashMap first = new Int2IntOpenHashMap();
            first.defaultReturnValue(-1);
            for (int j = p; j < q; j++) {
                first.putIfAbsent(all.item(order[j]), j);
                firstAt[j - p] = first.get(all.item(order[j]));
            }
            for (int j = q - 1; j > p && t < 0; j--) {
                if (targets.contains(all.behavior(order[j])) && firstAt[j - p] == j) {
                    t = j;
                }
            }
            for (int j = p; j < q; j++) {
                if (t < 0 || j < t) {
                    trainPos.add(order[j]);
                } else if (j == t) {
                    testPos.add(order[j]);
                }
            }
            p = q;
        }
        if (testPos.isEmpty()) {
            throw new IllegalArgumentException("leave-last-out: no user has an event of " + new java.util.TreeSet<>(targets)
                    + " on an item new to the user after an earlier event (" + all.size() + " events)");
        }
        int[] tr = trainPos.toIntArray();
        int[] te = testPos.toIntArray();
        java.util.Arrays.sort(tr);
        java.util.Arrays.sort(te);
        return new Split(all.select(tr), all.select(te), "leave-last-out by time, target " + new java.util.TreeSet<>(targets));
    }

    /** Whether this is the leave-last-out protocol ({@link #leaveLastOut}). */
    public boolean isLeaveLastOut() {
        return lastOf != null;
    }

    @Override
    public String name() {
        return lastOf == null ? "session" : "leave-last-out";
    }

    @Override
    public String rule() {
        if (lastOf != null) {
            return "leave-last-out: per user, the latest test event (by time) of a behaviour in " + new java.util.TreeSet<>(lastOf)
                    + " on an item the model knows is the target; the user's earlier test events are sent as recent"
                    + " events; scene '" + scene.name() + "' is asked for the user over the whole catalogue; k = " + k;
        }
        return "session = a user's test events (any behaviour) each <= " + gapSeconds + " s after the previous (no session"
                + " id column: grouped by user and time gap), consecutive repeats of an item merged, >= 2 items; one cut"
                + " per session (seed " + seed + ") before an item the model knows: the prefix is sent as recent events,"
                + " its last item is the current item of the serving path's item-detail scene, the next item is the"
                + " target; lists as served; k = " + k;
    }

    @Override
    String columnRule() {
        return "session = a user's test events with the same session id (session id column; events without one"
                + " left out) in time order, consecutive repeats of an item merged, >= 2 items; one cut per session"
                + " (seed " + seed + ") before an item the model knows: the prefix is sent as recent events, its last"
                + " item is the current item of the serving path's item-detail scene, the next item is the target;"
                + " lists as served; k = " + k;
    }

    @Override
    boolean groupedByColumn(Interactions test) {
        return lastOf == null && test.hasSessions();
    }

    @Override
    int groupCode(Interactions test, int e) {
        return test.session(e);
    }

    @Override
    String groupLabel() {
        return "session";
    }

    @Override
    List<ContextCase> cases(Interactions test, IntPredicate known, Map<String, Integer> skipped) {
        if (lastOf != null) {
            return lastCases(test, known, skipped);
        }
        skipped.put(TOO_SHORT, 0);
        skipped.put(UNKNOWN, 0);
        int[] order = groupOrder(test, e -> true, skipped);
        SplittableRandom rng = new SplittableRandom(seed);
        List<ContextCase> out = new ArrayList<>();
        IntArrayList session = new IntArrayList(); // event positions, consecutive repeats merged
        IntArrayList cuts = new IntArrayList();
        forEachGroup(test, order, (u, sessionNo, from, to) -> {
            session.clear();
            for (int q = from; q < to; q++) {
                int e = order[q];
                if (session.isEmpty() || test.item(session.getInt(session.size() - 1)) != test.item(e)) {
                    session.add(e);
                }
            }
            if (session.size() < 2) {
                count(skipped, TOO_SHORT);
                return;
            }
            cuts.clear();
            for (int c = 1; c < session.size(); c++) {
                if (known.test(test.item(session.getInt(c)))) {
                    cuts.add(c);
                }
            }
            if (cuts.isEmpty()) {
                count(skipped, UNKNOWN);
                return;
            }
            int cut = cuts.getInt(rng.nextInt(cuts.size()));
            String user = test.users().idOf(u);
            List<String> prefix = new ArrayList<>(cut);
            List<Event> events = new ArrayList<>(cut);
            for (int c = 0; c < cut; c++) {
                int e = session.getInt(c);
                String item = test.items().idOf(test.item(e));
                prefix.add(item);
                events.add(new Event(user, item, test.behavior(e), test.value(e), test.time(e), null));
            }
            String target = test.items().idOf(test.item(session.getInt(cut)));
            out.add(new ContextCase(user + "#" + sessionNo, user, prefix, events, target));
        });
        return out;
    }

    private List<ContextCase> lastCases(Interactions test, IntPredicate known, Map<String, Integer> skipped) {
        skipped.put(NO_TARGET, 0);
        int[] order = byUserAndTime(test, e -> true);
        List<ContextCase> out = new ArrayList<>();
        int p = 0;
        while (p < order.length) {
            int u = test.user(order[p]);
            int q = p;
            while (q < order.length && test.user(order[q]) == u) {
                q++;
            }
            int t = -1;
            for (int j = q - 1; j >= p && t < 0; j--) {
                int e = order[j];
                if (lastOf.contains(test.behavior(e)) && known.test(test.item(e))) {
                    t = j;
                }
            }
            if (t < 0) {
                count(skipped, NO_TARGET);
            } else {
                String user = test.users().idOf(u);
                List<String> prefix = new ArrayList<>();
                List<Event> events = new ArrayList<>();
                for (int j = p; j < t; j++) {
                    int e = order[j];
                    String item = test.items().idOf(test.item(e));
                    prefix.add(item);
                    events.add(new Event(user, item, test.behavior(e), test.value(e), test.time(e), null));
                }
                String target = test.items().idOf(test.item(order[t]));
                // a case's context is never empty: "-" stands for no prefix
                out.add(new ContextCase(user + "#1", user, prefix.isEmpty() ? List.of(NO_PREFIX) : prefix, events, target));
            }
            p = q;
        }
        return out;
    }

    @Override
    RecommendRequest request(ContextCase c) {
        if (lastOf != null) {
            return RecommendRequest.builder(scene, k).user(c.user()).recentEvents(c.events()).build();
        }
        return RecommendRequest.builder(Scene.ITEM_DETAIL, k).user(c.user())
                .currentItem(c.context().get(c.context().size() - 1)).recentEvents(c.events()).build();
    }
}
