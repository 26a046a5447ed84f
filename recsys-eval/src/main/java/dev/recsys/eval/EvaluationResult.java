package dev.recsys.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The outcome of one evaluation: aggregate metric values overall and per scene, how many users were
 * evaluated, the protocol line, whether the ranking was sampled, timing, and (optionally) the
 * per-user values, rankings and popularity profile behind the aggregates.
 *
 * <p>All metric values are finite. Metric maps keep the order in which the metrics were requested.
 *
 * <p>Thread safety: immutable.
 */
public final class EvaluationResult {
    private final String algorithm;
    private final Map<String, String> params;
    private final List<MetricSpec> metrics;
    private final Map<String, Double> overall;
    private final Map<String, Map<String, Double>> perScene;
    private final Map<String, Integer> usersPerScene;
    private final int usersEvaluated;
    private final int unitsEvaluated;
    private final int unitsWithoutScores;
    private final long ratingsEvaluated;
    private final long ratingsSkipped;
    private final int relevantDroppedAsSeen;
    private final int catalogueSize;
    private final String protocol;
    private final int sampledNegatives;
    private final double trainSeconds;
    private final double evalSeconds;
    private final UserMetrics perUser;
    private final Rankings rankings;
    private final PopularityProfile popularity;

    /** Mutable holder the evaluator fills. */
    static final class Parts {
        String algorithm;
        Map<String, String> params = Map.of();
        List<MetricSpec> metrics;
        Map<String, Double> overall;
        Map<String, Map<String, Double>> perScene;
        Map<String, Integer> usersPerScene;
        int usersEvaluated;
        int unitsEvaluated;
        int unitsWithoutScores;
        long ratingsEvaluated;
        long ratingsSkipped;
        int relevantDroppedAsSeen;
        int catalogueSize;
        String protocol;
        int sampledNegatives;
        double trainSeconds;
        double evalSeconds;
        UserMetrics perUser;
        Rankings rankings;
        PopularityProfile popularity;
    }

    EvaluationResult(Parts p) {
        this.algorithm = p.algorithm;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(p.params));
        this.metrics = List.copyOf(p.metrics);
        this.overall = Collections.unmodifiableMap(new LinkedHashMap<>(p.overall));
        Map<String, Map<String, Double>> ps = new LinkedHashMap<>();
        p.perScene.forEach((s, m) -> ps.put(s, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        this.perScene = Collections.unmodifiableMap(ps);
        this.usersPerScene = Collections.unmodifiableMap(new LinkedHashMap<>(p.usersPerScene));
        this.usersEvaluated = p.usersEvaluated;
        this.unitsEvaluated = p.unitsEvaluated;
        this.unitsWithoutScores = p.unitsWithoutScores;
        this.ratingsEvaluated = p.ratingsEvaluated;
        this.ratingsSkipped = p.ratingsSkipped;
        this.relevantDroppedAsSeen = p.relevantDroppedAsSeen;
        this.catalogueSize = p.catalogueSize;
        this.protocol = p.protocol;
        this.sampledNegatives = p.sampledNegatives;
        this.trainSeconds = p.trainSeconds;
        this.evalSeconds = p.evalSeconds;
        this.perUser = p.perUser;
        this.rankings = p.rankings;
        this.popularity = p.popularity;
    }

    private Parts parts() {
        Parts p = new Parts();
        p.algorithm = algorithm;
        p.params = params;
        p.metrics = metrics;
        p.overall = overall;
        p.perScene = perScene;
        p.usersPerScene = usersPerScene;
        p.usersEvaluated = usersEvaluated;
        p.unitsEvaluated = unitsEvaluated;
        p.unitsWithoutScores = unitsWithoutScores;
        p.ratingsEvaluated = ratingsEvaluated;
        p.ratingsSkipped = ratingsSkipped;
        p.relevantDroppedAsSeen = relevantDroppedAsSeen;
        p.catalogueSize = catalogueSize;
        p.protocol = protocol;
        p.sampledNegatives = sampledNegatives;
        p.trainSeconds = trainSeconds;
        p.evalSeconds = evalSeconds;
        p.perUser = perUser;
        p.rankings = rankings;
        p.popularity = popularity;
        return p;
    }

    /** Name of the evaluated algorithm. */
    public String algorithm() {
        return algorithm;
    }

    /** Parameters of the evaluated model, as text. */
    public Map<String, String> params() {
        return params;
    }

    /** The metrics requested, in order. */
    public List<MetricSpec> metricSpecs() {
        return metrics;
    }

    /** Overall metric values by name ({@code ndcg@10}), in request order. */
    public Map<String, Double> metrics() {
        return overall;
    }

    /**
     * One overall metric value.
     *
     * @throws IllegalArgumentException listing the available names if the metric was not computed
     */
    public double metric(String name) {
        Double v = overall.get(name);
        if (v == null) {
            throw new IllegalArgumentException("metric '" + name + "' was not computed; available: " + overall.keySet());
        }
        return v;
    }

    /** Metric values per scene name; scenes in test-log order, {@code home} for events without scene. */
    public Map<String, Map<String, Double>> perScene() {
        return perScene;
    }

    /** One per-scene value, or empty if the scene or the metric is absent (e.g. RMSE on a scene without ratings). */
    public OptionalDouble sceneMetric(String scene, String name) {
        Map<String, Double> m = perScene.get(scene);
        Double v = m == null ? null : m.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Distinct users evaluated per scene. */
    public Map<String, Integer> usersPerScene() {
        return usersPerScene;
    }

    /** Distinct users evaluated (with at least one relevant test item, or a rating event for rating-only runs). */
    public int usersEvaluated() {
        return usersEvaluated;
    }

    /** Evaluated (user, scene) units; equals {@link #usersEvaluated()} without scene tags. */
    public int unitsEvaluated() {
        return unitsEvaluated;
    }

    /** Units for which the model had nothing to say (they count with empty lists, scoring 0). */
    public int unitsWithoutScores() {
        return unitsWithoutScores;
    }

    /** Test rating events used for rating metrics. */
    public long ratingsEvaluated() {
        return ratingsEvaluated;
    }

    /**
     * Test rating events left out of rating metrics because their item is outside the model's
     * catalogue or their user has no training event (the model was not trained on that user).
     */
    public long ratingsSkipped() {
        return ratingsSkipped;
    }

    /** Relevant test items dropped because the user already had them in training (exclusion on). */
    public int relevantDroppedAsSeen() {
        return relevantDroppedAsSeen;
    }

    /** Number of catalogue items ranked. */
    public int catalogueSize() {
        return catalogueSize;
    }

    /** The one-line protocol description (split and candidate handling). */
    public String protocol() {
        return protocol;
    }

    /** Whether the ranking was sampled (each relevant item against sampled negatives). */
    public boolean sampled() {
        return sampledNegatives > 0;
    }

    /** Sampled negatives per relevant item, or 0 for full-catalogue ranking. */
    public int sampledNegatives() {
        return sampledNegatives;
    }

    /** Training time in seconds as reported by the caller ({@link #withTrainSeconds}), else 0. */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** Wall-clock evaluation time in seconds. */
    public double evalSeconds() {
        return evalSeconds;
    }

    /** Per-user metric values. */
    public UserMetrics perUser() {
        return perUser;
    }

    /** The ranked lists, unless sampled or not kept. */
    public Optional<Rankings> rankings() {
        return Optional.ofNullable(rankings);
    }

    /** Popularity of recommended versus catalogue items, if ranking metrics were computed in full-catalogue mode. */
    public Optional<PopularityProfile> popularity() {
        return Optional.ofNullable(popularity);
    }

    /**
     * A copy with the training time filled in.
     *
     * @throws IllegalArgumentException if {@code seconds} is negative or not finite
     */
    public EvaluationResult withTrainSeconds(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds must be finite and >= 0, got " + seconds);
        }
        Parts p = parts();
        p.trainSeconds = seconds;
        return new EvaluationResult(p);
    }

    /**
     * A copy with another algorithm label and parameters (e.g. to tell two configurations apart).
     *
     * @throws IllegalArgumentException if {@code name} is blank or {@code params} is null
     */
    public EvaluationResult withAlgorithm(String name, Map<String, String> params) {
        if (name == null || name.isBlank() || params == null) {
            throw new IllegalArgumentException("name must not be blank and params must not be null");
        }
        Parts p = parts();
        p.algorithm = name;
        p.params = params;
        return new EvaluationResult(p);
    }

    @Override
    public String toString() {
        return algorithm + " " + overall + " (" + usersEvaluated + " users; " + protocol + ")";
    }
}
