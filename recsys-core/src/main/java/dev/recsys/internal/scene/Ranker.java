package dev.recsys.internal.scene;

import dev.recsys.api.ItemFilter;
import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.ItemCatalog;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.scene.Diversity;
import dev.recsys.scene.Exclusion;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneFilter;
import dev.recsys.scene.Source;
import dev.recsys.spi.Explainable;
import dev.recsys.spi.Query;
import dev.recsys.spi.SequenceModel;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Ranks one request of one scene: resolves the context (user, anchor item, cart, history),
 * builds the exclusion mask and the filter, lets each configured source propose candidates, blends
 * the min-max normalised source scores with the configured weights, diversifies, backfills with
 * trending items and explains every result by the source that contributed most.
 *
 * <p>Thread safety: stateless; per-request buffers come from {@link Generation#scratch()}, so
 * concurrent calls are safe.
 */
public final class Ranker {
    private static final String[] VERBS = {"searched for", "clicked", "viewed", "rated", "reviewed", "saved",
        "added to your cart", "bought"};
    private static final int PURCHASE_RANK = 7;
    /** A history item explains a taste pick only if its item vector is at least this close (cosine). */
    private static final float MIN_EXPLAINING_COSINE = 0.3f;
    /** The similar source has nothing (no anchor, or an anchor without vectors, model scores or category). */
    private static final int SIM_NONE = 0;
    /** Similar = dense scores in {@link Scratch#similar()} (see {@code prepareSimilar}). */
    private static final int SIM_DENSE = 1;

    private Ranker() {
    }

    /**
     * Ranks a request.
     *
     * @param g      the model generation
     * @param cfg    the scene's configuration
     * @param req    the request
     * @param st     the user's state including the request's recent events (never null)
     * @param vector the user's vector for a factor model, or null
     * @return at most {@code req.k()} distinct items with finite non-increasing scores
     */
    public static List<Recommendation> rank(Generation g, SceneConfig cfg, RecommendRequest req, UserState st,
                                            float[] vector) {
        return new Run(g, cfg, req, st, vector).run();
    }

    /** The explanation verb phrase of a behaviour rank ("viewed", "bought", ...). */
    public static String verb(int rank) {
        return rank >= 0 && rank < VERBS.length ? VERBS[rank] : "liked";
    }

    private static final class Run {
        final Generation g;
        final SceneConfig cfg;
        final RecommendRequest req;
        final UserState st;
        final float[] vector;
        final Scratch s;
        final int n;
        final int user;
        final ItemCatalog cat;
        final IdIndex items;
        final int current;
        final int[] cart;
        final int[] basket;
        final int anchor;
        final float review;
        final int[] hist;
        final float[] histW;
        final LongOpenHashSet nearDup = new LongOpenHashSet();
        ItemFilter filter;
        boolean personalDense;
        /** How the similar source scores: -1 not prepared yet, else one of the SIM_ constants. */
        int simMode = -1;
        int[] candidates;
        it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap candidatePos;

        Run(Generation g, SceneConfig cfg, RecommendRequest req, UserState st, float[] vector) {
            this.g = g;
            this.cfg = cfg;
            this.req = req;
            this.st = st;
            this.vector = vector;
            this.s = g.scratch();
            this.n = g.numItems();
            this.user = g.user(req.user());
            this.cat = g.bundle().catalog();
            this.items = g.bundle().items();
            this.current = g.item(req.currentItem());
            IntArrayList c = new IntArrayList();
            IntOpenHashSet seen = new IntOpenHashSet();
            for (String id : req.cart()) {
                addDistinct(c, seen, g.item(id));
            }
            for (String id : st.cart()) {
                addDistinct(c, seen, g.item(id));
            }
            this.cart = c.toIntArray();
            String[] rp = st.recentPurchases();
            for (int j = rp.length - 1; j >= 0; j--) {
                addDistinct(c, seen, g.item(rp[j]));
            }
            this.basket = c.toIntArray();
            int a = current;
            boolean reviewAware = cfg.hasFilter(SceneFilter.Kind.REVIEW_AWARE);
            if (a < 0 && reviewAware && st.lastReviewed() != null) {
                a = g.item(st.lastReviewed());
            }
            if (a < 0 && reviewAware) {
                // the review page of a request without an item: the user's latest purchase
                String[] bought = st.recentPurchases();
                a = bought.length > 0 ? g.item(bought[bought.length - 1]) : g.lastPurchase(user);
            }
            String[] views = st.recentViews();
            for (int j = views.length - 1; a < 0 && j >= 0; j--) {
                a = g.item(views[j]);
            }
            this.anchor = a;
            this.review = a >= 0 && st.lastReviewed() != null && a == g.item(st.lastReviewed()) ? st.lastReviewValue()
                    : Float.NaN;
            // history: training row + events since the cut-off
            IntArrayList hi = new IntArrayList();
            it.unimi.dsi.fastutil.floats.FloatArrayList hw = new it.unimi.dsi.fastutil.floats.FloatArrayList();
            if (user >= 0) {
                InteractionMatrix h = g.bundle().history();
                for (int p = h.rowPtr()[user]; p < h.rowPtr()[user + 1]; p++) {
                    hi.add(h.colIdx()[p]);
                    hw.add(h.values()[p]);
                }
            }
            int[] xi = st.extraItems();
            float[] xw = st.extraWeights();
            for (int j = 0; j < xi.length; j++) {
                hi.add(xi[j]);
                hw.add(xw[j]);
            }
            this.hist = hi.toIntArray();
            this.histW = hw.toFloatArray();
        }

        private static void addDistinct(IntArrayList out, IntOpenHashSet seen, int i) {
            if (i >= 0 && seen.add(i)) {
                out.add(i);
            }
        }

        boolean purchased(int i) {
            return g.behaviourRank(user, i) == PURCHASE_RANK || st.purchased().contains(items.idOf(i));
        }

        boolean eligible(int i) {
            if (s.excluded.get(i)) {
                return false;
            }
            if (!nearDup.isEmpty()) {
                int c = cat.category(i);
                if (c >= 0 && nearDup.contains(((long) c << 32) | (cat.brand(i) & 0xffffffffL))) {
                    return false;
                }
            }
            return filter == null || filter.accept(i, cat);
        }

        List<Recommendation> run() {
            buildMask();
            buildFilter();
            int k = Math.min(req.k(), n);
            int m = cfg.diversity().kind() == Diversity.Kind.NONE ? k : 3 * k;
            s.ensure(Math.max(m + 1, k));
            IntArrayList pool = s.pool;
            pool.clear();
            s.inPool.clearAll(); // also recovers from a request that failed half-way on this thread
            if (req.candidates() != null) {
                IntArrayList cl = new IntArrayList();
                IntOpenHashSet seen = new IntOpenHashSet();
                for (String id : req.candidates()) {
                    addDistinct(cl, seen, g.item(id));
                }
                candidates = cl.toIntArray();
                candidatePos = new it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap(candidates.length);
                candidatePos.defaultReturnValue(-1);
                for (int j = 0; j < candidates.length; j++) {
                    candidatePos.put(candidates[j], j);
                }
                for (int i : candidates) {
                    if (eligible(i)) {
                        addPool(i);
                    }
                }
                if (cfg.sources().containsKey(Source.PERSONAL)) {
                    personalScoresIfNeeded();
                }
            } else {
                for (Source src : cfg.sources().keySet()) {
                    generate(src, m);
                }
            }
            List<Recommendation> out = select(k);
            for (int i = 0; i < pool.size(); i++) {
                s.inPool.clear(pool.getInt(i));
            }
            pool.clear();
            return out;
        }

        void addPool(int i) {
            if (!s.inPool.get(i)) {
                s.inPool.set(i);
                s.pool.add(i);
            }
        }

        void buildMask() {
            s.excluded.clearAll();
            Set<Exclusion> exclusions = cfg.exclusions();
            if (req.allowRepeats() != null) {
                // the request overrides the scene: true lets history and purchases repeat, false excludes them all
                EnumSet<Exclusion> overridden = EnumSet.noneOf(Exclusion.class);
                overridden.addAll(exclusions);
                if (req.allowRepeats()) {
                    overridden.remove(Exclusion.HISTORY);
                    overridden.remove(Exclusion.PURCHASED);
                } else {
                    overridden.add(Exclusion.HISTORY);
                }
                exclusions = overridden;
            }
            for (Exclusion ex : exclusions) {
                switch (ex) {
                    case CURRENT -> {
                        if (current >= 0) {
                            s.excluded.set(current);
                        }
                        if (anchor >= 0) {
                            s.excluded.set(anchor);
                        }
                    }
                    case CART -> {
                        for (int c : cart) {
                            s.excluded.set(c);
                        }
                    }
                    case CART_NEAR_DUPLICATES -> {
                        for (int c : basket) {
                            int cc = cat.category(c);
                            if (cc >= 0 && cat.brand(c) >= 0) {
                                nearDup.add(((long) cc << 32) | (cat.brand(c) & 0xffffffffL));
                            }
                        }
                    }
                    case HISTORY -> {
                        // everything the user touched: the model's history row, every training event
                        // (also those the matrix options gave no weight), every recorded event (a view
                        // on a rating model too) and the request's recent events
                        for (int h : hist) {
                            s.excluded.set(h);
                        }
                        TrainingBehaviours tb = g.behaviours();
                        int[] bi = tb.itemArray();
                        for (int p = tb.start(user); p < tb.end(user); p++) {
                            s.excluded.set(bi[p]);
                        }
                        for (String id : st.items()) {
                            int i = g.item(id);
                            if (i >= 0) {
                                s.excluded.set(i);
                            }
                        }
                        for (dev.recsys.data.Event e : req.recentEvents()) {
                            int i = g.item(e.item());
                            if (i >= 0) {
                                s.excluded.set(i);
                            }
                        }
                    }
                    case PURCHASED -> {
                        TrainingBehaviours tb = g.behaviours();
                        int[] bi = tb.itemArray();
                        byte[] br = tb.rankArray();
                        for (int p = tb.start(user); p < tb.end(user); p++) {
                            if (br[p] == PURCHASE_RANK && !g.repeatable(bi[p])) {
                                s.excluded.set(bi[p]);
                            }
                        }
                        for (String id : st.purchased()) {
                            int i = g.item(id);
                            if (i >= 0 && !g.repeatable(i)) {
                                s.excluded.set(i);
                            }
                        }
                    }
                    default -> throw new IllegalStateException("exclusion " + ex + " has no mask");
                }
            }
            for (String id : req.exclude()) {
                int i = g.item(id);
                if (i >= 0) {
                    s.excluded.set(i);
                }
            }
        }

        void buildFilter() {
            ItemFilter f = req.filter() == ItemFilter.ALL ? null : req.filter();
            for (SceneFilter spec : cfg.filters()) {
                ItemFilter next = filterOf(spec);
                if (next != null) {
                    f = f == null ? next : f.and(next);
                }
            }
            this.filter = f;
        }

        ItemFilter filterOf(SceneFilter spec) {
            int aCat = anchor >= 0 ? cat.category(anchor) : -1;
            int aBrand = anchor >= 0 ? cat.brand(anchor) : -1;
            return switch (spec.kind()) {
                case IN_STOCK -> {
                    boolean num = cat.numericAttributes().contains("stock");
                    boolean flag = cat.categoricalAttributes().contains("in-stock");
                    int no = flag ? cat.dictionary("in-stock").codeOf("no") : -1;
                    if (!num && no < 0) {
                        yield null;
                    }
                    yield (i, c) -> (!num || !c.hasNumeric("stock", i) || c.numeric("stock", i, 0f) > 0f)
                            && (no < 0 || c.code("in-stock", i) != no);
                }
                case CATEGORY -> {
                    IntOpenHashSet codes = new IntOpenHashSet();
                    for (String name : ((SceneFilter.Category) spec).names()) {
                        int code = cat.dictionary(dev.recsys.data.ItemCatalog.CATEGORY).codeOf(name);
                        if (code >= 0) {
                            codes.add(code);
                        }
                    }
                    yield (i, c) -> codes.contains(c.category(i));
                }
                case PRICE_RANGE -> {
                    SceneFilter.PriceRange r = (SceneFilter.PriceRange) spec;
                    yield ItemFilter.priceBetween(r.min(), r.max());
                }
                case SAME_CATEGORY -> aCat < 0 ? null : (i, c) -> c.category(i) == aCat;
                case OTHER_BRAND -> aBrand < 0 ? null : (i, c) -> c.brand(i) != aBrand;
                case REVIEW_AWARE -> {
                    if (aCat < 0 || !(review < SceneConfig.NEGATIVE_REVIEW_BELOW)) {
                        yield null;
                    }
                    yield (i, c) -> c.category(i) == aCat && (aBrand < 0 || c.brand(i) != aBrand);
                }
                case REPEATABLE -> (i, c) -> g.repeatable(i);
            };
        }

        void generate(Source src, int m) {
            FloatKernels kern = Kernels.get();
            IntPredicate reject = i -> s.inPool.get(i) || !eligible(i);
            switch (src) {
                case PERSONAL -> {
                    if (vector != null && g.itemSearch() != null) {
                        // serving options: index candidates re-scored in the stored form, or an exact
                        // scan of it when the filters leave too few of them
                        int got = g.itemSearch().topK(vector, 0, m, reject, s.rows, s.vals);
                        for (int r = 0; r < got; r++) {
                            addPool(s.rows[r]);
                        }
                    } else if (vector != null && g.itemBiases() == null) {
                        int got = kern.scoreTopK(g.itemFactors(), 0, n, g.dim(), vector, 0, m, reject, s.rows, s.vals);
                        for (int r = 0; r < got; r++) {
                            addPool(s.rows[r]);
                        }
                    } else if (personalScoresIfNeeded()) {
                        s.top.reset(m);
                        s.top.collect(s.scores, s.inPool, (i, c) -> eligible(i), cat);
                        int got = s.top.drain(s.rows, s.vals);
                        for (int r = 0; r < got; r++) {
                            addPool(s.rows[r]);
                        }
                    }
                }
                case TRENDING -> {
                    int[] order = g.trendingOrder();
                    int got = 0;
                    for (int j = 0; j < order.length && got < m; j++) {
                        int i = order[j];
                        if (!s.inPool.get(i) && eligible(i)) {
                            addPool(i);
                            got++;
                        }
                    }
                }
                case SIMILAR -> {
                    prepareSimilar();
                    if (simMode == SIM_DENSE) {
                        s.top.reset(m);
                        s.top.collect(s.similar(), s.inPool, (i, c) -> i != anchor && eligible(i), cat);
                        int got = s.top.drain(s.rows, s.vals);
                        for (int r = 0; r < got; r++) {
                            addPool(s.rows[r]);
                        }
                    }
                }
                case CO_VIEW -> {
                    if (anchor >= 0) {
                        neighbours(g.coView(), anchor, m);
                    }
                }
                case COMPLEMENTARY -> {
                    for (int c : basket) {
                        neighbours(g.coBuy(), c, m);
                        // back off to the categories bought with c's category: their trending items
                        Associations cc = g.categoryCoBuy();
                        int cCat = cat.category(c);
                        if (cCat >= 0 && cCat < cc.numItems()) {
                            int[] cats = cc.neighborArray();
                            for (int p = cc.start(cCat); p < Math.min(cc.end(cCat), cc.start(cCat) + 3); p++) {
                                int got = 0;
                                int[] ci = g.categoryItems();
                                for (int q = g.categoryStart(cats[p]); q < g.categoryEnd(cats[p]) && got < m; q++) {
                                    if (!s.inPool.get(ci[q]) && eligible(ci[q])) {
                                        addPool(ci[q]);
                                        got++;
                                    }
                                }
                            }
                        }
                    }
                }
                case REPLENISH -> {
                    int got = 0;
                    TrainingBehaviours tb = g.behaviours();
                    int[] bi = tb.itemArray();
                    byte[] br = tb.rankArray();
                    for (int p = tb.start(user); p < tb.end(user) && got < m; p++) {
                        int h = bi[p];
                        if (br[p] == PURCHASE_RANK && g.repeatable(h) && !s.inPool.get(h) && eligible(h)) {
                            addPool(h);
                            got++;
                        }
                    }
                    for (String id : st.purchased()) {
                        int h = g.item(id);
                        if (got < m && h >= 0 && g.repeatable(h) && !s.inPool.get(h) && eligible(h)) {
                            addPool(h);
                            got++;
                        }
                    }
                }
                case CANDIDATES -> {
                    // only meaningful with a request candidate list, handled in run()
                }
                case SEQUENCE -> {
                    if (g.model() instanceof SequenceModel && personalScoresIfNeeded()) {
                        s.top.reset(m);
                        s.top.collect(s.scores, s.inPool, (i, c) -> eligible(i), cat);
                        int got = s.top.drain(s.rows, s.vals);
                        for (int r = 0; r < got; r++) {
                            addPool(s.rows[r]);
                        }
                    }
                }
                default -> throw new IllegalStateException("source " + src + " generates no candidates");
            }
        }

        void neighbours(Associations a, int item, int m) {
            int[] idx = a.neighborArray();
            int got = 0;
            for (int p = a.start(item); p < a.end(item) && got < m; p++) {
                int i = idx[p];
                if (i != item && !s.inPool.get(i) && eligible(i)) {
                    addPool(i);
                    got++;
                }
            }
        }

        /**
         * Scores the similar source for the anchor into {@link Scratch#similar()}: the anchor's
         * nearest items by the model — the cosine of the item factors for a factor model (among items
         * its training matrix holds: the others keep their initial factors), else the model's own
         * scores for a query holding the anchor alone, min-max scaled — blended half and half with
         * sharing the anchor's category; without either, the category (and brand) alone. Every part
         * depends on the anchor, so "similar to X" is always true of the anchor X. Items scoring
         * 0 or less are not similar.
         */
        void prepareSimilar() {
            if (simMode >= 0) {
                return;
            }
            if (anchor < 0) {
                simMode = SIM_NONE;
                return;
            }
            int aCat = cat.category(anchor);
            float[] sim = s.similar();
            boolean scored = false;
            if (g.hasCosines()) {
                if (g.trained(anchor)) {
                    g.cosinesTo(anchor, sim);
                    for (int i = 0; i < n; i++) {
                        sim[i] = g.trained(i) && sim[i] > 0f ? Math.min(1f, sim[i]) : 0f;
                    }
                    scored = true;
                }
            } else if (!(g.model() instanceof Explainable e && e.popularityBased())) {
                java.util.Arrays.fill(sim, Float.NEGATIVE_INFINITY);
                Query q = new Query(-1, new int[] {anchor}, new float[] {1f}, -1, new int[0], req.scene());
                if (g.model().score(q, sim)) {
                    float lo = Float.POSITIVE_INFINITY;
                    float hi = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) {
                        if (i != anchor && Float.isFinite(sim[i])) {
                            lo = Math.min(lo, sim[i]);
                            hi = Math.max(hi, sim[i]);
                        }
                    }
                    scored = hi > lo;
                    for (int i = 0; i < n && scored; i++) {
                        sim[i] = Float.isFinite(sim[i]) ? (sim[i] - lo) / (hi - lo) : 0f;
                    }
                }
            }
            if (!scored && aCat < 0) {
                simMode = SIM_NONE;
                return;
            }
            int aBrand = cat.brand(anchor);
            for (int i = 0; i < n; i++) {
                boolean sameCat = aCat >= 0 && cat.category(i) == aCat;
                float v;
                if (!scored) {
                    v = sameCat ? (aBrand >= 0 && cat.brand(i) == aBrand ? 1.25f : 1f) : 0f;
                } else if (aCat >= 0) {
                    v = 0.5f * sim[i] + (sameCat ? 0.5f : 0f);
                } else {
                    v = sim[i];
                }
                sim[i] = i == anchor || !(v > 0f) ? Float.NEGATIVE_INFINITY : v;
            }
            simMode = SIM_DENSE;
        }

        /**
         * The visitor's events since the model's cut-off in their order (with the page's item last, as a
         * view, when the events do not end with it): model item indices and behaviour ordinals.
         */
        int[][] sequence() {
            Event[] ev = st.eventsSince(g.cutoff());
            IntArrayList it = new IntArrayList(ev.length + 1);
            IntArrayList bh = new IntArrayList(ev.length + 1);
            for (Event e : ev) {
                int i = g.item(e.item());
                if (i >= 0) {
                    it.add(i);
                    bh.add(e.behavior().ordinal());
                }
            }
            if (current >= 0 && (it.isEmpty() || it.getInt(it.size() - 1) != current)) {
                it.add(current);
                bh.add(Behavior.VIEW.ordinal());
            }
            return new int[][] {it.toIntArray(), bh.toIntArray()};
        }

        /** Fills s.scores with the model's own scores when there is no user vector; false if none. */
        boolean personalScoresIfNeeded() {
            if (personalDense) {
                return true;
            }
            if (vector == null && g.model() instanceof SequenceModel sm) {
                int[][] seq = sequence();
                if (user < 0 && seq[0].length == 0) {
                    return false;
                }
                java.util.Arrays.fill(s.scores, Float.NEGATIVE_INFINITY);
                personalDense = sm.scoreSequence(user, seq[0], seq[1], s.scores);
                return personalDense;
            }
            if (vector != null) {
                if (g.itemBiases() != null) {
                    g.personalScores(vector, s.scores);
                    personalDense = true;
                }
                return personalDense;
            }
            if (g.factors() != null) {
                return false; // factor model without a user vector: nothing personal to say
            }
            Query q = new Query(user, hist, histW, current, cart, req.scene());
            if (!q.hasSignal()) {
                return false;
            }
            java.util.Arrays.fill(s.scores, Float.NEGATIVE_INFINITY);
            personalDense = g.model().score(q, s.scores);
            return personalDense;
        }

        float raw(Source src, int i) {
            return switch (src) {
                case PERSONAL -> {
                    if (personalDense) {
                        yield s.scores[i];
                    }
                    if (vector != null) {
                        yield g.personalScore(vector, i);
                    }
                    yield Float.NaN;
                }
                case TRENDING -> g.trending(i);
                case SIMILAR -> {
                    prepareSimilar();
                    yield simMode == SIM_DENSE && s.similar()[i] > 0f ? s.similar()[i] : Float.NaN;
                }
                case CO_VIEW -> {
                    float v = anchor >= 0 ? g.coView().score(anchor, i) : 0f;
                    yield v > 0f ? v : Float.NaN;
                }
                case COMPLEMENTARY -> {
                    float best = 0f;
                    for (int c : basket) {
                        best = Math.max(best, complement(c, i));
                    }
                    yield basket.length > 0 ? best : Float.NaN;
                }
                case REPLENISH -> g.repeatable(i) && purchased(i) ? 1f : 0f;
                case CANDIDATES -> {
                    if (candidates == null) {
                        yield Float.NaN;
                    }
                    int pos = candidatePos.get(i);
                    yield pos < 0 ? Float.NaN : 1f - (float) pos / candidates.length;
                }
                case SEQUENCE -> g.model() instanceof SequenceModel && personalScoresIfNeeded() ? s.scores[i] : Float.NaN;
            };
        }

        List<Recommendation> select(int k) {
            IntArrayList pool = s.pool;
            int p = pool.size();
            Map<Source, Float> sources = cfg.sources();
            Source[] names = sources.keySet().toArray(new Source[0]);
            float[][] contrib = new float[names.length][p];
            float[] blended = new float[p];
            for (int si = 0; si < names.length; si++) {
                float w = sources.get(names[si]);
                float[] r = contrib[si];
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < p; j++) {
                    float v = raw(names[si], pool.getInt(j));
                    r[j] = v;
                    if (Float.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                for (int j = 0; j < p; j++) {
                    float v = r[j];
                    float norm;
                    if (!Float.isFinite(v)) {
                        norm = 0f;
                    } else if (hi > lo) {
                        norm = (v - lo) / (hi - lo);
                    } else {
                        norm = v > 0f ? 1f : 0f;
                    }
                    r[j] = w * norm;
                    blended[j] += r[j];
                }
            }
            int[] picked = diversify(blended, k);
            List<Recommendation> out = new ArrayList<>(k);
            float prev = Float.POSITIVE_INFINITY;
            int[] perCat = null;
            if (cfg.diversity().kind() == Diversity.Kind.CATEGORY_CAP) {
                perCat = new int[Math.max(1, cat.dictionary(ItemCatalog.CATEGORY).size())];
            }
            for (int j : picked) {
                int item = pool.getInt(j);
                float sc = Math.min(blended[j], prev);
                prev = sc;
                int best = -1;
                float bestV = 0f;
                for (int si = 0; si < names.length; si++) {
                    if (contrib[si][j] > bestV) {
                        bestV = contrib[si][j];
                        best = si;
                    }
                }
                if (perCat != null && cat.category(item) >= 0) {
                    perCat[cat.category(item)]++;
                }
                String why;
                if (best >= 0) {
                    why = explain(names[best], item);
                } else if (sources.containsKey(Source.PERSONAL) && Float.isFinite(raw(Source.PERSONAL, item))) {
                    why = explain(Source.PERSONAL, item);
                } else {
                    why = explain(Source.TRENDING, item);
                }
                out.add(new Recommendation(items.idOf(item), item, sc, why));
            }
            if (out.size() < k && candidates == null) {
                // backfill with trending items, below the last score
                IntOpenHashSet taken = new IntOpenHashSet(k);
                for (Recommendation r : out) {
                    taken.add(r.itemIndex());
                }
                int[] order = g.trendingOrder();
                // backfill scores: trending normalised to [0, 1] (the top trending item is 1), scaled
                // by the last ranked score when there is one, and always strictly below the previous
                float top = order.length == 0 ? 0f : g.trending(order[0]);
                float base = out.isEmpty() ? 1f : prev;
                int cap = cfg.diversity().kind() == Diversity.Kind.CATEGORY_CAP ? cfg.diversity().cap() : Integer.MAX_VALUE;
                // first within the category cap; if that leaves fewer than k, the cap gives way (it
                // spreads the answer over categories, it does not make items ineligible)
                for (int pass = 0; pass < (perCat == null ? 1 : 2) && out.size() < k; pass++) {
                    for (int j = 0; j < order.length && out.size() < k; j++) {
                        int i = order[j];
                        if (taken.contains(i) || !eligible(i)) {
                            continue;
                        }
                        int c = cat.category(i);
                        if (pass == 0 && perCat != null && c >= 0 && perCat[c] >= cap) {
                            continue;
                        }
                        if (perCat != null && c >= 0) {
                            perCat[c]++;
                        }
                        taken.add(i);
                        float t = top > 0f ? g.trending(i) / top : 0f;
                        float sc = Math.min(base * t, below(prev));
                        prev = sc;
                        out.add(new Recommendation(items.idOf(i), i, sc, explain(Source.TRENDING, i)));
                    }
                }
            }
            return out;
        }

        int[] diversify(float[] blended, int k) {
            int p = blended.length;
            Diversity d = cfg.diversity();
            int[] order = new int[p];
            for (int j = 0; j < p; j++) {
                order[j] = j;
            }
            it.unimi.dsi.fastutil.ints.IntArrays.quickSort(order, (a, b) -> {
                int c = Float.compare(blended[b], blended[a]);
                return c != 0 ? c : Integer.compare(s.pool.getInt(a), s.pool.getInt(b));
            });
            IntArrayList out = new IntArrayList(k);
            switch (d.kind()) {
                case NONE -> {
                    for (int j = 0; j < p && out.size() < k; j++) {
                        out.add(order[j]);
                    }
                }
                case CATEGORY_CAP -> {
                    it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap count = new it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap();
                    for (int j = 0; j < p && out.size() < k; j++) {
                        int c = cat.category(s.pool.getInt(order[j]));
                        if (c < 0 || count.addTo(c, 1) < d.cap()) {
                            out.add(order[j]);
                        }
                    }
                }
                case MMR -> {
                    boolean[] used = new boolean[p];
                    float[] maxSim = new float[p];
                    double lambda = d.lambda();
                    while (out.size() < Math.min(k, p)) {
                        int best = -1;
                        double bestV = Double.NEGATIVE_INFINITY;
                        for (int jj = 0; jj < p; jj++) {
                            int j = order[jj];
                            if (used[j]) {
                                continue;
                            }
                            double v = lambda * blended[j] - (1 - lambda) * maxSim[j];
                            if (v > bestV) {
                                bestV = v;
                                best = j;
                            }
                        }
                        used[best] = true;
                        out.add(best);
                        int bi = s.pool.getInt(best);
                        for (int j = 0; j < p; j++) {
                            if (!used[j]) {
                                maxSim[j] = Math.max(maxSim[j], similarity(bi, s.pool.getInt(j)));
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException();
            }
            return out.toIntArray();
        }

        /** Item co-purchase lift plus the category co-purchase lift of the two items' categories. */
        float complement(int c, int i) {
            int cc = cat.category(c);
            int ci = cat.category(i);
            float catLift = cc >= 0 && ci >= 0 && cc != ci ? g.categoryCoBuy().score(cc, ci) : 0f;
            return g.coBuy().score(c, i) + catLift;
        }

        float similarity(int a, int b) {
            if (g.hasCosines()) {
                return g.cosine(a, b);
            }
            int ca = cat.category(a);
            return ca >= 0 && ca == cat.category(b) ? 1f : 0f;
        }

        String explain(Source src, int item) {
            return switch (src) {
                case PERSONAL -> explainPersonal(item);
                case TRENDING -> {
                    int c = cat.category(item);
                    yield c >= 0 ? "trending in " + cat.dictionary(ItemCatalog.CATEGORY).valueOf(c) : "trending now";
                }
                case SIMILAR -> anchor >= 0 ? "similar to " + items.idOf(anchor) : "similar items";
                case CO_VIEW -> anchor >= 0 ? "often viewed with " + items.idOf(anchor) : "often viewed together";
                case COMPLEMENTARY -> {
                    int best = -1;
                    float bestV = 0f;
                    for (int c : basket) {
                        float v = complement(c, item);
                        if (v > bestV) {
                            bestV = v;
                            best = c;
                        }
                    }
                    yield best >= 0 ? "often bought with " + items.idOf(best) : "goes with your order";
                }
                case REPLENISH -> "buy again";
                case CANDIDATES -> "matches your search";
                case SEQUENCE -> {
                    Event[] ev = st.eventsSince(g.cutoff());
                    String last = current >= 0 ? items.idOf(current) : ev.length > 0 ? ev[ev.length - 1].item() : null;
                    yield last != null && g.item(last) >= 0 && g.item(last) != item ? "next after " + last
                            : explainPersonal(item);
                }
            };
        }

        String explainPersonal(int item) {
            int src = -1;
            if (g.hasCosines() && g.trained(item)) {
                float best = Float.NEGATIVE_INFINITY;
                int from = Math.max(0, hist.length - 256);
                for (int j = from; j < hist.length; j++) {
                    int h = hist[j];
                    if (h == item || !g.trained(h)) {
                        continue;
                    }
                    float v = g.cosine(h, item);
                    if (v > best) {
                        best = v;
                        src = h;
                    }
                }
                if (best < MIN_EXPLAINING_COSINE) {
                    src = -1; // no history item is close enough to name honestly
                }
            } else if (g.model() instanceof Explainable e) {
                if (e.popularityBased()) {
                    return explain(Source.TRENDING, item);
                }
                src = e.influentialItem(new Query(user, hist, histW, current, cart, req.scene()), item);
                if (src >= 0 && src == current) {
                    return "often viewed with " + items.idOf(src);
                }
                for (int c : cart) {
                    if (src >= 0 && c == src) {
                        return "often bought with " + items.idOf(src);
                    }
                }
            }
            if (src < 0 || src >= n) {
                return "picked for your taste";
            }
            String id = items.idOf(src);
            dev.recsys.data.Behavior b = st.strongest(id);
            int rank = g.behaviourRank(user, src);
            if (b != null) {
                rank = Math.max(rank, UserState.rank(b));
            }
            return TrainingBehaviours.because(rank, id);
        }

        /** The largest float strictly below x (x itself when it is already the lowest finite one). */
        static float below(float x) {
            if (x == Float.POSITIVE_INFINITY) {
                return Float.MAX_VALUE;
            }
            float y = Math.nextDown(x);
            return Float.isFinite(y) ? y : -Float.MAX_VALUE;
        }
    }
}
