package dev.recsys.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The metrics the {@link Evaluator} computes. Each has a lower-case name as used in output and on
 * the command line; ranking and beyond-accuracy metrics take a cut-off written after '@'
 * ({@code ndcg@10}). The exact definitions are in {@link dev.recsys.eval.metrics.RankingMetrics},
 * {@link dev.recsys.eval.metrics.RatingMetrics} and
 * {@link dev.recsys.eval.metrics.BeyondAccuracyMetrics}.
 *
 * <p>Thread safety: immutable.
 */
public enum Metric {
    /** Root mean squared error of rating predictions over test rating events. */
    RMSE("rmse", Kind.RATING, Cutoff.NONE),
    /** Mean squared error of rating predictions over test rating events. */
    MSE("mse", Kind.RATING, Cutoff.NONE),
    /** Mean absolute error of rating predictions over test rating events. */
    MAE("mae", Kind.RATING, Cutoff.NONE),
    /** Hits in the top k divided by k. */
    PRECISION("precision", Kind.RANKING, Cutoff.REQUIRED),
    /** Hits in the top k divided by the number of relevant items. */
    RECALL("recall", Kind.RANKING, Cutoff.REQUIRED),
    /** Hits in the top k divided by min(k, number of relevant items) (Mult-VAE papers). */
    NRECALL("nrecall", Kind.RANKING, Cutoff.REQUIRED),
    /** Harmonic mean of precision and recall at k, per user. */
    F1("f1", Kind.RANKING, Cutoff.REQUIRED),
    /** Normalised discounted cumulative gain at k (binary gains, log2 discount). */
    NDCG("ndcg", Kind.RANKING, Cutoff.REQUIRED),
    /** Mean average precision at k (AP normalised by min(k, number of relevant items)). */
    MAP("map", Kind.RANKING, Cutoff.REQUIRED),
    /** Mean reciprocal rank of the first hit within the top k. */
    MRR("mrr", Kind.RANKING, Cutoff.REQUIRED),
    /** Share of users with at least one hit in the top k. */
    HITRATE("hitrate", Kind.RANKING, Cutoff.REQUIRED, "hit", "hr"),
    /** Area under the ROC curve: over the whole candidate list ({@code auc}) or truncated at k ({@code auc@k}). */
    AUC("auc", Kind.RANKING, Cutoff.OPTIONAL),
    /** Share of the catalogue that appears in at least one top-k list. */
    COVERAGE("coverage", Kind.AGGREGATE, Cutoff.REQUIRED),
    /** Gini coefficient of how often each catalogue item appears in the top-k lists. */
    GINI("gini", Kind.AGGREGATE, Cutoff.REQUIRED),
    /** Mean self-information -log2(popularity share) of recommended items. */
    NOVELTY("novelty", Kind.LIST, Cutoff.REQUIRED),
    /** Mean training popularity (number of users) of recommended items. */
    POPULARITY("popularity", Kind.LIST, Cutoff.REQUIRED),
    /** Intra-list diversity: share of item pairs in a list with different categories. */
    ILD_CATEGORY("ild-category", Kind.LIST, Cutoff.REQUIRED),
    /** Intra-list diversity: mean cosine distance between item vectors of a list. */
    ILD_EMBEDDING("ild-embedding", Kind.LIST, Cutoff.REQUIRED);

    /** What a metric is computed from. */
    public enum Kind {
        /** Rating predictions of test rating events ({@code TrainedModel.predict}). */
        RATING,
        /** A ranked list plus the user's relevant test items; one value per evaluated user. */
        RANKING,
        /** A ranked list alone (beyond accuracy); one value per evaluated user. */
        LIST,
        /** All ranked lists together (beyond accuracy); no per-user value. */
        AGGREGATE
    }

    /** Whether a metric takes a cut-off. */
    public enum Cutoff {
        /** No cut-off allowed. */
        NONE,
        /** A cut-off is required. */
        REQUIRED,
        /** With or without a cut-off. */
        OPTIONAL
    }

    private final String label;
    private final Kind kind;
    private final Cutoff cutoff;
    private final String[] aliases;

    Metric(String label, Kind kind, Cutoff cutoff, String... aliases) {
        this.label = label;
        this.kind = kind;
        this.cutoff = cutoff;
        this.aliases = aliases;
    }

    /** The lower-case name used in output, e.g. {@code ndcg}. */
    public String label() {
        return label;
    }

    /** What the metric is computed from. */
    public Kind kind() {
        return kind;
    }

    /** Whether the metric takes a cut-off. */
    public Cutoff cutoff() {
        return cutoff;
    }

    /** Whether the metric has one value per evaluated user (rating, ranking and list metrics). */
    public boolean perUser() {
        return kind != Kind.AGGREGATE;
    }

    /** The metric with this name or alias (case-insensitive), or {@code null}. */
    static Metric byLabel(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.label.equals(n) || Arrays.asList(m.aliases).contains(n)) {
                return m;
            }
        }
        return null;
    }

    /** Every valid metric form, e.g. {@code rmse, precision@K, auc or auc@K}, for error messages. */
    public static String validForms() {
        return Arrays.stream(values()).map(m -> {
            switch (m.cutoff) {
                case NONE:
                    return m.label;
                case REQUIRED:
                    return m.label + "@K";
                default:
                    return m.label + " or " + m.label + "@K";
            }
        }).collect(Collectors.joining(", "));
    }
}
