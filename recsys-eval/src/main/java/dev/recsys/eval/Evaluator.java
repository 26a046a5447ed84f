package dev.recsys.eval;

import dev.recsys.api.Recommender;
import dev.recsys.data.Interactions;
import dev.recsys.spi.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a trained model (or any {@link Recommender}) on a train/test pair that shares id
 * indices, computing the requested metrics overall and per scene.
 *
 * <h2>What is evaluated</h2>
 * Test events are grouped into units by (user, scene); events without a scene belong to
 * {@link dev.recsys.api.Scene#HOME}, so untagged data gives exactly one unit per user. For each unit:
 * <ul>
 *   <li>the relevant items are its distinct test items that pass the relevance rules of
 *       {@link EvaluationOptions} (minus items the user has in training when those are excluded);
 *       units without a relevant item are not evaluated by ranking metrics;</li>
 *   <li>the model scores the whole catalogue for a {@link dev.recsys.spi.Query} holding the user's
 *       dense index (-1 for a user without any training event, whom the model was not trained on),
 *       the user's training row as history (items and weights, built with
 *       {@link EvaluationOptions#historyOptions()}) and the unit's scene; a model that returns
 *       {@code false} ("nothing to say") gives that unit an empty list, which scores 0 and is
 *       counted in {@link EvaluationResult#unitsWithoutScores()};</li>
 *   <li>excluded items and items scored {@code -Infinity} are never ranked; equal scores go to the
 *       lower item index; the top {@code k} form the list every ranking metric reads;</li>
 *   <li>in sampled mode each relevant item is instead ranked against sampled negatives (see
 *       {@link EvaluationOptions.Builder#sampledNegatives}) and the unit's value is the mean over its
 *       relevant items; beyond-accuracy metrics are not available there.</li>
 * </ul>
 * A ranking or list metric is the mean of its per-unit values (per scene: over that scene's units);
 * rating metrics pool all test rating events of users with training events whose item the model
 * scores (others are counted in {@link EvaluationResult#ratingsSkipped()}); coverage and Gini pool
 * all lists. Model scores must
 * be finite or {@code -Infinity}; a NaN score or prediction is an {@link IllegalStateException}.
 *
 * <h2>Parallelism and determinism</h2>
 * Units are processed in parallel on {@link EvaluationOptions#threads()} threads; each unit's values
 * are stored in its own slot and aggregated in unit order afterwards, and negative sampling uses one
 * seed per unit drawn in unit order, so results are identical for any thread count. Progress goes
 * to the options' listener with stage {@code users}.
 *
 * <p>Thread safety: immutable; {@code evaluate} may be called concurrently.
 */
public final class Evaluator {
    private final List<MetricSpec> metrics;
    private final EvaluationOptions options;

    /**
     * @param metrics the metrics to compute, in output order; at least one
     * @param options candidate handling and run settings
     * @throws IllegalArgumentException if {@code metrics} is empty or an option does not fit a metric
     *                                  (beyond-accuracy metrics in sampled mode, {@code ild-category}
     *                                  without catalogue, {@code ild-embedding} without vectors)
     */
    public Evaluator(List<MetricSpec> metrics, EvaluationOptions options) {
        if (metrics == null || metrics.isEmpty()) {
            throw new IllegalArgumentException("metrics must not be empty; valid: " + Metric.validForms());
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        List<MetricSpec> list = new ArrayList<>();
        for (MetricSpec s : metrics) {
            if (s == null) {
                throw new IllegalArgumentException("metrics must not contain null");
            }
            if (!list.contains(s)) {
                list.add(s);
            }
            Metric.Kind kind = s.metric().kind();
            if (options.sampled() && (kind == Metric.Kind.LIST || kind == Metric.Kind.AGGREGATE)) {
                throw new IllegalArgumentException("metric " + s.name() + " needs full-catalogue ranking; it is not available"
                        + " with sampled evaluation (sampledNegatives = " + options.sampledNegatives() + ")");
            }
            if (s.metric() == Metric.ILD_CATEGORY && options.catalog() == null) {
                throw new IllegalArgumentException("metric " + s.name() + " needs an item catalogue (EvaluationOptions.Builder.catalog)");
            }
            if (s.metric() == Metric.ILD_EMBEDDING && options.itemVectors() == null) {
                throw new IllegalArgumentException("metric " + s.name() + " needs item vectors (EvaluationOptions.Builder.itemVectors)");
            }
        }
        this.metrics = List.copyOf(list);
        this.options = options;
    }

    /**
     * An evaluator for a metrics list such as {@code rmse,mae,precision@10,ndcg@5,recall@20}.
     *
     * @throws IllegalArgumentException if the list does not parse (the message lists valid names)
     */
    public static Evaluator of(String metricList, EvaluationOptions options) {
        return new Evaluator(MetricSpec.parseList(metricList), options);
    }

    /** The metrics, in output order. */
    public List<MetricSpec> metrics() {
        return metrics;
    }

    /** The options. */
    public EvaluationOptions options() {
        return options;
    }

    /**
     * Evaluates a trained model at the level of dense indices. The catalogue is the model's items
     * {@code 0 .. model.numItems()-1}; test items beyond it stay relevant but cannot be ranked.
     *
     * @param train the training events (for history and exclusions). Not modified.
     * @param test  the test events; must share {@code train}'s id indices. Not modified.
     * @param model the model, trained on {@code train}
     * @throws IllegalArgumentException if the logs do not share indices, the test set is empty,
     *                                  rating metrics are asked of a model that does not predict
     *                                  ratings, or nothing can be evaluated
     * @throws IllegalStateException    if the model returns a NaN score or prediction
     */
    public EvaluationResult evaluate(Interactions train, Interactions test, TrainedModel model) {
        checkData(train, test);
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        int n = model.numItems();
        if (n <= 0 || n > test.items().size()) {
            throw new IllegalArgumentException("model scores " + n + " items but the item index holds " + test.items().size()
                    + "; train the model on this training set");
        }
        for (MetricSpec s : metrics) {
            if (s.metric().kind() == Metric.Kind.RATING && !model.predictsRatings()) {
                throw new IllegalArgumentException("metric " + s.name() + " needs a model that predicts ratings; "
                        + model.algorithm() + " does not");
            }
        }
        EvaluationRun run = new EvaluationRun(metrics, options, train, test, model, new DenseRanker(model), n);
        return run.run(model.algorithm(), model.params() == null ? Map.of() : model.params().asText());
    }

    /**
     * Evaluates any {@link Recommender} through its public API by external ids (for models that
     * expose no {@link TrainedModel}). The catalogue is every item of the shared item index; the
     * recommender is asked for the top {@code k} with the training items in
     * {@link dev.recsys.api.RecommendRequest#exclude()} (when excluded) and, in sampled mode, for a
     * ranking of the candidate list. Rating metrics are not available. Full-list {@code auc} asks
     * for the whole catalogue; items the recommender leaves out share the last place.
     *
     * @param algorithm name for the output
     * @param params    parameters for the output (may be empty)
     * @throws IllegalArgumentException as {@link #evaluate(Interactions, Interactions, TrainedModel)}
     * @throws IllegalStateException    if the recommender returns an unknown item or an item twice
     */
    public EvaluationResult evaluate(Interactions train, Interactions test, Recommender recommender,
                                     String algorithm, Map<String, String> params) {
        checkData(train, test);
        if (recommender == null) {
            throw new IllegalArgumentException("recommender must not be null");
        }
        if (algorithm == null || algorithm.isBlank()) {
            throw new IllegalArgumentException("algorithm must not be blank");
        }
        for (MetricSpec s : metrics) {
            if (s.metric().kind() == Metric.Kind.RATING) {
                throw new IllegalArgumentException("metric " + s.name() + " needs rating predictions, which a Recommender"
                        + " does not give; evaluate its TrainedModel instead");
            }
        }
        int n = test.items().size();
        RecommenderRanker ranker = new RecommenderRanker(recommender, test.users(), test.items(), options.excludeTrainingItems());
        EvaluationRun run = new EvaluationRun(metrics, options, train, test, null, ranker, n);
        return run.run(algorithm, params == null ? Map.of() : params);
    }

    /**
     * Precision, recall and NDCG for every k from 1 to {@code maxK}, from one ranking pass at
     * {@code maxK} with these options (for charts).
     *
     * @throws IllegalArgumentException if {@code maxK < 1} or the options are sampled
     */
    public static CurveResult curve(Interactions train, Interactions test, TrainedModel model, EvaluationOptions options, int maxK) {
        return CurveResult.of(curveEvaluator(options, maxK).evaluate(train, test, model), maxK);
    }

    /** Like {@link #curve(Interactions, Interactions, TrainedModel, EvaluationOptions, int)} for a {@link Recommender}. */
    public static CurveResult curve(Interactions train, Interactions test, Recommender recommender, String algorithm,
                                    EvaluationOptions options, int maxK) {
        return CurveResult.of(curveEvaluator(options, maxK).evaluate(train, test, recommender, algorithm, Map.of()), maxK);
    }

    private static Evaluator curveEvaluator(EvaluationOptions options, int maxK) {
        if (maxK < 1 || maxK > MetricSpec.MAX_CUTOFF) {
            throw new IllegalArgumentException("maxK must be in [1, " + MetricSpec.MAX_CUTOFF + "], got " + maxK);
        }
        if (options.sampled()) {
            throw new IllegalArgumentException("curves need full-catalogue ranking; turn sampled evaluation off");
        }
        EvaluationOptions o = options.toBuilder().rankingDepth(maxK).keepRankings(true).build();
        return new Evaluator(List.of(MetricSpec.of(Metric.PRECISION, maxK), MetricSpec.of(Metric.RECALL, maxK),
                MetricSpec.of(Metric.NDCG, maxK)), o);
    }

    private static void checkData(Interactions train, Interactions test) {
        if (train == null || test == null) {
            throw new IllegalArgumentException("train and test must not be null");
        }
        if (train.users() != test.users() || train.items() != test.items()) {
            throw new IllegalArgumentException("test must share train's id indices (create it with Interactions.select,"
                    + " or load it with new Interactions(train.users(), train.items(), n))");
        }
        if (test.isEmpty()) {
            throw new IllegalArgumentException("the test set has no events");
        }
    }
}
