package dev.recsys.eval;

import dev.recsys.data.Behavior;
import dev.recsys.data.ValueTransform;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Settings of {@link Tuner#tune}: the time budget, the seed, the task (rating prediction or
 * ranking), the validation metric and fraction, the relevance rules of the validation ranking and
 * an optional restriction of the algorithms searched, and optionally fixed behaviour weights or value
 * transform (else the tuner searches them for the implicit models, see {@link Tuner}).
 *
 * <p>Thread safety: immutable; build with {@link #builder()}.
 */
public final class TuningOptions {
    /** Default budget of one {@link Tuner#tune} call (search plus final training). */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(60);

    /** What the tuner optimises. */
    public enum Task {
        /** {@link #RATING} when every training event carries a rating or review score, else {@link #RANKING}. */
        AUTO,
        /** Rating prediction: explicit-feedback algorithms, validation RMSE (lower is better). */
        RATING,
        /** Top-k ranking: implicit-feedback algorithms, validation NDCG@10 (higher is better). */
        RANKING
    }

    private final Duration budget;
    private final long seed;
    private final Task task;
    private final MetricSpec metric;
    private final double validationFraction;
    private final EvaluationOptions evaluation;
    private final Set<String> algorithms;
    private final LongSupplier clock;
    private final Map<Behavior, Float> behaviorWeights;
    private final ValueTransform valueTransform;

    private TuningOptions(Builder b) {
        this.behaviorWeights = b.behaviorWeights == null ? null : Collections.unmodifiableMap(copy(b.behaviorWeights));
        this.valueTransform = b.valueTransform;
        this.budget = b.budget;
        this.seed = b.seed;
        this.task = b.task;
        this.metric = b.metric;
        this.validationFraction = b.validationFraction;
        this.evaluation = b.evaluation;
        this.algorithms = Set.copyOf(b.algorithms);
        this.clock = b.clock;
    }

    /** The defaults: 60 s, seed 42, task {@link Task#AUTO}, 20% validation, default relevance. */
    public static TuningOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Wall-clock budget of the whole call (search and final training). */
    public Duration budget() {
        return budget;
    }

    /** Seed of the validation split, the search order and the models. */
    public long seed() {
        return seed;
    }

    /** The task asked for ({@link Task#AUTO} is resolved on the data). */
    public Task task() {
        return task;
    }

    /** The validation metric, or null for the task's default (RMSE or NDCG@10). */
    public MetricSpec metric() {
        return metric;
    }

    /** Share of each user's items (or of the latest events) held out for validation. */
    public double validationFraction() {
        return validationFraction;
    }

    /** Relevance rules, exclusion of training items and threads of the validation ranking. */
    public EvaluationOptions evaluation() {
        return evaluation;
    }

    /** Algorithms the search may use; empty = every registered one that fits the task and data. */
    public Set<String> algorithms() {
        return algorithms;
    }

    /** Monotonic time in nanoseconds the budget is measured with. */
    LongSupplier clock() {
        return clock;
    }

    private static Map<Behavior, Float> copy(Map<Behavior, Float> m) {
        Map<Behavior, Float> c = new EnumMap<>(Behavior.class);
        c.putAll(m);
        return c;
    }

    /** Behaviour-weight overrides every implicit candidate trains with, or null: the tuner searches them. */
    public Map<Behavior, Float> behaviorWeights() {
        return behaviorWeights;
    }

    /** The value transform every implicit candidate trains with, or null: the tuner searches it when values exist. */
    public ValueTransform valueTransform() {
        return valueTransform;
    }

    /** Builder of {@link TuningOptions}. Thread safety: not thread-safe. */
    public static final class Builder {
        private Duration budget = DEFAULT_BUDGET;
        private long seed = 42L;
        private Task task = Task.AUTO;
        private MetricSpec metric;
        private double validationFraction = 0.2;
        private EvaluationOptions evaluation = EvaluationOptions.defaults();
        private Set<String> algorithms = new LinkedHashSet<>();
        private LongSupplier clock = System::nanoTime;
        private Map<Behavior, Float> behaviorWeights;
        private ValueTransform valueTransform;

        private Builder() {
        }

        /**
         * Fixes the behaviour weights (overrides of the implicit defaults, as
         * {@code MatrixOptions.withWeights}) of every implicit candidate; null (the default) lets the
         * tuner search them.
         *
         * @throws IllegalArgumentException for a null key or value, or a weight that is negative or not finite
         */
        public Builder behaviorWeights(Map<Behavior, Float> weights) {
            if (weights != null) {
                for (Map.Entry<Behavior, Float> e : weights.entrySet()) {
                    if (e.getKey() == null || e.getValue() == null || !Float.isFinite(e.getValue()) || e.getValue() < 0) {
                        throw new IllegalArgumentException("behaviorWeights: every behaviour needs a finite weight >= 0, got "
                                + weights);
                    }
                }
            }
            this.behaviorWeights = weights == null ? null : copy(weights);
            return this;
        }

        /** Fixes the value transform of every implicit candidate; null (the default) lets the tuner search it. */
        public Builder valueTransform(ValueTransform transform) {
            this.valueTransform = transform;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the budget is null, zero or negative
         */
        public Builder budget(Duration budget) {
            if (budget == null || budget.isZero() || budget.isNegative()) {
                throw new IllegalArgumentException("budget must be positive, got " + budget);
            }
            this.budget = budget;
            return this;
        }

        /** Seed of the validation split, the search order and the models. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @throws IllegalArgumentException if null */
        public Builder task(Task task) {
            if (task == null) {
                throw new IllegalArgumentException("task must not be null");
            }
            this.task = task;
            return this;
        }

        /**
         * The validation metric; null = the task's default. A rating metric (rmse, mae) needs the
         * rating task, any other the ranking task.
         */
        public Builder metric(MetricSpec metric) {
            if (metric != null && (metric.metric().kind() == Metric.Kind.AGGREGATE || metric.metric().kind() == Metric.Kind.LIST)) {
                throw new IllegalArgumentException("metric " + metric.name() + " is not a per-user accuracy metric;"
                        + " use e.g. ndcg@10, recall@20 or rmse");
            }
            this.metric = metric;
            return this;
        }

        /** @throws IllegalArgumentException unless in (0, 0.5] */
        public Builder validationFraction(double fraction) {
            if (!(fraction > 0 && fraction <= 0.5)) {
                throw new IllegalArgumentException("validationFraction must be in (0, 0.5], got " + fraction);
            }
            this.validationFraction = fraction;
            return this;
        }

        /**
         * Relevance rules (behaviours, rating threshold), exclusion of training items and threads
         * of the validation ranking; split description, listener, rankings and seed are set by
         * the tuner. Sampled evaluation is not supported.
         */
        public Builder evaluation(EvaluationOptions evaluation) {
            if (evaluation == null) {
                throw new IllegalArgumentException("evaluation must not be null");
            }
            if (evaluation.sampled()) {
                throw new IllegalArgumentException("tuning ranks the full catalogue; sampled evaluation options are not supported");
            }
            this.evaluation = evaluation;
            return this;
        }

        /** Restricts the search to these algorithm names (empty = all that fit). */
        public Builder algorithms(Set<String> names) {
            if (names == null) {
                throw new IllegalArgumentException("algorithms must not be null (empty for all)");
            }
            this.algorithms = new LinkedHashSet<>(names);
            return this;
        }

        /** The clock the budget is measured with (tests pass a manual clock). */
        Builder clock(LongSupplier nanos) {
            if (nanos == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = nanos;
            return this;
        }

        /** The options. */
        public TuningOptions build() {
            return new TuningOptions(this);
        }
    }
}
