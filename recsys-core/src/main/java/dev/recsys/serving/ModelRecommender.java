package dev.recsys.serving;

import dev.recsys.internal.scene.TrainingBehaviours;
import dev.recsys.internal.scene.UserState;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import dev.recsys.api.ItemFilter;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Recommender;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.topk.ItemMask;
import dev.recsys.internal.topk.TopK;
import dev.recsys.spi.Explainable;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Serves a {@link RecommenderModel} through the {@link Recommender} contract.
 *
 * <p>For each request it maps the external user (an unknown or absent user is a cold start), builds
 * a {@link Query} from the user's training history plus the request's recent events (weighted by
 * the model's {@link MatrixOptions}; unknown items are ignored), the current item and the cart,
 * and asks the model to score every item. If the model has nothing to say, the answer comes from
 * the popularity vector ("popular now"). Never returned: the current item, cart items,
 * {@link RecommendRequest#exclude()} items, items the filter rejects and — unless repeats are
 * allowed — items in the user's history. Repeats are allowed when
 * {@link RecommendRequest#allowRepeats()} is true; when it is null, on the {@link Scene#CHECKOUT}
 * scene (replenishment) items of repeatable categories (catalogue attribute {@code repeatable=yes})
 * may repeat, and nothing else. Explanations name the user's actual behaviour with the item
 * ("because you bought X") when the model was trained by {@link Recommenders} or the request's
 * recent events show it. With {@link RecommendRequest#candidates()} only
 * those items are ranked (unknown ids ignored, duplicates once).
 *
 * <p>The answer has exactly {@code k} items, fewer only when fewer eligible items exist: items the
 * model leaves unscored are backfilled by popularity with scores strictly below the lowest model
 * score. Every score is finite.
 *
 * <p>Thread safety: thread-safe; concurrent {@code recommend} calls use per-thread scratch buffers
 * and share no mutable state.
 */
public final class ModelRecommender implements Recommender {
    /** Explanation of popularity answers. */
    public static final String POPULAR = "popular now";

    private final RecommenderModel bundle;
    private final TrainedModel model;
    private final IdIndex users;
    private final IdIndex items;
    private final InteractionMatrix history;
    private final float[] popularity;
    private final MatrixOptions options;
    private final boolean explicitHistory;
    private final int numItems;
    private final ThreadLocal<Scratch> scratch;
    private final boolean[] repeatable;
    private static final int REPEAT_NONE = 0;
    private static final int REPEAT_REPEATABLE = 1;
    private static final int REPEAT_ALL = 2;

    /**
     * A recommender over {@code model} (prefer {@link RecommenderModel#recommender()}, which shares one).
     *
     * @throws IllegalArgumentException if {@code model} is null
     */
    public ModelRecommender(RecommenderModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        this.bundle = model;
        this.model = model.model();
        this.users = model.users();
        this.items = model.items();
        this.history = model.history();
        this.popularity = model.popularityArray();
        this.options = model.metadata().matrixOptions();
        this.numItems = model.numItems();
        boolean onlyValued = true;
        for (Behavior b : Behavior.values()) {
            if (!b.hasValue() && options.weight(b) != 0f) {
                onlyValued = false;
            }
        }
        this.explicitHistory = onlyValued;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(numItems));
        this.repeatable = TrainingBehaviours.repeatable(model.catalog(), numItems);
    }

    /** The model served. */
    public RecommenderModel model() {
        return bundle;
    }

    @Override
    public List<Recommendation> recommend(RecommendRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        int k = request.k();
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
        if (request.scene() == null) {
            throw new IllegalArgumentException("scene must not be null");
        }
        int user = request.user() == null ? -1 : index(users, request.user());

        // history: training row + recent events, merged per item
        IntArrayList hItems = new IntArrayList();
        FloatArrayList hWeights = new FloatArrayList();
        if (user >= 0) {
            int[] ptr = history.rowPtr();
            int[] col = history.colIdx();
            float[] val = history.values();
            for (int p = ptr[user]; p < ptr[user + 1]; p++) {
                hItems.add(col[p]);
                hWeights.add(val[p]);
            }
        }
        List<Event> recent = request.recentEvents();
        Int2IntOpenHashMap recentRanks = null;
        if (!recent.isEmpty()) {
            recentRanks = new Int2IntOpenHashMap();
            recentRanks.defaultReturnValue(-1);
            for (Event e : recent) {
                int it = index(items, e.item());
                if (it >= 0) {
                    recentRanks.put(it, Math.max(recentRanks.get(it), UserState.rank(e.behavior())));
                }
            }
            Int2IntOpenHashMap pos = new Int2IntOpenHashMap(hItems.size() + recent.size());
            pos.defaultReturnValue(-1);
            for (int h = 0; h < hItems.size(); h++) {
                pos.put(hItems.getInt(h), h);
            }
            for (Event e : recent) {
                int it = index(items, e.item());
                float w = options.weight(e.behavior()) * (e.behavior().hasValue() ? e.value() : 1f);
                if (it < 0 || w == 0f || !Float.isFinite(w)) {
                    continue;
                }
                int at = pos.get(it);
                if (at < 0) {
                    pos.put(it, hItems.size());
                    hItems.add(it);
                    hWeights.add(w);
                } else {
                    float old = hWeights.getFloat(at);
                    float merged = switch (options.aggregation()) {
                        case SUM -> old + w;
                        case MAX -> Math.max(old, w);
                        case LAST -> w;
                    };
                    hWeights.set(at, merged);
                }
            }
        }
        int current = index(items, request.currentItem());
        int[] cart = mapDistinct(request.cart());
        int[] exclude = mapDistinct(request.exclude());
        int[] candidates = request.candidates() == null ? null : mapDistinct(request.candidates());
        int repeats = request.allowRepeats() != null ? (request.allowRepeats() ? REPEAT_ALL : REPEAT_NONE)
                : Scene.CHECKOUT.equals(request.scene()) ? REPEAT_REPEATABLE : REPEAT_NONE;
        Query q = new Query(user, hItems.toIntArray(), hWeights.toFloatArray(), current, cart, request.scene());
        return rank(q, exclude, candidates, request.filter(), repeats, k, recentRanks);
    }

    /**
     * Dense-index shortcut for evaluation: the top {@code k} item indices for a known user (or -1
     * for none) on a scene, excluding the user's training history, with no other context.
     *
     * @throws IllegalArgumentException if {@code k <= 0}, {@code scene} is null or {@code user} is out of range
     */
    public int[] recommendIndices(int user, Scene scene, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
        if (scene == null) {
            throw new IllegalArgumentException("scene must not be null");
        }
        if (user < -1 || user >= users.size()) {
            throw new IllegalArgumentException("user index " + user + " is outside -1.." + (users.size() - 1));
        }
        int[] hi = user >= 0 ? history.rowColumns(user) : new int[0];
        float[] hw = user >= 0 ? Arrays.copyOfRange(history.values(), history.rowPtr()[user], history.rowPtr()[user + 1])
                : new float[0];
        Query q = new Query(user, hi, hw, -1, new int[0], scene);
        List<Recommendation> recs = rank(q, new int[0], null, ItemFilter.ALL, REPEAT_NONE, k, null);
        int[] out = new int[recs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = recs.get(i).itemIndex();
        }
        return out;
    }

    private List<Recommendation> rank(Query q, int[] exclude, int[] candidates, ItemFilter filter, int repeats, int k,
                                      Int2IntOpenHashMap recentRanks) {
        Scratch s = scratch.get();
        float[] scores = s.scores;
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        boolean personal = model.score(q, scores);

        ItemMask mask = s.mask;
        mask.clearAll();
        if (repeats != REPEAT_ALL) {
            for (int it : q.items()) {
                if (repeats == REPEAT_NONE || !repeatable[it]) {
                    mask.set(it);
                }
            }
        }
        if (q.currentItem() >= 0) {
            mask.set(q.currentItem());
        }
        for (int c : q.cart()) {
            mask.set(c);
        }
        for (int e : exclude) {
            mask.set(e);
        }
        int kk = Math.min(k, numItems);
        s.ensure(kk);
        TopK top = s.top;
        int got = 0;
        if (personal) {
            top.reset(kk);
            collect(top, scores, candidates, mask, filter);
            got = top.drain(s.outItems, s.outScores);
        }
        List<Recommendation> out = new ArrayList<>(kk);
        for (int r = 0; r < got; r++) {
            int it = s.outItems[r];
            out.add(new Recommendation(items.idOf(it), it, s.outScores[r], explain(q, it, recentRanks)));
        }
        if (got < kk) {
            // cold start (got == 0) or backfill of items the model left unscored
            for (int r = 0; r < got; r++) {
                mask.set(s.outItems[r]);
            }
            top.reset(kk - got);
            collect(top, popularity, candidates, mask, filter);
            int more = top.drain(s.outItems, s.outScores);
            float prev = got > 0 ? out.get(got - 1).score() : Float.NaN;
            for (int r = 0; r < more; r++) {
                int it = s.outItems[r];
                float sc;
                if (got == 0) {
                    sc = s.outScores[r];
                } else {
                    sc = below(prev);
                    prev = sc;
                }
                out.add(new Recommendation(items.idOf(it), it, sc, POPULAR));
            }
        }
        return out;
    }

    private void collect(TopK top, float[] scores, int[] candidates, ItemMask mask, ItemFilter filter) {
        ItemFilter f = filter == ItemFilter.ALL ? null : filter;
        if (candidates == null) {
            top.collect(scores, mask, f, bundle.catalog());
        } else {
            top.collect(scores, candidates, 0, candidates.length, mask, f, bundle.catalog());
        }
    }

    /** A finite score strictly below {@code x} (by 1, or by one ulp where 1 is lost in rounding). */
    private static float below(float x) {
        float y = x - 1f;
        if (y == x) {
            y = Math.nextDown(x);
        }
        return Float.isFinite(y) ? y : -Float.MAX_VALUE;
    }

    private String explain(Query q, int item, Int2IntOpenHashMap recentRanks) {
        if (model instanceof Explainable e) {
            if (e.popularityBased()) {
                return POPULAR;
            }
            int src = e.influentialItem(q, item);
            if (src >= 0 && src < numItems) {
                String id = items.idOf(src);
                if (src == q.currentItem()) {
                    return "often viewed with " + id;
                }
                for (int c : q.cart()) {
                    if (c == src) {
                        return "often bought with " + id;
                    }
                }
                TrainingBehaviours tb = bundle.behaviours();
                int r = tb == null ? -1 : tb.rank(q.user(), src);
                if (recentRanks != null) {
                    r = Math.max(r, recentRanks.get(src));
                }
                if (r < 0 && explicitHistory) {
                    r = UserState.rank(Behavior.RATING);
                }
                return TrainingBehaviours.because(r, id);
            }
        }
        Scene scene = q.scene();
        if (q.currentItem() >= 0 && (scene.equals(Scene.ITEM_DETAIL) || scene.equals(Scene.AFTER_SALE_REVIEW))) {
            return "related to " + items.idOf(q.currentItem());
        }
        if (q.cart().length > 0 && (scene.equals(Scene.CART) || scene.equals(Scene.CHECKOUT))) {
            return "goes with your cart";
        }
        if (q.user() >= 0 || q.items().length > 0) {
            return "recommended for you";
        }
        return "recommended";
    }

    private int index(IdIndex index, String id) {
        int i = index.indexOf(id);
        return i < index.size() ? i : -1;
    }

    private int[] mapDistinct(Collection<String> ids) {
        if (ids.isEmpty()) {
            return new int[0];
        }
        IntArrayList out = new IntArrayList(ids.size());
        IntOpenHashSet seen = new IntOpenHashSet(ids.size());
        for (String id : ids) {
            int i = index(items, id);
            if (i >= 0 && seen.add(i)) {
                out.add(i);
            }
        }
        return out.toIntArray();
    }

    /** Per-thread buffers. */
    private static final class Scratch {
        final float[] scores;
        final ItemMask mask;
        final TopK top = new TopK(16);
        int[] outItems = new int[16];
        float[] outScores = new float[16];

        Scratch(int n) {
            scores = new float[n];
            mask = new ItemMask(n);
        }

        void ensure(int want) {
            if (outItems.length < want) {
                outItems = new int[want];
                outScores = new float[want];
            }
        }
    }
}
