package dev.recsys.serving;

import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.ItemCatalog;
import dev.recsys.api.Recommendation;
import dev.recsys.internal.ann.ItemSearch;
import dev.recsys.internal.ann.ServedModel;
import dev.recsys.internal.ann.ServingAccess;
import dev.recsys.internal.scene.Summaries;
import dev.recsys.internal.scene.TrainingSummary;
import dev.recsys.scene.SceneEngine;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything needed to serve recommendations: a {@link TrainedModel} plus the user and item id
 * indices, the training user x item matrix (history used for exclusion and as query items), the
 * item catalogue, a time-decayed popularity vector and {@link ModelMetadata}; a model trained by
 * {@link Recommenders#train} also keeps a summary of its training events (trending scores, co-view
 * and co-purchase associations, the strongest behaviour per user and item), which the model file
 * stores too. Built by {@link Recommenders#train} or read by {@link dev.recsys.modelfile.ModelFiles#load};
 * serves through {@link #recommender()}, a {@link SceneEngine} with the default scene
 * configurations.
 *
 * <p>Thread safety: immutable once constructed — the constructor takes ownership of its arguments,
 * which nobody may modify afterwards (no ids added to the indices, no catalogue writes). Safe to
 * share between threads. The shared {@link #recommender()} engine is created on first use; it keeps
 * the per-user state of events recorded on it (the model itself never changes).
 */
public final class RecommenderModel {
    private final TrainedModel model;
    private final IdIndex users;
    private final IdIndex items;
    private final InteractionMatrix history;
    private final ItemCatalog catalog;
    private final float[] popularity;
    private final ModelMetadata metadata;
    private final TrainingSummary summary;
    private volatile SceneEngine recommender;
    /** Serving data for catalogue scale ({@link #withServing}); set once, before the copy is published. */
    private volatile ItemSearch itemSearch;

    static {
        ServingAccess.install(new ServingAccess.Access() {
            @Override
            public ItemSearch search(RecommenderModel model) {
                return model.itemSearch;
            }

            @Override
            public RecommenderModel with(RecommenderModel model, ItemSearch search) {
                return model.copyWith(search);
            }
        });
        Summaries.install(new Summaries.Access() {
            @Override
            public TrainingSummary summary(RecommenderModel model) {
                return model.summary;
            }

            @Override
            public RecommenderModel create(TrainedModel model, IdIndex users, IdIndex items, InteractionMatrix history,
                                           ItemCatalog catalog, float[] popularity, ModelMetadata metadata,
                                           TrainingSummary summary) {
                return new RecommenderModel(model, users, items, history, catalog, popularity, metadata, summary);
            }
        });
    }

    /**
     * Bundles the parts (not copied). Without training events the model's recommender uses the
     * popularity vector as trending scores and has no co-view or co-purchase associations; pass
     * the events to {@link SceneEngine.Builder#trainingData} for those.
     *
     * @param model      the trained model; scores {@code items.size()} items
     * @param users      user ids of the history rows
     * @param items      item ids of the model's item indices
     * @param history    users x items training matrix
     * @param catalog    item attributes keyed by {@code items}, or null for an empty catalogue
     * @param popularity one finite cold-start score per item
     * @param metadata   how the model was made
     * @throws IllegalArgumentException naming the inconsistent argument
     */
    public RecommenderModel(TrainedModel model, IdIndex users, IdIndex items, InteractionMatrix history,
                            ItemCatalog catalog, float[] popularity, ModelMetadata metadata) {
        this(model, users, items, history, catalog, popularity, metadata, null);
    }

    /** As the public constructor, plus the summary of the training events (may be null). */
    RecommenderModel(TrainedModel model, IdIndex users, IdIndex items, InteractionMatrix history,
                     ItemCatalog catalog, float[] popularity, ModelMetadata metadata, TrainingSummary summary) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (users == null) {
            throw new IllegalArgumentException("users must not be null");
        }
        if (items == null) {
            throw new IllegalArgumentException("items must not be null");
        }
        if (history == null) {
            throw new IllegalArgumentException("history must not be null");
        }
        if (popularity == null) {
            throw new IllegalArgumentException("popularity must not be null");
        }
        if (metadata == null) {
            throw new IllegalArgumentException("metadata must not be null");
        }
        int n = items.size();
        if (model.numItems() != n) {
            throw new IllegalArgumentException("model scores " + model.numItems() + " items but the item index holds " + n);
        }
        if (history.rows() != users.size() || history.cols() != n) {
            throw new IllegalArgumentException("history is " + history.rows() + " x " + history.cols()
                    + " but there are " + users.size() + " users and " + n + " items");
        }
        if (popularity.length != n) {
            throw new IllegalArgumentException("popularity has " + popularity.length + " entries for " + n + " items");
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(popularity[i])) {
                throw new IllegalArgumentException("popularity of item " + items.idOf(i) + " is not finite: " + popularity[i]);
            }
        }
        if (catalog == null) {
            catalog = new ItemCatalog(items);
        } else if (catalog.items() != items) {
            throw new IllegalArgumentException("catalog must be keyed by the same item index");
        }
        if (!metadata.algorithm().equals(model.algorithm())) {
            throw new IllegalArgumentException("metadata names algorithm " + metadata.algorithm()
                    + " but the model was trained by " + model.algorithm());
        }
        this.model = model;
        this.users = users;
        this.items = items;
        this.history = history;
        this.catalog = catalog;
        this.popularity = popularity;
        this.metadata = metadata;
        if (summary != null && (summary.trending().length != n || summary.behaviours().numUsers() != users.size())) {
            throw new IllegalArgumentException("training summary covers " + summary.trending().length + " items and "
                    + summary.behaviours().numUsers() + " users, the model " + n + " and " + users.size());
        }
        this.summary = summary;
    }

    /** Whether the model keeps a summary of its training events (see the class comment). */
    public boolean hasTrainingSummary() {
        return summary != null;
    }

    /** The trained model. */
    public TrainedModel model() {
        return model;
    }

    /** User ids (index = history row). Must not be modified. */
    public IdIndex users() {
        return users;
    }

    /** Item ids (index = model item index). Must not be modified. */
    public IdIndex items() {
        return items;
    }

    /** Number of users known to the model. */
    public int numUsers() {
        return users.size();
    }

    /** Number of items the model ranks. */
    public int numItems() {
        return items.size();
    }

    /** The users x items training matrix. */
    public InteractionMatrix history() {
        return history;
    }

    /** Item attributes. Must not be modified. */
    public ItemCatalog catalog() {
        return catalog;
    }

    /** A copy of the cold-start popularity scores, one per item. */
    public float[] popularity() {
        return popularity.clone();
    }

    /** Cold-start popularity score of one item. */
    public float popularity(int item) {
        return popularity[item];
    }

    /** How the model was made. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * The scene engine serving this model with the default scene configurations
     * ({@link dev.recsys.scene.SceneConfig#defaults}), created on first use and shared by every caller
     * of this method: events {@linkplain SceneEngine#record recorded} on it are seen by all of them.
     * Build your own with {@link SceneEngine#builder} to declare scenes or to keep state apart. The
     * same request gives the same answer from either.
     */
    public SceneEngine recommender() {
        SceneEngine r = recommender;
        if (r == null) {
            synchronized (this) {
                r = recommender;
                if (r == null) {
                    r = SceneEngine.builder(this).build();
                    recommender = r;
                }
            }
        }
        return r;
    }

    /**
     * A copy carrying {@code search}; its model is the search's (this model, or a copy of it
     * holding its item factors in the stored form only).
     */
    private RecommenderModel copyWith(ItemSearch search) {
        TrainedModel served = model;
        if (search != null && search.model() != model) {
            if (!(search.model() instanceof TrainedModel t) || !t.algorithm().equals(model.algorithm())
                    || t.numItems() != model.numItems()) {
                throw new IllegalArgumentException("the serving data belongs to another model");
            }
            served = t;
        }
        RecommenderModel m = new RecommenderModel(served, users, items, history, catalog, popularity, metadata, summary);
        m.itemSearch = search;
        return m;
    }

    /**
     * A copy of this model that serves with {@code options} (see {@link ServingOptions}): the item
     * factors quantised as asked and, with an index, the HNSW graph built now over the stored form
     * (single-threaded, seeded with the model's seed; progress stage {@code hnsw} to the listener).
     * With INT8 or BF16 storage the copy's {@link #model()} is, for the factor models of
     * {@code recsys-mf}, a copy of the model holding its item factors in that storage only (the
     * float item factors are not kept, and the saved file does not contain them): scoring,
     * fold-in, explanations and similar items all read the stored form. Its
     * {@link #recommender()} and {@link #similarItems} use them; {@link dev.recsys.modelfile.ModelFiles#save}
     * stores them. This model is unchanged.
     *
     * @param listener progress of the index build (may be null)
     * @throws IllegalArgumentException if options is null or the model has no item factors
     *                                  ({@link #supportsServing()})
     */
    public RecommenderModel withServing(ServingOptions options, TrainingListener listener) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (!supportsServing()) {
            throw new IllegalArgumentException("serving options need a factor model; " + metadata.algorithm()
                    + " has no item factors");
        }
        return copyWith(ItemSearch.build((FactorModel) model, options, metadata.seed(), listener));
    }

    /** {@link #withServing(ServingOptions, TrainingListener)} without progress reports. */
    public RecommenderModel withServing(ServingOptions options) {
        return withServing(options, null);
    }

    /** Whether the model has item factors ({@link FactorModel}), so {@link #withServing} applies. */
    public boolean supportsServing() {
        return model instanceof FactorModel fm && fm.numItems() == items.size();
    }

    /** The serving options this model carries, if any. */
    public Optional<ServingOptions> servingOptions() {
        ItemSearch s = itemSearch;
        return s == null ? Optional.empty() : Optional.of(s.options());
    }

    /**
     * The trained model scoring through the serving path (for offline evaluation of
     * {@link #withServing}): quantised scores, and with an index only the {@code depth} best items
     * the index finds outside the query's own items get a finite score. Without serving options,
     * {@link #model()} itself.
     *
     * @param depth how many items the index supplies (e.g. the evaluation cut-off)
     * @throws IllegalArgumentException if depth is less than 1
     */
    public TrainedModel servedModel(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        ItemSearch s = itemSearch;
        return s == null ? model : new ServedModel(model, s, depth);
    }

    /**
     * The {@code k} items most similar to {@code itemId} by the cosine of the item factors (exact,
     * over the stored form when the model has serving options), best first, the item itself left
     * out; scores are cosines in [-1, 1].
     *
     * @throws IllegalArgumentException if the item is unknown, k is negative or the model has no
     *                                  item factors
     */
    public List<Recommendation> similarItems(String itemId, int k) {
        if (!supportsServing()) {
            throw new IllegalArgumentException("similarItems needs a factor model; " + metadata.algorithm()
                    + " has no item factors");
        }
        int item = itemId == null ? -1 : items.indexOf(itemId);
        if (item < 0 || item >= items.size()) {
            throw new IllegalArgumentException("itemId '" + itemId + "' is not an item of this model");
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int m = Math.min(k, items.size());
        int[] rows = new int[m];
        float[] scores = new float[m];
        ItemSearch s = itemSearch;
        int got = s != null ? s.similar(item, m, null, rows, scores)
                : ((FactorModel) model).similarItems(item, m, rows, scores);
        List<Recommendation> out = new ArrayList<>(got);
        for (int j = 0; j < got; j++) {
            out.add(new Recommendation(items.idOf(rows[j]), rows[j], scores[j], null));
        }
        return out;
    }

    @Override
    public String toString() {
        return "RecommenderModel[" + metadata.algorithm() + " " + metadata.params() + ", " + numUsers() + " users, "
                + numItems() + " items]";
    }
}
