package dev.recsys.internal.ann;

import dev.recsys.internal.kernel.FusedTopK;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.TrainingListener;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.lucene.util.Bits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving data of one factor model under {@link ServingOptions}: its item factors in the
 * chosen storage ({@link QuantizedFactors}), an optional {@link HnswIndex} over them, and the
 * inverse norms of the stored rows for cosine similarity. Answers top-k by the model's score
 * (index candidates scored in the storage, else an exact scan) and top-k by cosine.
 *
 * <p>When the model can hold its item side in another storage ({@link ItemStoreModel}, the
 * factor models of {@code recsys-mf}), {@link #model()} is that copy of it, holding only the
 * stored form: an int8 model keeps no float item factors at all. Other factor models keep their
 * floats and the stored form is an extra copy.
 *
 * <p>Thread safety: immutable; safe for concurrent use.
 */
public final class ItemSearch {
    private static final Logger LOG = LoggerFactory.getLogger(ItemSearch.class);
    /** Index candidates fetched per wanted item (at least efSearch in all). */
    private static final int OVERFETCH = 2;
    /**
     * Below this estimated share of eligible items an exact scan replaces the filtered graph
     * search (which then visits most of the graph and misses eligible items far from the query).
     */
    static final double MIN_ELIGIBLE_FRACTION = 0.2;
    /** Items sampled (evenly spaced) to estimate the eligible share. */
    private static final int SAMPLE = 256;

    private final FactorModel model;
    private final ServingOptions options;
    private final QuantizedFactors stored;
    private final HnswIndex index;
    private final IvfIndex ivf;
    private final float[] invNorms;

    ItemSearch(FactorModel model, ServingOptions options, QuantizedFactors stored, HnswIndex index) {
        this(model, options, stored, index, null);
    }

    ItemSearch(FactorModel model, ServingOptions options, QuantizedFactors stored, HnswIndex index, IvfIndex ivf) {
        boolean fits = options.ivf() ? ivf != null && index == null
                : ivf == null && (!options.index() || index != null);
        if (!fits) {
            throw new IllegalArgumentException("serving " + options + " needs exactly its index");
        }
        this.model = model;
        this.options = options;
        this.stored = stored;
        this.index = index;
        this.ivf = ivf;
        int n = stored.numItems();
        this.invNorms = new float[n];
        for (int i = 0; i < n; i++) {
            float s = stored.normSquared(i);
            invNorms[i] = s > 0f ? (float) (1.0 / Math.sqrt(s)) : 0f;
        }
    }

    /**
     * The item side of a factor model as stored: its own store for an {@link ItemStoreModel},
     * else its float factors and biases (shared, not copied).
     */
    public static QuantizedFactors storeOf(FactorModel model) {
        if (model instanceof ItemStoreModel sm) {
            return sm.itemStore();
        }
        return QuantizedFactors.of(FactorStorage.FLOAT, model.itemFactors(), model.numItems(), model.factors(),
                model.itemBiases());
    }

    /** The model holding {@code q} (a copy of model onto it when it can, else model itself). */
    private static FactorModel holding(FactorModel model, QuantizedFactors own, QuantizedFactors q) {
        if (q != own && model instanceof ItemStoreModel sm) {
            return sm.withItemStore(q);
        }
        return model;
    }

    /**
     * Builds the serving data: stores the factors as asked (a model that can drop its float item
     * factors does: {@link #model()} is then that copy) and, if asked, builds the HNSW graph over
     * the stored form (reporting stage {@code hnsw} every 10,000 items to the listener).
     *
     * @throws IllegalArgumentException if the model's factors are not finite or an option does not fit
     */
    public static ItemSearch build(FactorModel model, ServingOptions options, long seed, TrainingListener listener) {
        QuantizedFactors own = storeOf(model);
        QuantizedFactors q = own.to(options.storage());
        FactorModel served = holding(model, own, q);
        if (options.ivf()) {
            return new ItemSearch(served, options, q, null, buildIvf(model, q, seed));
        }
        return new ItemSearch(served, options, q, options.index() ? buildIndex(q, options, seed, listener) : null);
    }

    /** Users sampled (evenly spaced) to choose the inverted file's probes. */
    private static final int CALIBRATION_USERS = 200;

    /**
     * The inverted file over q, its probe count chosen on the model's own (training) users: the
     * fewest that find their exact top 10 ({@link IvfIndex#calibrated}).
     */
    private static IvfIndex buildIvf(FactorModel model, QuantizedFactors q, long seed) {
        long t0 = System.nanoTime();
        IvfIndex idx = IvfIndex.build(q, IvfIndex.defaultLists(q.numItems()), IvfIndex.DEFAULT_HEAD, seed);
        int users = Math.min(CALIBRATION_USERS, model.numUsers());
        float[][] queries = new float[users][];
        for (int j = 0; j < users; j++) {
            queries[j] = model.userVector((int) ((long) j * model.numUsers() / users));
        }
        idx = idx.calibrated(queries);
        LOG.info("inverted file over {} items x {} factors ({}) built in {} s ({} lists, {} head rows, {} probes"
                        + " chosen on {} training users)", q.numItems(), q.dim(), q.storage(),
                String.format("%.1f", (System.nanoTime() - t0) / 1e9), idx.lists(), idx.headSize(), idx.probes(), users);
        return idx;
    }

    private static HnswIndex buildIndex(QuantizedFactors q, ServingOptions options, long seed,
                                        TrainingListener listener) {
        long t0 = System.nanoTime();
        int n = q.numItems();
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        HnswIndex idx = HnswIndex.build(q, options.maxConn(), options.beamWidth(), seed,
                done -> l.onProgress("hnsw", done, n, Map.of()));
        LOG.info("HNSW index over {} items x {} factors ({}) built in {} s ({} MB graph, {} links per node)", n,
                q.dim(), q.storage(), String.format("%.1f", (System.nanoTime() - t0) / 1e9), idx.graphBytes() >> 20,
                String.format("%.1f", n == 0 ? 0.0 : idx.baseLinks() / (double) n));
        return idx;
    }

    /** Wraps stored parts (read from a model file). */
    public static ItemSearch of(FactorModel model, ServingOptions options, QuantizedFactors stored, HnswIndex index) {
        return new ItemSearch(model, options, stored, index);
    }

    /** Wraps stored parts with an inverted file (read from a model file). */
    public static ItemSearch ofIvf(FactorModel model, ServingOptions options, QuantizedFactors stored, IvfIndex ivf) {
        return new ItemSearch(model, options, stored, null, ivf);
    }

    /**
     * The serving data of {@code model} with the options of {@code previous} (a new model swapped
     * in): the model stored as {@code previous} stores, and when the new model's first
     * {@code previous} items have identical stored factors and biases (items were only added), the
     * graph extended with the new items only; otherwise rebuilt.
     */
    public static ItemSearch carryOver(ItemSearch previous, FactorModel model, long seed, TrainingListener listener) {
        ServingOptions o = previous.options;
        QuantizedFactors own = storeOf(model);
        QuantizedFactors q = own.to(o.storage());
        FactorModel served = holding(model, own, q);
        if (o.ivf()) {
            IvfIndex oldIvf = previous.ivf;
            IvfIndex iv;
            if (oldIvf != null && prefixEqual(previous.stored, q)) {
                iv = oldIvf.extend(q);
                LOG.info("inverted file carried over: {} items kept, {} added", oldIvf.size(), q.numItems() - oldIvf.size());
            } else {
                iv = buildIvf(model, q, seed);
            }
            return new ItemSearch(served, o, q, null, iv);
        }
        HnswIndex old = previous.index;
        HnswIndex idx = null;
        if (o.index()) {
            if (old != null && prefixEqual(previous.stored, q) && old.canExtend(q)) {
                idx = old.size() == q.numItems() ? old.over(q) : old.extend(q);
                LOG.info("HNSW index carried over: {} items kept, {} added", old.size(), q.numItems() - old.size());
            } else {
                idx = buildIndex(q, o, seed, listener);
            }
        }
        return new ItemSearch(served, o, q, idx);
    }

    /** Whether b's first a.numItems() rows and biases equal a's (same storage and shape). */
    private static boolean prefixEqual(QuantizedFactors a, QuantizedFactors b) {
        if (a.storage() != b.storage() || a.dim() != b.dim() || b.numItems() < a.numItems()
                || (a.biases() == null) != (b.biases() == null)) {
            return false;
        }
        int n = a.numItems();
        int len = n * a.dim();
        boolean same = switch (a.storage()) {
            case FLOAT -> Arrays.equals(a.floats(), 0, len, b.floats(), 0, len);
            case INT8 -> Arrays.equals(a.codes(), 0, len, b.codes(), 0, len)
                    && Arrays.equals(a.scales(), 0, n, b.scales(), 0, n);
            case BF16 -> Arrays.equals(a.halves(), 0, len, b.halves(), 0, len);
        };
        return same && (a.biases() == null || Arrays.equals(a.biases(), 0, n, b.biases(), 0, n));
    }

    /** The options. */
    public ServingOptions options() {
        return options;
    }

    /** The factor model served (holding {@link #stored()} when it is an {@link ItemStoreModel}). */
    public FactorModel model() {
        return model;
    }

    /** The stored factors. */
    public QuantizedFactors stored() {
        return stored;
    }

    /** The HNSW index, or null. */
    public HnswIndex index() {
        return index;
    }

    /** The inverted file, or null. */
    public IvfIndex ivf() {
        return ivf;
    }

    /** Whether an index (HNSW or inverted file) supplies the candidates. */
    public boolean hasIndex() {
        return index != null || ivf != null;
    }

    /**
     * The k best items for the user vector {@code x} by {@code x . f_i + b_i} in the storage,
     * skipping items {@code exclude} rejects (may be null). With an index: its candidates scored
     * in the storage; when fewer than k eligible candidates come back (filters removing most of
     * the catalogue), an exact scan. Results best first; ties to the lower item.
     *
     * @return how many were written to outRows / outScores (each needs k entries)
     */
    public int topK(float[] x, int xOff, int k, IntPredicate exclude, int[] outRows, float[] outScores) {
        if (k <= 0) {
            return 0;
        }
        if (hasIndex() && (exclude == null || eligibleFraction(exclude) >= MIN_ELIGIBLE_FRACTION)) {
            int want = Math.max(options.efSearch(), OVERFETCH * k);
            int[] rows = new int[want];
            float[] scores = new float[want];
            int got;
            QuantizedFactors scoredIn;
            if (ivf != null) {
                got = ivf.search(x, xOff, want, exclude, rows, scores);
                scoredIn = ivf.vectors();
            } else {
                Bits accept = exclude == null ? null : new Bits() {
                    @Override
                    public boolean get(int i) {
                        return !exclude.test(i);
                    }

                    @Override
                    public int length() {
                        return stored.numItems();
                    }
                };
                got = index.search(x, xOff, 1f, want, want, accept, rows, scores);
                scoredIn = index.vectors();
            }
            if (got >= Math.min(k, stored.numItems())) {
                if (scoredIn != stored) {
                    for (int j = 0; j < got; j++) {
                        scores[j] = stored.score(rows[j], x, xOff);
                    }
                }
                return select(rows, scores, got, k, outRows, outScores);
            }
        }
        return stored.topK(x, xOff, k, exclude, outRows, outScores);
    }

    /** The share of {@link #SAMPLE} evenly spaced items that {@code exclude} accepts. */
    private double eligibleFraction(IntPredicate exclude) {
        int n = stored.numItems();
        int m = Math.min(SAMPLE, n);
        int ok = 0;
        for (int j = 0; j < m; j++) {
            if (!exclude.test((int) ((long) j * n / m))) {
                ok++;
            }
        }
        return m == 0 ? 0 : ok / (double) m;
    }

    /** Top k of (rows, scores)[0..n) by score desc, ties to the lower row. */
    private static int select(int[] rows, float[] scores, int n, int k, int[] outRows, float[] outScores) {
        dev.recsys.internal.topk.TopK heap = new dev.recsys.internal.topk.TopK(k, dev.recsys.internal.topk.TopK.Mode.NOT_NAN);
        for (int j = 0; j < n; j++) {
            heap.offer(rows[j], scores[j]);
        }
        return heap.drain(outRows, outScores);
    }

    /**
     * Every item's score {@code x . f_i + b_i} in the storage (no index), into {@code out}.
     * x not modified; out modified.
     */
    public void scoreAll(float[] x, int xOff, float[] out) {
        stored.scoreAll(x, xOff, out);
    }

    /**
     * The cosine of the stored rows of items a and b (0 when either is all zeros); biases play
     * no part.
     */
    public float cosine(int a, int b) {
        if (invNorms[a] == 0f || invNorms[b] == 0f) {
            return 0f;
        }
        float[] u = new float[stored.dim()];
        stored.row(a, u, 0);
        return Math.min(1f, Math.max(-1f, stored.dot(b, u, 0) * invNorms[a] * invNorms[b]));
    }

    /**
     * The cosine of the stored row of {@code anchor} with every item's, into {@code out[0..n)}
     * (0 for items with all-zero factors; all 0 when the anchor is). out modified.
     */
    public void cosinesTo(int anchor, float[] out) {
        int n = stored.numItems();
        if (invNorms[anchor] == 0f) {
            Arrays.fill(out, 0, n, 0f);
            return;
        }
        float[] u = unitRow(anchor);
        stored.dotAll(u, 0, out);
        for (int i = 0; i < n; i++) {
            out[i] = invNorms[i] == 0f ? 0f : Math.min(1f, Math.max(-1f, out[i] * invNorms[i]));
        }
    }

    private float[] unitRow(int item) {
        int dim = stored.dim();
        float[] u = new float[dim];
        stored.row(item, u, 0);
        float inv = invNorms[item];
        for (int d = 0; d < dim; d++) {
            u[d] *= inv;
        }
        return u;
    }

    /**
     * The k items most similar to {@code item} by the cosine of their stored factors, excluding
     * the item itself, items with zero factors and items {@code exclude} rejects (may be null):
     * an exact scan.
     *
     * @return how many were written (each output needs k entries)
     * @throws IllegalArgumentException if item is out of range or k is negative
     */
    public int similar(int item, int k, IntPredicate exclude, int[] outRows, float[] outScores) {
        return similar(stored, invNorms, item, k, exclude, outRows, outScores);
    }

    /**
     * The k items most similar to {@code item} by the cosine of the rows of {@code stored} (an
     * exact scan computing each row's norm as it goes): {@link dev.recsys.spi.FactorModel#similarItems}
     * of a model holding quantised factors.
     */
    public static int similarStored(QuantizedFactors stored, int item, int k, int[] outItems, float[] outScores) {
        return similar(stored, null, item, k, null, outItems, outScores);
    }

    /**
     * {@link #similar} over any stored factors ({@code invNorms}: one inverse row norm per item, 0
     * for zero rows, or null to compute them as the scan goes).
     */
    static int similar(QuantizedFactors stored, float[] invNorms, int item, int k, IntPredicate exclude,
                       int[] outRows, float[] outScores) {
        int n = stored.numItems();
        if (item < 0 || item >= n) {
            throw new IllegalArgumentException("item index " + item + " is outside [0, " + n + ")");
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        float self = stored.normSquared(item);
        if (!(self > 0f)) {
            return 0;
        }
        int dim = stored.dim();
        float[] u = new float[dim];
        stored.row(item, u, 0);
        float inv = (float) (1.0 / Math.sqrt(self));
        for (int d = 0; d < dim; d++) {
            u[d] *= inv;
        }
        FusedTopK.ChunkScorer sc = (start, len, buf) -> {
            stored.dotRows(u, 0, start, len, buf, 0);
            for (int j = 0; j < len; j++) {
                int i = start + j;
                float in;
                if (invNorms != null) {
                    in = invNorms[i];
                } else {
                    float s = stored.normSquared(i);
                    in = s > 0f ? (float) (1.0 / Math.sqrt(s)) : 0f;
                }
                buf[j] = in == 0f ? Float.NaN : Math.min(1f, Math.max(-1f, buf[j] * in));
            }
        };
        return FusedTopK.scoreTopK(sc, 0, n, k, i -> i == item || (exclude != null && exclude.test(i)), outRows,
                outScores);
    }

    /** Bytes of the stored item factors (plus 4 per item for the scale in int8). */
    public long factorBytes() {
        return stored.factorBytes();
    }

    /** Whether the stored form is not the float one. */
    public boolean quantized() {
        return stored.storage() != FactorStorage.FLOAT;
    }
}
