package dev.recsys.scene;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommender;
import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.scene.Generation;
import dev.recsys.internal.scene.Ranker;
import dev.recsys.internal.scene.UserState;
import dev.recsys.serving.RecommenderModel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
 * <p><b>Real time.</b> {@code record} updates the user's state: for a factor model the user vector
 * is folded in again from the training history plus every event since the model's cut-off
 * ({@link dev.recsys.spi.FactorModel#foldIn}) and cached; the session context (last 10 viewed
 * items, cart, latest purchases, latest review) is updated — a purchase removes the item from the
 * cart; purchased items of non-repeatable categories are excluded wherever the scene excludes
 * {@code purchased}. Models without factors use the events as query history.
 *
 * <p><b>Swap.</b> Every recorded event gets a sequence number and stays in an event log until a
 * swap drops it. {@code swap(model, data, mark)} builds the new model's serving data, then — while
 * recording is paused — carries every user's session context over, re-applies the logged events
 * after {@code mark} to the new model's user states and publishes the new model atomically.
 * Readers never block: they see either the old or the new model. The log holds every event since
 * the last swap's mark (about 100 bytes each); swap regularly — a swap to the same model with
 * {@code sequence()} as the mark just empties it.
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
 * <p>Thread safety: thread-safe. {@code recommend} is lock-free; {@code record} calls run
 * concurrently (one user's events are applied one at a time, through an atomic per-user update of
 * an immutable state snapshot); {@code swap} excludes {@code record} only while it migrates states.
 */
public final class SceneEngine implements Recommender {
    private static final Logger LOG = LoggerFactory.getLogger(SceneEngine.class);
    /** Default half-life of the trending decay, in days. */
    public static final double DEFAULT_TRENDING_HALF_LIFE_DAYS = 7.0;
    /** Default gap that ends a session for co-view and co-purchase statistics, in seconds. */
    public static final long DEFAULT_SESSION_GAP_SECONDS = 3600L;

    private final Map<Scene, SceneConfig> configs;
    private final double trendingHalfLifeDays;
    private final long sessionGapSeconds;
    private final ReentrantReadWriteLock swapLock = new ReentrantReadWriteLock();
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder applied = new LongAdder();
    private final ConcurrentLinkedQueue<Logged> log = new ConcurrentLinkedQueue<>();
    private volatile Generation generation;

    private record Logged(long seq, Event event) {
    }

    private SceneEngine(Builder b) {
        this.configs = Map.copyOf(b.configs);
        this.trendingHalfLifeDays = b.trendingHalfLifeDays;
        this.sessionGapSeconds = b.sessionGapSeconds;
        this.generation = new Generation(b.model, b.training, 0L, trendingHalfLifeDays, sessionGapSeconds);
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
        UserState stored = user == null ? null : g.states().get(user);
        UserState st = stored == null ? UserState.EMPTY : stored;
        for (Event e : request.recentEvents()) {
            st = st.apply(e, g.item(e.item()), weight(g, e), g.aggregation());
        }
        float[] v = vectorFor(g, user, st, stored != null && st == stored);
        return Ranker.rank(g, config(request.scene()), request, st, v);
    }

    private static float[] vectorFor(Generation g, String user, UserState st, boolean cache) {
        if (g.factors() == null) {
            return null;
        }
        if (st.vectorValid()) {
            return st.vector();
        }
        int u = g.user(user);
        if (st.extraItems().length > 0) {
            float[] v = g.foldIn(u, st.extraItems(), st.extraWeights());
            if (cache) {
                g.states().replace(user, st, st.withVector(v));
            }
            return v;
        }
        return u >= 0 ? g.factors().userVector(u) : null;
    }

    private static float weight(Generation g, Event e) {
        MatrixOptions o = g.bundle().metadata().matrixOptions();
        float w = o.weight(e.behavior()) * (e.behavior().hasValue() ? e.value() : 1f);
        return Float.isFinite(w) ? w : 0f;
    }

    /**
     * Records an event: the user's next answer reflects it (see the class comment).
     *
     * @param event the event. Not modified.
     * @return the event's sequence number (1 for the first event recorded)
     * @throws IllegalArgumentException if event is null
     */
    public long record(Event event) {
        if (event == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        ReentrantReadWriteLock.ReadLock lock = swapLock.readLock();
        lock.lock();
        try {
            Generation g = generation;
            g.states().compute(event.user(), (k, old) -> {
                UserState s = (old == null ? UserState.EMPTY : old).apply(event, g.item(event.item()), weight(g, event),
                        g.aggregation());
                if (g.factors() != null && !s.vectorValid()) {
                    s = s.withVector(g.foldIn(g.user(k), s.extraItems(), s.extraWeights()));
                }
                return s;
            });
            // logged only once applied: an event that fails (an exception from the model's fold-in)
            // is neither counted nor re-applied at a swap
            long seq = sequence.incrementAndGet();
            log.add(new Logged(seq, event));
            applied.increment();
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** Sequence number of the latest recorded event (0 before the first): the mark to pass to {@link #swap}. */
    public long sequence() {
        return sequence.get();
    }

    /** Number of recorded events applied to user states. */
    public long eventsApplied() {
        return applied.sum();
    }

    /** Number of events applied to one user's state (0 for a user with none). */
    public long eventsApplied(String user) {
        UserState s = user == null ? null : generation.states().get(user);
        return s == null ? 0 : s.events();
    }

    /** Number of events held in the log for re-application at the next swap. */
    public int loggedEvents() {
        return log.size();
    }

    /** The user's cart as recorded (in the order added). */
    public List<String> cart(String user) {
        UserState s = user == null ? null : generation.states().get(user);
        return s == null ? List.of() : List.of(s.cart());
    }

    /** The user's recently viewed items, oldest first. */
    public List<String> recentViews(String user) {
        UserState s = user == null ? null : generation.states().get(user);
        return s == null ? List.of() : List.of(s.recentViews());
    }

    /** Items the user purchased since serving began. */
    public Set<String> purchased(String user) {
        UserState s = user == null ? null : generation.states().get(user);
        return s == null ? Set.of() : Set.copyOf(s.purchased());
    }

    /**
     * Swaps in a retrained model atomically.
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
        long t0 = System.nanoTime();
        Generation next = new Generation(model, trainingData, trainedUpTo, trendingHalfLifeDays, sessionGapSeconds);
        ReentrantReadWriteLock.WriteLock lock = swapLock.writeLock();
        lock.lock();
        int reapplied = 0;
        try {
            Generation old = generation;
            Map<String, UserState> fresh = new HashMap<>(old.states().size() * 2);
            for (Map.Entry<String, UserState> en : old.states().entrySet()) {
                fresh.put(en.getKey(), en.getValue().sessionOnly());
            }
            for (Logged l : log) {
                if (l.seq() > trainedUpTo) {
                    Event e = l.event();
                    UserState s = fresh.get(e.user());
                    int item = next.item(e.item());
                    float w = weight(next, e);
                    s = s == null ? UserState.EMPTY.apply(e, item, w, next.aggregation()).sessionOnly()
                            .reapply(item, w, next.aggregation()) : s.reapply(item, w, next.aggregation());
                    fresh.put(e.user(), s);
                    reapplied++;
                }
            }
            next.states().putAll(fresh);
            log.removeIf(l -> l.seq() <= trainedUpTo);
            generation = next;
        } finally {
            lock.unlock();
        }
        LOG.info("swapped in {} ({} users carried over, {} events re-applied) in {} ms", model, next.states().size(),
                reapplied, (System.nanoTime() - t0) / 1_000_000);
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
         * popularity and has no associations. Not modified. {@link #build()} throws
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

        /** Builds the engine (computes trending scores and associations from the training data). */
        public SceneEngine build() {
            return new SceneEngine(this);
        }
    }
}
