package dev.recsys.eval;

import dev.recsys.data.Behavior;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.spi.TrainingListener;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How test data becomes ranking tasks (candidate handling), plus run settings. The defaults are
 * those of the CLI's {@code --train/--test} and are printed with every result (see
 * {@link #describe()}):
 * <ul>
 *   <li>every test item of a user is relevant (any behaviour, no rating threshold);</li>
 *   <li>items the user has in the training set are excluded from the ranking; a relevant test item
 *       the user already has in training is then dropped from the relevant set, since it can never
 *       be ranked (the evaluator reports how many were dropped);</li>
 *   <li>the whole catalogue (every item the model scores) is ranked;</li>
 *   <li>users with at least one relevant test item are evaluated; with scene-tagged test events
 *       the unit of evaluation is a (user, scene) pair (see {@link Evaluator}).</li>
 * </ul>
 *
 * <p>Thread safety: immutable; build with {@link #builder()}.
 */
public final class EvaluationOptions {
    private final boolean excludeTrainingItems;
    private final double relevanceThreshold; // NaN: none
    private final Set<Behavior> relevantBehaviors;
    private final int sampledNegatives;
    private final long seed;
    private final int threads;
    private final MatrixOptions historyOptions;
    private final ItemCatalog catalog;
    private final String categoryAttribute;
    private final float[] itemVectors;
    private final int vectorDim;
    private final int rankingDepth;
    private final boolean keepRankings;
    private final String splitDescription;
    private final TrainingListener listener;
    private final int[] fillOrder; // null: short lists stay short
    private final String fillDescription;

    private EvaluationOptions(Builder b) {
        this.excludeTrainingItems = b.excludeTrainingItems;
        this.relevanceThreshold = b.relevanceThreshold;
        this.relevantBehaviors = b.relevantBehaviors.isEmpty() ? Set.of() : Set.copyOf(b.relevantBehaviors);
        this.sampledNegatives = b.sampledNegatives;
        this.seed = b.seed;
        this.threads = b.threads;
        this.historyOptions = b.historyOptions;
        this.catalog = b.catalog;
        this.categoryAttribute = b.categoryAttribute;
        this.itemVectors = b.itemVectors;
        this.vectorDim = b.vectorDim;
        this.rankingDepth = b.rankingDepth;
        this.keepRankings = b.keepRankings;
        this.splitDescription = b.splitDescription;
        this.listener = b.listener;
        this.fillOrder = b.fillOrder;
        this.fillDescription = b.fillDescription;
    }

    /** The defaults (see the class comment). */
    public static EvaluationOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.excludeTrainingItems = excludeTrainingItems;
        b.relevanceThreshold = relevanceThreshold;
        b.relevantBehaviors = relevantBehaviors.isEmpty() ? EnumSet.noneOf(Behavior.class) : EnumSet.copyOf(relevantBehaviors);
        b.sampledNegatives = sampledNegatives;
        b.seed = seed;
        b.threads = threads;
        b.historyOptions = historyOptions;
        b.catalog = catalog;
        b.categoryAttribute = categoryAttribute;
        b.itemVectors = itemVectors;
        b.vectorDim = vectorDim;
        b.rankingDepth = rankingDepth;
        b.keepRankings = keepRankings;
        b.splitDescription = splitDescription;
        b.listener = listener;
        b.fillOrder = fillOrder;
        b.fillDescription = fillDescription;
        return b;
    }

    /** Whether items the user has in training are left out of the ranking (default true). */
    public boolean excludeTrainingItems() {
        return excludeTrainingItems;
    }

    /**
     * Minimum value for a test event with a value (rating, review) to be relevant, if set; events
     * without a value (implicit feedback) are relevant regardless.
     */
    public OptionalDouble relevanceThreshold() {
        return Double.isNaN(relevanceThreshold) ? OptionalDouble.empty() : OptionalDouble.of(relevanceThreshold);
    }

    /** Behaviours whose test events can be relevant; empty means all (the default). */
    public Set<Behavior> relevantBehaviors() {
        return relevantBehaviors;
    }

    /** Whether test event values and behaviour make it relevant under these options. */
    public boolean isRelevant(Behavior behavior, float value) {
        if (!relevantBehaviors.isEmpty() && !relevantBehaviors.contains(behavior)) {
            return false;
        }
        return Double.isNaN(relevanceThreshold) || !behavior.hasValue() || value >= relevanceThreshold;
    }

    /**
     * Number of sampled negatives per relevant item in sampled evaluation, or 0 for full-catalogue
     * ranking (the default).
     */
    public int sampledNegatives() {
        return sampledNegatives;
    }

    /** Whether sampled evaluation is on. */
    public boolean sampled() {
        return sampledNegatives > 0;
    }

    /** Seed of the negative sampling (default 42). */
    public long seed() {
        return seed;
    }

    /** Worker threads as given: 0 (the default) for all available processors, else 1 .. {@link Parallel#MAX_THREADS}. */
    public int threads() {
        return threads;
    }

    /**
     * How a user's training events become the history (items and weights) of the
     * {@link dev.recsys.spi.Query} a model scores; use the options the model was trained with
     * (default {@link MatrixOptions#implicitDefaults()}).
     */
    public MatrixOptions historyOptions() {
        return historyOptions;
    }

    /** Item catalogue for {@code ild-category}, or {@code null}. */
    public ItemCatalog catalog() {
        return catalog;
    }

    /** Categorical attribute {@code ild-category} compares (default {@code category}). */
    public String categoryAttribute() {
        return categoryAttribute;
    }

    /** Item vectors (flat, row-major) for {@code ild-embedding}, or {@code null}. */
    public float[] itemVectors() {
        return itemVectors;
    }

    /** Length of each item vector, or 0. */
    public int vectorDim() {
        return vectorDim;
    }

    /**
     * Minimum length of the stored per-user rankings (default 0: the largest metric cut-off). Set
     * it to 50 to draw {@link CurveResult} curves up to k = 50.
     */
    public int rankingDepth() {
        return rankingDepth;
    }

    /** Whether per-user rankings are kept in the result (default true; never in sampled mode). */
    public boolean keepRankings() {
        return keepRankings;
    }

    /** How the train/test split was made, for the protocol line (default {@code given train/test}). */
    public String splitDescription() {
        return splitDescription;
    }

    /** Progress receiver (default none). */
    public TrainingListener listener() {
        return listener;
    }

    /**
     * Whether short lists are filled (see {@link Builder#fill}); off by default, so a list holds only
     * what the model scored.
     */
    public boolean fills() {
        return fillOrder != null;
    }

    /** Items in fill order, or null when lists are not filled. Shared; do not modify. */
    int[] fillOrder() {
        return fillOrder;
    }

    /**
     * The one-line protocol description printed with every result, for example
     * {@code split: given train/test; relevant: every test item; training items excluded;
     * ranking: full catalogue; users: >= 1 relevant test item; ties: lower item index first}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("split: ").append(splitDescription);
        sb.append("; relevant: every test item");
        if (!relevantBehaviors.isEmpty()) {
            sb.append(" with behaviour ").append(relevantBehaviors.stream().sorted()
                    .map(b -> b.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("/")));
        }
        if (!Double.isNaN(relevanceThreshold)) {
            sb.append(" with rating >= ").append(format(relevanceThreshold));
        }
        sb.append(excludeTrainingItems ? "; training items excluded" : "; training items kept in ranking");
        if (sampledNegatives > 0) {
            sb.append("; ranking: sampled, each relevant item vs ").append(sampledNegatives)
                    .append(" random negatives (seed ").append(seed).append(")");
        } else {
            sb.append("; ranking: full catalogue");
        }
        sb.append("; users: >= 1 relevant test item; ties: lower item index first");
        if (sampledNegatives == 0) {
            sb.append(fillOrder != null ? "; short lists filled with " + fillDescription : "; short lists not filled");
        }
        return sb.toString();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Builder for {@link EvaluationOptions}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private boolean excludeTrainingItems = true;
        private double relevanceThreshold = Double.NaN;
        private EnumSet<Behavior> relevantBehaviors = EnumSet.noneOf(Behavior.class);
        private int sampledNegatives;
        private long seed = 42L;
        private int threads;
        private MatrixOptions historyOptions = MatrixOptions.implicitDefaults();
        private ItemCatalog catalog;
        private String categoryAttribute = ItemCatalog.CATEGORY;
        private float[] itemVectors;
        private int vectorDim;
        private int rankingDepth;
        private boolean keepRankings = true;
        private String splitDescription = "given train/test";
        private TrainingListener listener = TrainingListener.NONE;
        private int[] fillOrder;
        private String fillDescription;

        private Builder() {
        }

        /**
         * Fills short full-catalogue lists as the serving path does: when the model ranks fewer than
         * the cut-off (it scored too few items, or had nothing to say for the user), the list goes on
         * with the items of {@code order} that are neither listed nor excluded, in that order, each
         * scored strictly below the previous one. Sampled evaluation ignores it. See
         * {@link EvaluationFill#servingOrder} for the order {@code recsys recommend} fills with.
         *
         * @param order       dense item indices, best first (typically trending); copied
         * @param description what the order is, for {@link EvaluationOptions#describe()}
         * @throws IllegalArgumentException naming {@code order} if it is null or holds a negative index,
         *                                  or {@code description} if blank
         */
        public Builder fill(int[] order, String description) {
            if (order == null) {
                throw new IllegalArgumentException("fill order must not be null (use noFill() to turn filling off)");
            }
            for (int i : order) {
                if (i < 0) {
                    throw new IllegalArgumentException("fill order holds negative item index " + i);
                }
            }
            if (description == null || description.isBlank()) {
                throw new IllegalArgumentException("fill description must not be blank");
            }
            this.fillOrder = order.clone();
            this.fillDescription = description.replace('\n', ' ').replace('\r', ' ');
            return this;
        }

        /** Short lists stay short (the default). */
        public Builder noFill() {
            this.fillOrder = null;
            this.fillDescription = null;
            return this;
        }

        /** Whether items seen in training are excluded from the ranking (default true). */
        public Builder excludeTrainingItems(boolean exclude) {
            this.excludeTrainingItems = exclude;
            return this;
        }

        /**
         * Only test events with a value (ratings) at or above {@code threshold} are relevant, e.g. 4
         * on a 1-5 scale.
         *
         * @throws IllegalArgumentException if {@code threshold} is not finite
         */
        public Builder relevanceThreshold(double threshold) {
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("relevanceThreshold must be finite, got " + threshold);
            }
            this.relevanceThreshold = threshold;
            return this;
        }

        /** Removes the relevance threshold (the default). */
        public Builder noRelevanceThreshold() {
            this.relevanceThreshold = Double.NaN;
            return this;
        }

        /**
         * Only test events with these behaviours are relevant (for example purchases only); an empty
         * set means all behaviours (the default).
         */
        public Builder relevantBehaviors(Set<Behavior> behaviors) {
            if (behaviors == null) {
                throw new IllegalArgumentException("relevantBehaviors must not be null (use an empty set for all)");
            }
            this.relevantBehaviors = behaviors.isEmpty() ? EnumSet.noneOf(Behavior.class) : EnumSet.copyOf(behaviors);
            return this;
        }

        /**
         * Sampled evaluation: each relevant item is ranked against {@code negatives} items drawn
         * uniformly without replacement from the user's non-relevant candidates (NCF protocol);
         * 0 turns it off (the default). Results are labelled as sampled.
         *
         * @throws IllegalArgumentException if {@code negatives < 0}
         */
        public Builder sampledNegatives(int negatives) {
            if (negatives < 0) {
                throw new IllegalArgumentException("sampledNegatives must be >= 0, got " + negatives);
            }
            this.sampledNegatives = negatives;
            return this;
        }

        /** Seed of the negative sampling (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Number of worker threads: 0 (the default) for all available processors, else 1 ..
         * {@link Parallel#MAX_THREADS}; the results do not depend on it.
         *
         * @throws IllegalArgumentException naming {@code threads} if out of range
         */
        public Builder threads(int threads) {
            Parallel.resolve(threads);
            this.threads = threads;
            return this;
        }

        /** How training events become a user's query history (use the model's training options). */
        public Builder historyOptions(MatrixOptions options) {
            if (options == null) {
                throw new IllegalArgumentException("historyOptions must not be null");
            }
            this.historyOptions = options;
            return this;
        }

        /**
         * Item catalogue for {@code ild-category}; must be keyed by the test set's item index.
         *
         * @param attribute categorical attribute to compare, e.g. {@link ItemCatalog#CATEGORY}
         */
        public Builder catalog(ItemCatalog catalog, String attribute) {
            if (catalog == null) {
                throw new IllegalArgumentException("catalog must not be null");
            }
            if (attribute == null || !catalog.categoricalAttributes().contains(attribute)) {
                throw new IllegalArgumentException("attribute must be a categorical attribute of the catalogue "
                        + catalog.categoricalAttributes() + ", got " + attribute);
            }
            this.catalog = catalog;
            this.categoryAttribute = attribute;
            return this;
        }

        /**
         * Item vectors for {@code ild-embedding}: flat row-major, {@code dim} floats per item in
         * dense item index order. Not copied; must not be modified while evaluating.
         *
         * @throws IllegalArgumentException if the array length is not a multiple of {@code dim}
         */
        public Builder itemVectors(float[] vectors, int dim) {
            if (vectors == null || dim <= 0 || vectors.length % dim != 0) {
                throw new IllegalArgumentException("itemVectors must be a non-null numItems x dim array with dim > 0");
            }
            this.itemVectors = vectors;
            this.vectorDim = dim;
            return this;
        }

        /**
         * Minimum length of the stored rankings (0: largest cut-off).
         *
         * @throws IllegalArgumentException if {@code depth} is negative or above {@link MetricSpec#MAX_CUTOFF}
         */
        public Builder rankingDepth(int depth) {
            if (depth < 0 || depth > MetricSpec.MAX_CUTOFF) {
                throw new IllegalArgumentException("rankingDepth must be in [0, " + MetricSpec.MAX_CUTOFF + "], got " + depth);
            }
            this.rankingDepth = depth;
            return this;
        }

        /** Whether per-user rankings are kept in the result (default true). */
        public Builder keepRankings(boolean keep) {
            this.keepRankings = keep;
            return this;
        }

        /** How the split was made, e.g. {@code predefined u1.base/u1.test}. */
        public Builder splitDescription(String description) {
            if (description == null || description.isBlank()) {
                throw new IllegalArgumentException("splitDescription must not be blank");
            }
            this.splitDescription = description.replace('\n', ' ').replace('\r', ' ');
            return this;
        }

        /** Progress receiver; called with stage {@code users}. */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            this.listener = listener;
            return this;
        }

        /** Builds the options. */
        public EvaluationOptions build() {
            return new EvaluationOptions(this);
        }
    }
}
