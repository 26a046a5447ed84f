package dev.recsys.experiment;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Recommender;
import dev.recsys.data.Event;
import dev.recsys.scene.SceneEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Serves an A/B experiment: each request's user is assigned by the {@link ExperimentPlan} and
 * answered by that variant's recommender — typically a {@link SceneEngine} built over the
 * variant's model, or over the same model with the variant's {@link dev.recsys.scene.SceneConfig}s.
 * Users outside the experiment and anonymous requests get the fallback (the control unless set).
 * With a log, every answer to an assigned user is logged as an impression; {@link #serve} returns
 * the impression id to log the clicks, carts and purchases that follow.
 *
 * <pre>{@code
 * VariantRecommender rec = VariantRecommender.builder(plan, "als-vs-pop")
 *         .variant("control", SceneEngine.builder(popModel).build())
 *         .variant("als", SceneEngine.builder(alsModel).build())
 *         .log(EventLog.open(Path.of("experiment.csv")))
 *         .build();
 * VariantRecommender.Served s = rec.serve(RecommendRequest.builder(Scene.HOME, 10).user("u42").build());
 * // later: log.append(LogEvent.click(now, "u42", "als-vs-pop", s.variant(), s.impression(), item, position));
 * }</pre>
 *
 * <p>Thread safety: thread-safe if the variants' recommenders are (the library's are); the log
 * serialises its appends.
 */
public final class VariantRecommender implements Recommender {
    private final ExperimentPlan plan;
    private final String experiment;
    private final Map<String, Recommender> variants;
    private final Recommender fallback;
    private final EventLog log;
    private final LongSupplier clock;
    private final LongSupplier ids;

    private VariantRecommender(Builder b) {
        this.plan = b.plan;
        this.experiment = b.experiment;
        this.variants = Collections.unmodifiableMap(new LinkedHashMap<>(b.variants));
        this.fallback = b.fallback;
        this.log = b.log;
        this.clock = b.clock;
        this.ids = b.ids;
    }

    /**
     * A builder for the experiment called {@code experiment} of {@code plan}.
     *
     * @throws IllegalArgumentException if the plan has no such experiment
     */
    public static Builder builder(ExperimentPlan plan, String experiment) {
        if (plan == null) {
            throw new IllegalArgumentException("plan must not be null");
        }
        plan.experiment(experiment);
        return new Builder(plan, experiment);
    }

    /**
     * An answer and where it came from.
     *
     * @param variant         the variant that answered, or null for the fallback
     * @param impression      the logged impression's id, or -1 if not logged
     * @param recommendations the list
     *
     * <p>Thread safety: immutable.
     */
    public record Served(String variant, long impression, List<Recommendation> recommendations) {
        /** Copies the list. */
        public Served {
            recommendations = List.copyOf(recommendations);
        }
    }

    @Override
    public List<Recommendation> recommend(RecommendRequest request) {
        return serve(request).recommendations();
    }

    /** Answers a request and logs the impression (when a log is set and the user is assigned). */
    public Served serve(RecommendRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        String user = request.user();
        String variant = user == null ? null : plan.variant(experiment, user).orElse(null);
        if (variant == null) {
            return new Served(null, -1, fallback.recommend(request));
        }
        List<Recommendation> recs = variants.get(variant).recommend(request);
        long id = -1;
        if (log != null && !recs.isEmpty()) {
            id = ids.getAsLong();
            List<String> items = new ArrayList<>(recs.size());
            for (Recommendation r : recs) {
                items.add(r.itemId());
            }
            log.append(LogEvent.impression(clock.getAsLong(), user, experiment, variant, id, items));
        }
        return new Served(variant, id, recs);
    }

    /** The variant of a unit, or null if it is not in the experiment. */
    public String variantOf(String unit) {
        return plan.variant(experiment, unit).orElse(null);
    }

    /**
     * Records an event in every variant that is a {@link SceneEngine} (each once), so every
     * variant keeps the user's real-time state.
     */
    public void record(Event event) {
        Set<SceneEngine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Recommender r : variants.values()) {
            if (r instanceof SceneEngine se && seen.add(se)) {
                se.record(event);
            }
        }
        if (fallback instanceof SceneEngine se && seen.add(se)) {
            se.record(event);
        }
    }

    /**
     * Builds a {@link VariantRecommender}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private final ExperimentPlan plan;
        private final String experiment;
        private final Map<String, Recommender> variants = new LinkedHashMap<>();
        private Recommender fallback;
        private EventLog log;
        private LongSupplier clock = () -> System.currentTimeMillis() / 1000;
        private LongSupplier ids = () -> ThreadLocalRandom.current().nextLong() >>> 2;

        private Builder(ExperimentPlan plan, String experiment) {
            this.plan = plan;
            this.experiment = experiment;
        }

        /** The recommender serving a variant. */
        public Builder variant(String variant, Recommender recommender) {
            if (!plan.experiment(experiment).variants().contains(variant)) {
                throw new IllegalArgumentException("experiment '" + experiment + "' has no variant '" + variant + "'");
            }
            if (recommender == null) {
                throw new IllegalArgumentException("recommender of variant '" + variant + "' must not be null");
            }
            variants.put(variant, recommender);
            return this;
        }

        /** The recommender for anonymous users and users outside the experiment (default: the control's). */
        public Builder fallback(Recommender recommender) {
            if (recommender == null) {
                throw new IllegalArgumentException("fallback must not be null");
            }
            this.fallback = recommender;
            return this;
        }

        /** The log impressions are appended to (default: none). */
        public Builder log(EventLog log) {
            this.log = log;
            return this;
        }

        /** The clock of logged impressions, in epoch seconds (default: the system clock). */
        public Builder clock(LongSupplier epochSeconds) {
            if (epochSeconds == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = epochSeconds;
            return this;
        }

        /** The source of impression ids, non-negative (default: random 62-bit numbers). */
        public Builder impressionIds(LongSupplier ids) {
            if (ids == null) {
                throw new IllegalArgumentException("ids must not be null");
            }
            this.ids = ids;
            return this;
        }

        /**
         * Builds the recommender.
         *
         * @throws IllegalArgumentException if a variant of the experiment has no recommender
         */
        public VariantRecommender build() {
            for (String v : plan.experiment(experiment).variants()) {
                if (!variants.containsKey(v)) {
                    throw new IllegalArgumentException("variant '" + v + "' of experiment '" + experiment + "' has no recommender");
                }
            }
            if (fallback == null) {
                fallback = variants.get(plan.experiment(experiment).control());
            }
            return new VariantRecommender(this);
        }
    }
}
