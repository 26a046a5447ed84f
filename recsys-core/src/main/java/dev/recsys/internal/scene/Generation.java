package dev.recsys.internal.scene;

import dev.recsys.data.Aggregation;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.TrainedModel;
import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * Everything the scene engine derives from one served model: the model and its indices, the item
 * factors (raw and unit-length) of a factor model, which items are repeatable, time-decayed
 * trending scores, co-view and co-purchase associations, the strongest training behaviour per
 * (user, item). Users' real-time states are not part of it: they are model-independent
 * ({@link UserState}) and hold their view of a generation themselves.
 *
 * <p>Thread safety: immutable; safe for concurrent use.
 */
public final class Generation {
    private final RecommenderModel bundle;
    private final TrainedModel model;
    private final FactorModel factors;
    private final int numItems;
    private final int dim;
    private final float[] itemFactors;
    private final float[] itemBiases;
    private final float[] unitFactors;
    private final boolean[] repeatable;
    private final boolean[] trained;
    private final float[] trending;
    private final int[] trendingOrder;
    private final Associations coView;
    private final Associations coBuy;
    private final Associations categoryCoBuy;
    private final int[] categoryPtr;
    private final int[] categoryItems;
    private final TrainingBehaviours behaviours;
    private final int[] lastPurchase;
    private final long cutoff;
    private final int aggregation;
    private final ThreadLocal<Scratch> scratch;
    /** Serving data of a model with serving options (quantised factors, HNSW index), or null. */
    private final dev.recsys.internal.ann.ItemSearch itemSearch;

    /**
     * Derives the serving data.
     *
     * @param bundle                the model
     * @param training              the events the model was trained on (for trending, associations and
     *                              behaviours), or null to use the model's own training summary (or,
     *                              for a model without one, its popularity only)
     * @param cutoff                sequence number of the last recorded event the model knows
     * @param trendingHalfLifeDays  half-life of the trending decay
     * @param sessionGapSeconds     gap that ends a session for the associations
     */
    public Generation(RecommenderModel bundle, Dataset training, long cutoff, double trendingHalfLifeDays,
                      long sessionGapSeconds) {
        this.bundle = bundle;
        this.model = bundle.model();
        this.numItems = bundle.numItems();
        this.cutoff = cutoff;
        MatrixOptions opts = bundle.metadata().matrixOptions();
        this.aggregation = opts.aggregation() == Aggregation.SUM ? 0 : opts.aggregation() == Aggregation.MAX ? 1 : 2;
        dev.recsys.internal.ann.QuantizedFactors store = null;
        if (model instanceof FactorModel fm && fm.numItems() == numItems) {
            store = dev.recsys.internal.ann.ItemSearch.storeOf(fm);
        }
        if (store != null && store.storage() != dev.recsys.serving.FactorStorage.FLOAT) {
            // a model holding quantised item factors only: every factor read goes through the store
            this.factors = (FactorModel) model;
            this.dim = store.dim();
            this.itemFactors = null;
            this.itemBiases = store.biases();
            this.unitFactors = null;
        } else if (store != null) {
            FactorModel fm = (FactorModel) model;
            this.factors = fm;
            this.dim = fm.factors();
            this.itemFactors = store.floats();
            this.itemBiases = fm.itemBiases();
            this.unitFactors = new float[itemFactors.length];
            for (int i = 0; i < numItems; i++) {
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    float x = itemFactors[i * dim + d];
                    s += x * x;
                }
                if (s > 0) {
                    float inv = (float) (1.0 / Math.sqrt(s));
                    for (int d = 0; d < dim; d++) {
                        unitFactors[i * dim + d] = itemFactors[i * dim + d] * inv;
                    }
                }
            }
        } else {
            this.factors = null;
            this.dim = 0;
            this.itemFactors = null;
            this.itemBiases = null;
            this.unitFactors = null;
        }
        ItemCatalog cat = bundle.catalog();
        this.repeatable = TrainingBehaviours.repeatable(cat, numItems);
        this.trained = new boolean[numItems];
        InteractionMatrix hist = bundle.history();
        for (int p = 0; p < hist.nnz(); p++) {
            trained[hist.colIdx()[p]] = true;
        }
        TrainingSummary summary;
        if (training != null) {
            summary = TrainingSummary.of(training.interactions(), bundle.users(), bundle.items(), cat, opts,
                    trendingHalfLifeDays, sessionGapSeconds);
        } else {
            summary = Summaries.of(bundle);
            if (summary == null) {
                summary = TrainingSummary.withoutEvents(bundle.popularity(), bundle.numUsers(), cat, trendingHalfLifeDays,
                        sessionGapSeconds);
            }
        }
        this.trending = summary.trending();
        this.coView = summary.coView();
        this.coBuy = summary.coBuy();
        this.categoryCoBuy = summary.categoryCoBuy();
        this.behaviours = summary.behaviours();
        this.lastPurchase = summary.lastPurchase();
        int[] order = new int[numItems];
        for (int i = 0; i < numItems; i++) {
            order[i] = i;
        }
        float[] tr = trending;
        IntArrays.quickSort(order, (a, b) -> {
            int c = Float.compare(tr[b], tr[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        this.trendingOrder = order;
        int numCats = Math.max(1, cat.dictionary(ItemCatalog.CATEGORY).size());
        this.categoryPtr = new int[numCats + 1];
        for (int i = 0; i < numItems; i++) {
            int c = cat.category(i);
            if (c >= 0 && c < numCats) {
                categoryPtr[c + 1]++;
            }
        }
        for (int c = 0; c < numCats; c++) {
            categoryPtr[c + 1] += categoryPtr[c];
        }
        this.categoryItems = new int[categoryPtr[numCats]];
        int[] at = java.util.Arrays.copyOf(categoryPtr, numCats);
        for (int i : order) {
            int c = cat.category(i);
            if (c >= 0 && c < numCats) {
                categoryItems[at[c]++] = i;
            }
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(numItems));
        dev.recsys.internal.ann.ItemSearch search = factors == null ? null
                : dev.recsys.internal.ann.ServingAccess.search(bundle);
        if ((search == null || search.model() != factors) && store != null && itemFactors == null) {
            search = dev.recsys.internal.ann.ItemSearch.of(factors, dev.recsys.serving.ServingOptions.of(store.storage()),
                    store, null);
        }
        this.itemSearch = search != null && search.model() == factors ? search : null;
    }

    /** The serving data (quantised factors, HNSW index) of a model with serving options, or null. */
    public dev.recsys.internal.ann.ItemSearch itemSearch() {
        return itemSearch;
    }

    private static int index(IdIndex index, String id) {
        int i = index.indexOf(id);
        return i >= 0 && i < index.size() ? i : -1;
    }

    /** Dense index of an item id, or -1. */
    public int item(String id) {
        return id == null ? -1 : index(bundle.items(), id);
    }

    /** Dense index of a user id, or -1. */
    public int user(String id) {
        return id == null ? -1 : index(bundle.users(), id);
    }

    /**
     * Folds a user in: the training row (if the user is known) merged with the extra events.
     *
     * @return the vector, or null if this is not a factor model
     */
    public float[] foldIn(int user, int[] extraItems, float[] extraWeights) {
        if (factors == null) {
            return null;
        }
        InteractionMatrix h = bundle.history();
        int from = user >= 0 ? h.rowPtr()[user] : 0;
        int to = user >= 0 ? h.rowPtr()[user + 1] : 0;
        int n = to - from + extraItems.length;
        int[] items = new int[n];
        float[] w = new float[n];
        int m = 0;
        int[] col = h.colIdx();
        float[] val = h.values();
        for (int p = from; p < to; p++) {
            items[m] = col[p];
            w[m++] = val[p];
        }
        for (int j = 0; j < extraItems.length; j++) {
            int it = extraItems[j];
            int at = -1;
            for (int q = 0; q < to - from; q++) {
                if (items[q] == it) {
                    at = q;
                    break;
                }
            }
            if (at < 0) {
                items[m] = it;
                w[m++] = extraWeights[j];
            } else {
                w[at] = aggregation == 0 ? w[at] + extraWeights[j] : aggregation == 1 ? Math.max(w[at], extraWeights[j])
                        : extraWeights[j];
            }
        }
        if (m < n) {
            items = java.util.Arrays.copyOf(items, m);
            w = java.util.Arrays.copyOf(w, m);
        }
        return factors.foldIn(items, w);
    }

    /** The served model bundle. */
    public RecommenderModel bundle() {
        return bundle;
    }

    /** The trained model. */
    public TrainedModel model() {
        return model;
    }

    /** The factor view of the model, or null. */
    public FactorModel factors() {
        return factors;
    }

    /** Number of items. */
    public int numItems() {
        return numItems;
    }

    /** Factor dimension (0 without a factor model). */
    public int dim() {
        return dim;
    }

    /** Shared item factors, or null. */
    public float[] itemFactors() {
        return itemFactors;
    }

    /** Shared item biases, or null. */
    public float[] itemBiases() {
        return itemBiases;
    }

    /** Unit-length item factors (zero rows stay zero), or null (also for a model holding quantised factors). */
    public float[] unitFactors() {
        return unitFactors;
    }

    /** Whether item-to-item cosines of the factors exist ({@link #cosine}, {@link #cosinesTo}). */
    public boolean hasCosines() {
        return unitFactors != null || (factors != null && itemSearch != null && itemFactors == null);
    }

    /** The cosine of two items' factors (the stored form for a quantised model); needs {@link #hasCosines}. */
    public float cosine(int a, int b) {
        if (unitFactors != null) {
            return dev.recsys.internal.kernel.Kernels.get().dot(unitFactors, a * dim, unitFactors, b * dim, dim);
        }
        return itemSearch.cosine(a, b);
    }

    /** The cosine of every item's factors with the anchor's into {@code out[0..n)}; needs {@link #hasCosines}. */
    public void cosinesTo(int anchor, float[] out) {
        if (unitFactors != null) {
            dev.recsys.internal.kernel.Kernels.get().scoreRows(unitFactors, numItems, dim, unitFactors, anchor * dim,
                    out, 0);
        } else {
            itemSearch.cosinesTo(anchor, out);
        }
    }

    /**
     * Every item's personal score {@code vector . f_i + b_i} (factor models) into {@code out[0..n)}:
     * the float factors, or the stored form of a quantised model. out modified.
     */
    public void personalScores(float[] vector, float[] out) {
        if (itemFactors == null) {
            itemSearch.scoreAll(vector, 0, out);
            return;
        }
        dev.recsys.internal.kernel.Kernels.get().scoreRows(itemFactors, numItems, dim, vector, 0, out, 0);
        if (itemBiases != null) {
            for (int i = 0; i < numItems; i++) {
                out[i] += itemBiases[i];
            }
        }
    }

    /** One item's personal score {@code vector . f_i + b_i} (factor models). */
    public float personalScore(float[] vector, int i) {
        if (itemFactors == null) {
            return itemSearch.stored().score(i, vector, 0);
        }
        float d = dev.recsys.internal.kernel.Kernels.get().dot(vector, 0, itemFactors, i * dim, dim);
        return itemBiases == null ? d : d + itemBiases[i];
    }

    /** Whether an item's category is repeatable. */
    public boolean repeatable(int item) {
        return repeatable[item];
    }

    /**
     * Whether the model's training matrix holds the item: an item without any entry (no rating for a
     * rating model, say) keeps its initial factors, which say nothing about similarity.
     */
    public boolean trained(int item) {
        return trained[item];
    }

    /** Trending score of an item. */
    public float trending(int item) {
        return trending[item];
    }

    /** Items by descending trending score (shared; do not modify). */
    public int[] trendingOrder() {
        return trendingOrder;
    }

    /** Co-view associations. */
    public Associations coView() {
        return coView;
    }

    /** Co-purchase associations. */
    public Associations coBuy() {
        return coBuy;
    }

    /** Co-purchase associations between categories. */
    public Associations categoryCoBuy() {
        return categoryCoBuy;
    }

    /** First position of category {@code c}'s items (by descending trending) in {@link #categoryItems()}. */
    public int categoryStart(int c) {
        return c >= 0 && c + 1 < categoryPtr.length ? categoryPtr[c] : 0;
    }

    /** End (exclusive) of category {@code c}'s items. */
    public int categoryEnd(int c) {
        return c >= 0 && c + 1 < categoryPtr.length ? categoryPtr[c + 1] : 0;
    }

    /** Items grouped by category, each group by descending trending score (shared; do not modify). */
    public int[] categoryItems() {
        return categoryItems;
    }

    /** Strongest training behaviour rank ({@link UserState#rank}) of (user, item), or -1. */
    public int behaviourRank(int user, int item) {
        return behaviours.rank(user, item);
    }

    /** The user's latest purchased item in the training events, or -1 (also for an unknown user). */
    public int lastPurchase(int user) {
        return user >= 0 && user < lastPurchase.length ? lastPurchase[user] : -1;
    }

    /** Every item of the training events, per user, with its strongest behaviour rank. */
    public TrainingBehaviours behaviours() {
        return behaviours;
    }

    /** Sequence number of the last recorded event the model knows. */
    public long cutoff() {
        return cutoff;
    }

    /** Aggregation code of the model's matrix options (0 sum, 1 max, 2 last). */
    public int aggregation() {
        return aggregation;
    }

    /** This thread's scratch buffers. */
    public Scratch scratch() {
        return scratch.get();
    }
}
