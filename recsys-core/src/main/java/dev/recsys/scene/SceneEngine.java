package dev.recsys.scene;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommender;
import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.internal.scene.Generation;
import dev.recsys.internal.scene.Ranker;
import dev.recsys.internal.scene.UserState;
import dev.recsys.privacy.Forgetting;
import dev.recsys.privacy.UserIdLogging;
import dev.recsys.serving.RecommenderModel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multi-scene recommender: one {@link #recommend} call gives the right kind of answer on every
 * page of a shop (see {@link SceneConfig#defaults(Scene)}), learns from each event as it happens
 * ({@link #record}) and takes a retrained model without losing events ({@link #swap}).
 *
 * <pre>{@code
 * SceneEngine engine = SceneEngine.builder(model).trainingData(dataset)
 *         .scene(Scene.of("deals"), SceneConfig.builder().source("trending", 1).filter("price-range", "0", "20").build())
 *         .build();
 * engine.record(Event.of("u1", "i42", Behavior.VIEW, now));      // next answer for u1 changes
 * List<Recommendation> recs = engine.recommend("u1", Scene.HOME, 10);
 * long mark = engine.sequence();                                  // retrain on data up to here ...
 * engine.swap(retrained, newDataset, mark);                       // ... events after mark are re-applied
 * }</pre>
 *
 * <p><b>Real time.</b> {@code record} updates the user's state: the session context (last 10
 * viewed items, the cart of at most 100 items, latest purchases, latest
 * review) is updated — a purchase removes the item from the cart; purchased items of
 * non-repeatable categories are excluded wherever the scene excludes {@code purchased}. For a
 * factor model the user vector is folded in again ({@link dev.recsys.spi.FactorModel#foldIn}) from
 * the training history plus the user's events since the model's cut-off, at the user's next
 * {@code recommend}, and cached until the user's next event. Models without factors use the events
 * as query history. A {@code record} costs amortised O(1) whatever the user's history.
 *
 * <p><b>Bounds.</b> Each user keeps the latest {@link Builder#maxEventsPerUser} events (default
 * {@value SceneEngine#DEFAULT_MAX_EVENTS_PER_USER}); the purchased items, the strongest behaviour per item and
 * the events folded in are derived from them, so older ones are forgotten. At most
 * {@link Builder#maxUsers} users are held (default {@value SceneEngine#DEFAULT_MAX_USERS}): past it the least
 * recently active users are evicted; {@link #evictIdle} evicts users idle for a given time. An
 * evicted user starts again as a new visitor; {@link #usersEvicted()} counts them.
 *
 * <p><b>Swap.</b> Every recorded event gets a sequence number. {@code swap(model, data, mark)}
 * builds the new model's serving data off to the side while {@code record} and {@code recommend}
 * go on against the old model, then publishes it atomically. A user's state is model-independent:
 * the session context carries over as it is, and the events after {@code mark} in the user's
 * window are what the new model folds in (each exactly once, including those recorded while the
 * swap ran); the swap re-applies them for users with such events right after publishing, and any
 * user it has not reached yet is brought up to date by their next call. Neither {@code record} nor
 * {@code recommend} ever waits for a swap; swaps run one at a time. Nothing beyond the per-user
 * windows is logged, so the events a swap can re-apply are bounded by
 * {@code maxEventsPerUser * maxUsers}: a user with more events after the mark than the cap has only
 * the latest ones re-applied.
 *
 * <p>{@link RecommendRequest#allowRepeats()} overrides the scene: {@code true} drops the
 * {@code history} and {@code purchased} exclusions, {@code false} adds {@code history}.
 *
 * <p>Answers hold at most {@code k} distinct items with finite, non-increasing scores, each with an
 * explanation; fewer than {@code k} only when exclusions and filters leave fewer (a category cap
 * gives way rather than return fewer). {@link RecommenderModel#recommender()} is an engine with the
 * default configurations over the model's own training summary: the same request gets the same
 * answer from it as from an engine built here without {@link Builder#trainingData}.
 *
 * <p>Thread safety: thread-safe. {@code recommend} is lock-free (it reads an immutable snapshot of
 * the user's state); {@code record} calls run concurrently, one user's events one at a time under
 * that user's lock; {@code swap} never blocks them, {@code evictIdle} takes each evicted user's lock briefly.
 */
public final class SceneEngine implements Recommender {
    private static final Logger LOG = LoggerFactory.getLogger(SceneEngine.class);
    /** Default half-life of the trending decay, in days. */
    public static final double DEFAULT_TRENDING_HALF_LIFE_DAYS = 7.0;
    /** Default gap that ends a session for co-view and co-purchase statistics, in seconds. */
    public static final long DEFAULT_SESSION_GAP_SECONDS = 3600L;
    /** Default number of latest events kept per user. */
    public static final int DEFAULT_MAX_EVENTS_PER_USER = 1000;
    /** Default number of users whose state is held. */
    public static final int DEFAULT_MAX_USERS = 1_000_000;

    private final Map<Scene, SceneConfig> configs;
    private final double trendingHalfLifeDays;
    private final long sessionGapSeconds;
    private final int maxEventsPerUser;
    private final int maxUsers;
    private final InstantSource clock;
    private final Object swapMonitor = new Object();
    private final AtomicBoolean trimming = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder applied = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final ConcurrentHashMap<String, Holder> users = new ConcurrentHashMap<>();
    private volatile Generation generation;
    /** The events of the served model (from the builder or the latest swap), or null: what {@link #forget} recounts. */
    private volatile Dataset trainingData;
    /** Test hook: runs in {@code swap} after the new generation is built and before it is published. */
    volatile Runnable beforePublish;

    /** One user's latest snapshot; replaced under the holder's lock by {@code record}, or by a CAS caching a view. */
    private static final class Holder {
        final AtomicReference<UserState> state = new AtomicReference<>(UserState.EMPTY);
        volatile long lastActive;
        /** Guarded by this: set once the holder left the map; records then go to a new holder. */
        boolean evicted;

        Holder(long now) {
            this.lastActive = now;
        }
    }

    private SceneEngine(Builder b) {
        this.configs = Map.copyOf(b.configs);
        this.trendingHalfLifeDays = b.trendingHalfLifeDays;
        this.sessionGapSeconds = b.sessionGapSeconds;
        this.maxEventsPerUser = b.maxEventsPerUser;
        this.maxUsers = b.maxUsers;
        this.clock = b.clock;
        this.generation = new Generation(b.model, b.training, 0L, trendingHalfLifeDays, sessionGapSeconds);
        this.trainingData = b.training;
    }

    /**
     * Starts building an engine serving {@code model}.
     *
     * @throws IllegalArgumentException if model is null
     */
    public static Builder builder(RecommenderModel model) {
        return new Builder(model);
    }

    /** The model served now. */
    public RecommenderModel model() {
        return generation.bundle();
    }

    /** The configuration used for a scene (its declared one, else {@link SceneConfig#defaults(Scene)}). */
    public SceneConfig config(Scene scene) {
        if (scene == null) {
            throw new IllegalArgumentException("scene must not be null");
        }
        SceneConfig c = configs.get(scene);
        return c != null ? c : SceneConfig.defaults(scene);
    }

    /** Scenes with an explicitly declared configuration. */
    public Set<Scene> declaredScenes() {
        return configs.keySet();
    }

    /**
     * Ranks for the request's scene with the user's recorded state plus the request's context
     * (current item, cart, recent events, exclusions, filter, candidates). Lock-free.
     *
     * @throws IllegalArgumentException if request is null
     */
    @Override
    public List<Recommendation> recommend(RecommendRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        Generation g = generation;
        String user = request.user();
        Holder h = user == null ? null : users.get(user);
        UserState stored = h == null ? UserState.EMPTY : h.state.get();
        UserState st = resolve(g, user, stored);
        if (h != null && st != stored && g == generation) {
            h.state.compareAndSet(stored, st); // a cache: lost if the user recorded meanwhile
        }
        if (!request.recentEvents().isEmpty()) {
            for (Event e : request.recentEvents()) {
                st = st.withRequestEvent(e, g);
            }
            st = resolve(g, user, st);
        }
        return Ranker.rank(g, config(request.scene()), request, st, vectorFor(g, user, st));
    }

    /** The state with its model view (and folded-in vector) for a generation. */
    private static UserState resolve(Generation g, String user, UserState s) {
        UserState r = s.withView(g);
        if (g.factors() != null && !r.vectorValid() && r.extraItems().length > 0) {
            r = r.withVector(g.foldIn(g.user(user), r.extraItems(), r.extraWeights()));
        }
        return r;
    }

    private static float[] vectorFor(Generation g, String user, UserState st) {
        if (g.factors() == null) {
            return null;
        }
        if (st.extraItems().length > 0) {
            return st.vector();
        }
        int u = g.user(user);
        return u >= 0 ? g.factors().userVector(u) : null;
    }

    /**
     * Records an event: the user's next answer reflects it (see the class comment). Never waits
     * for a swap; waits only for another {@code record} of the same user.
     *
     * @param event the event. Not modified.
     * @return the event's sequence number (1 for the first event recorded)
     * @throws IllegalArgumentException if event is null
     */
    public long record(Event event) {
        if (event == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        String user = event.user();
        long now = clock.millis();
        while (true) {
            Holder h = users.get(user);
            boolean created = false;
            if (h == null) {
                Holder fresh = new Holder(now);
                h = users.putIfAbsent(user, fresh);
                if (h == null) {
                    h = fresh;
                    created = true;
                }
            }
            long seq;
            synchronized (h) {
                if (h.evicted) {
                    continue; // evicted between the look-up and the lock: start the user afresh
                }
                seq = sequence.incrementAndGet();
                h.state.set(h.state.get().record(event, seq, maxEventsPerUser, generation));
                h.lastActive = Math.max(h.lastActive, now);
                applied.increment();
            }
            if (created && users.size() > maxUsers) {
                trimUsers();
            }
            return seq;
        }
    }

    /** Sequence number of the latest recorded event (0 before the first): the mark to pass to {@link #swap}. */
    public long sequence() {
        return sequence.get();
    }

    /** Number of recorded events applied to user states (including users evicted since). */
    public long eventsApplied() {
        return applied.sum();
    }

    /** Number of events applied to one user's state (0 for a user with none, or evicted). */
    public long eventsApplied(String user) {
        return state(user).events();
    }

    /**
     * Number of events the served model folds in on top of its training data: those recorded
     * after its cut-off and still held in the users' windows. A swap with {@code sequence()} as the
     * mark brings it to 0. Walks every user held.
     */
    public int loggedEvents() {
        long cutoff = generation.cutoff();
        long n = 0;
        for (Holder h : users.values()) {
            n += h.state.get().eventsAfter(cutoff);
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** Number of users whose state is held. */
    public int usersHeld() {
        return users.size();
    }

    /** Number of users evicted so far (idle, or least recently active past {@link Builder#maxUsers}). */
    public long usersEvicted() {
        return evicted.sum();
    }

    /** Number of a user's events held (at most {@link Builder#maxEventsPerUser}). */
    public int eventsHeld(String user) {
        return state(user).windowSize();
    }

    private UserState state(String user) {
        Holder h = user == null ? null : users.get(user);
        return h == null ? UserState.EMPTY : h.state.get();
    }

    /** The user's cart as recorded (in the order added). */
    public List<String> cart(String user) {
        return List.of(state(user).cart());
    }

    /** The user's recently viewed items, oldest first. */
    public List<String> recentViews(String user) {
        return List.of(state(user).recentViews());
    }

    /** Items the user purchased in the events held for them (the latest {@link Builder#maxEventsPerUser}). */
    public Set<String> purchased(String user) {
        return Set.copyOf(state(user).purchased());
    }

    /**
     * Evicts the users with no event recorded for at least {@code idle}: their state is dropped and
     * their next event starts them as new visitors. Does not block {@code record} or
     * {@code recommend} of other users.
     *
     * @return the number of users evicted
     * @throws IllegalArgumentException if idle is null or negative
     */
    public int evictIdle(Duration idle) {
        if (idle == null || idle.isNegative()) {
            throw new IllegalArgumentException("idle must be a non-negative duration, got " + idle);
        }
        long now = clock.millis();
        long limit = idle.toMillis();
        int n = 0;
        for (Map.Entry<String, Holder> en : users.entrySet()) {
            if (now - en.getValue().lastActive >= limit && evict(en.getKey(), en.getValue(), now - limit)) {
                n++;
            }
        }
        if (n > 0) {
            LOG.debug("evicted {} users idle for {}", n, idle);
        }
        return n;
    }

    private boolean evict(String user, Holder h, long activeBefore) {
        synchronized (h) {
            if (h.evicted || h.lastActive > activeBefore) {
                return false;
            }
            h.evicted = true;
            users.remove(user, h);
        }
        evicted.increment();
        return true;
    }

    /** Evicts the least recently active users down to a sixteenth below maxUsers (one thread at a time). */
    private void trimUsers() {
        if (!trimming.compareAndSet(false, true)) {
            return;
        }
        try {
            int excess = users.size() - maxUsers;
            if (excess <= 0) {
                return;
            }
            int target = excess + Math.max(1, maxUsers / 16);
            List<Map.Entry<String, Holder>> all = new ArrayList<>(users.entrySet());
            long[] keys = new long[all.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = all.get(i).getValue().lastActive;
            }
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            long threshold = sorted[Math.min(target, sorted.length) - 1];
            int n = 0;
            for (int i = 0; i < keys.length && n < target; i++) {
                if (keys[i] <= threshold && evict(all.get(i).getKey(), all.get(i).getValue(), threshold)) {
                    n++;
                }
            }
            LOG.debug("evicted {} least recently active users (more than {} held)", n, maxUsers);
        } finally {
            trimming.set(false);
        }
    }

    /**
     * Swaps in a retrained model atomically. Builds its serving data off to the side, publishes it,
     * then re-applies the events after {@code trainedUpTo} to the new model's view of each user
     * who has some. {@code record} and {@code recommend} go on meanwhile; concurrent swaps run one
     * after the other.
     *
     * @param model        the new model
     * @param trainingData the events it was trained on (for trending and associations), or null
     * @param trainedUpTo  the {@link #sequence()} mark taken when its training data was cut: events
     *                     recorded after it are re-applied to the new model's user states
     * @throws IllegalArgumentException if model is null, trainedUpTo is outside [0, sequence()] or
     *                                  trainingData's item index is not the model's
     */
    public void swap(RecommenderModel model, Dataset trainingData, long trainedUpTo) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (trainedUpTo < 0 || trainedUpTo > sequence.get()) {
            throw new IllegalArgumentException("trainedUpTo must be in [0, " + sequence.get() + "], got " + trainedUpTo);
        }
        synchronized (swapMonitor) {
            long t0 = System.nanoTime();
            // serving options (quantised factors, HNSW index) carry over to the new model: the
            // index is extended when items were only added, else rebuilt
            model = dev.recsys.internal.ann.ServingCarryOver.apply(generation.bundle(), model);
            Generation next = new Generation(model, trainingData, trainedUpTo, trendingHalfLifeDays, sessionGapSeconds);
            Runnable hook = beforePublish;
            if (hook != null) {
                hook.run();
            }
            generation = next;
            this.trainingData = trainingData;
            int warmed = 0;
            long reapplied = 0;
            int failed = 0;
            RuntimeException first = null;
            for (Map.Entry<String, Holder> en : users.entrySet()) {
                Holder h = en.getValue();
                UserState s = h.state.get();
                if (s.viewOf() == next) {
                    continue; // brought up to date by its own call already
                }
                int after = s.eventsAfter(trainedUpTo);
                try {
                    // every user's view moves to the new model (so none keeps the old one reachable);
                    // for users with events after the mark this re-applies them and folds in
                    h.state.compareAndSet(s, resolve(next, en.getKey(), s));
                    if (after > 0) {
                        warmed++;
                        reapplied += after;
                    }
                } catch (RuntimeException ex) {
                    // the user's next recommend folds in again and reports it
                    h.state.compareAndSet(s, s.withView(next));
                    failed++;
                    first = first == null ? ex : first;
                }
            }
            if (failed > 0) {
                LOG.warn("swap: fold-in failed for {} users; first failure: {}", failed, first.toString());
            }
            LOG.info("swapped in {} ({} users held, {} events re-applied for {} users) in {} ms", model, users.size(),
                    reapplied, warmed, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /**
     * Forgets a user (right to erasure) at once: their recorded events, session context (views,
     * cart, purchases) and folded-in vector are dropped, and the served model is replaced by
     * {@link Forgetting#forget(RecommenderModel, Dataset, String)} of it — without the user's id,
     * history row and training behaviours; popularity and item co-occurrence models recounted, and
     * trending scores and co-view/co-purchase associations recomputed, from the training data
     * without the user's events when the engine has that data ({@link Builder#trainingData} or the
     * latest {@link #swap}). What the user contributed to the item factors of other models goes
     * at the next swap of a model retrained on {@link Forgetting#forget(Dataset, String)} data.
     * The engine keeps no list of forgotten users: the application must forget the user in its own
     * copy of the events too, or the next swap brings them back. Runs one at a time with swaps; an
     * event of the user recorded while this runs may survive it. The log line names the user only
     * if {@link UserIdLogging} allows it.
     *
     * @param user the user's external id
     * @return whether the engine held anything of the user (state, model entry or training events)
     * @throws IllegalArgumentException if user is null
     */
    public boolean forget(String user) {
        if (user == null) {
            throw new IllegalArgumentException("user must not be null");
        }
        boolean held = false;
        Holder h = users.get(user);
        if (h != null) {
            synchronized (h) {
                if (!h.evicted) {
                    h.evicted = true;
                    held = users.remove(user, h);
                }
            }
        }
        synchronized (swapMonitor) {
            Generation g = generation;
            Dataset data = trainingData;
            Forgetting.Result r = Forgetting.forget(g.bundle(), data, user);
            if (r.model() != g.bundle() || r.trainingData() != data) {
                held = true;
                swap(r.model(), r.trainingData(), g.cutoff());
            }
        }
        LOG.info("forgot user {} (anything held: {})", UserIdLogging.user(user), held);
        return held;
    }

    @Override
    public String toString() {
        return "SceneEngine[" + generation.bundle() + ", declared scenes " + Arrays.toString(configs.keySet().toArray())
                + "]";
    }

    /**
     * Builder for {@link SceneEngine}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private final RecommenderModel model;
        private Dataset training;
        private final Map<Scene, SceneConfig> configs = new HashMap<>();
        private double trendingHalfLifeDays = DEFAULT_TRENDING_HALF_LIFE_DAYS;
        private long sessionGapSeconds = DEFAULT_SESSION_GAP_SECONDS;
        private int maxEventsPerUser = DEFAULT_MAX_EVENTS_PER_USER;
        private int maxUsers = DEFAULT_MAX_USERS;
        private InstantSource clock = InstantSource.system();

        private Builder(RecommenderModel model) {
            if (model == null) {
                throw new IllegalArgumentException("model must not be null");
            }
            this.model = model;
        }

        /**
         * The events the model was trained on: source of trending scores, co-view and co-purchase
         * associations and of the behaviours named in explanations, derived with this builder's
         * half-life and session gap. Optional: without it the engine uses the summary of the
         * training events the model keeps (derived with the defaults,
         * {@value SceneEngine#DEFAULT_TRENDING_HALF_LIFE_DAYS} days and
         * {@value SceneEngine#DEFAULT_SESSION_GAP_SECONDS} s), so it answers exactly as
         * {@link RecommenderModel#recommender()}; a model built without events falls back to its
         * popularity and has no associations. Not modified; the engine keeps a reference to it
         * (and to the data set of each later {@link SceneEngine#swap}) so that
         * {@link SceneEngine#forget} can recount without a user. {@link #build()} throws
         * {@link IllegalArgumentException} if its item index is not the model's.
         */
        public Builder trainingData(Dataset dataset) {
            this.training = dataset;
            return this;
        }

        /**
         * Declares (or overrides) the configuration of a scene.
         *
         * @throws IllegalArgumentException if an argument is null
         */
        public Builder scene(Scene scene, SceneConfig config) {
            if (scene == null) {
                throw new IllegalArgumentException("scene must not be null");
            }
            if (config == null) {
                throw new IllegalArgumentException("config must not be null");
            }
            configs.put(scene, config);
            return this;
        }

        /**
         * Half-life of the trending decay in days (used with {@link #trainingData}).
         *
         * @throws IllegalArgumentException unless finite and &gt; 0
         */
        public Builder trendingHalfLifeDays(double days) {
            if (!(days > 0) || Double.isInfinite(days)) {
                throw new IllegalArgumentException("trendingHalfLifeDays must be finite and > 0, got " + days);
            }
            this.trendingHalfLifeDays = days;
            return this;
        }

        /**
         * Gap in seconds that ends a session for the co-view and co-purchase statistics (used with
         * {@link #trainingData}).
         *
         * @throws IllegalArgumentException unless &gt; 0
         */
        public Builder sessionGapSeconds(long seconds) {
            if (seconds <= 0) {
                throw new IllegalArgumentException("sessionGapSeconds must be > 0, got " + seconds);
            }
            this.sessionGapSeconds = seconds;
            return this;
        }

        /**
         * Number of latest events kept per user (default {@value SceneEngine#DEFAULT_MAX_EVENTS_PER_USER}):
         * the purchased items, the strongest behaviour per item and the events folded in come from
         * them, and they are what a swap re-applies.
         *
         * @throws IllegalArgumentException unless &gt;= 1
         */
        public Builder maxEventsPerUser(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("maxEventsPerUser must be >= 1, got " + events);
            }
            this.maxEventsPerUser = events;
            return this;
        }

        /**
         * Number of users whose state is held (default {@value SceneEngine#DEFAULT_MAX_USERS}): past it the
         * least recently active ones (about a sixteenth of the limit at a time) are evicted.
         *
         * @throws IllegalArgumentException unless &gt;= 1
         */
        public Builder maxUsers(int users) {
            if (users < 1) {
                throw new IllegalArgumentException("maxUsers must be >= 1, got " + users);
            }
            this.maxUsers = users;
            return this;
        }

        /**
         * The clock that times users' activity for eviction (default the system clock).
         *
         * @throws IllegalArgumentException if clock is null
         */
        public Builder clock(InstantSource clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /** Builds the engine (computes trending scores and associations from the training data). */
        public SceneEngine build() {
            return new SceneEngine(this);
        }
    }
}
