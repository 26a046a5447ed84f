package dev.recsys.internal.ann;

import dev.recsys.internal.kernel.FusedTopK;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.TrainingListener;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.lucene.util.Bits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving data of one factor model under {@link ServingOptions}: its item factors in the
 * chosen storage ({@link QuantizedFactors}), an optional {@link HnswIndex} over the float factors,
 * and the inverse item norms for cosine similarity. Answers top-k by the model's score (index
 * candidates re-scored exactly in the storage, else an exact scan) and top-k by cosine.
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
    private final float[] invNorms;

    ItemSearch(FactorModel model, ServingOptions options, QuantizedFactors stored, HnswIndex index) {
        this.model = model;
        this.options = options;
        this.stored = stored;
        this.index = index;
        int n = model.numItems();
        int k = model.factors();
        float[] f = model.itemFactors();
        this.invNorms = new float[n];
        for (int i = 0; i < n; i++) {
            float s = Kernels.bestJava().sumSquares(f, i * k, k);
            invNorms[i] = s > 0f ? (float) (1.0 / Math.sqrt(s)) : 0f;
        }
    }

    /**
     * Builds the serving data: quantises the factors and, if asked, builds the HNSW graph
     * (reporting stage {@code hnsw} every 10,000 items to the listener).
     *
     * @throws IllegalArgumentException if the model's factors are not finite or an option does not fit
     */
    public static ItemSearch build(FactorModel model, ServingOptions options, long seed, TrainingListener listener) {
        QuantizedFactors q = QuantizedFactors.of(options.storage(), model.itemFactors(), model.numItems(),
                model.factors(), model.itemBiases());
        HnswIndex idx = null;
        if (options.index()) {
            long t0 = System.nanoTime();
            int n = model.numItems();
            TrainingListener l = listener == null ? TrainingListener.NONE : listener;
            idx = HnswIndex.build(model.itemFactors(), model.itemBiases(), n, model.factors(), options.maxConn(),
                    options.beamWidth(), seed, done -> l.onProgress("hnsw", done, n, Map.of()));
            LOG.info("HNSW index over {} items x {} factors built in {} s ({} MB graph)", n, model.factors(),
                    String.format("%.1f", (System.nanoTime() - t0) / 1e9), idx.graphBytes() >> 20);
        }
        return new ItemSearch(model, options, q, idx);
    }

    /** Wraps stored parts (read from a model file). */
    public static ItemSearch of(FactorModel model, ServingOptions options, QuantizedFactors stored, HnswIndex index) {
        return new ItemSearch(model, options, stored, index);
    }

    /**
     * The serving data of {@code model} with the options of {@code previous} (a new model swapped
     * in): when the new model's first {@code previous} items have bit-identical factors and biases
     * (items were only added), the graph is extended with the new items only; otherwise rebuilt.
     */
    public static ItemSearch carryOver(ItemSearch previous, FactorModel model, long seed, TrainingListener listener) {
        ServingOptions o = previous.options;
        HnswIndex old = previous.index;
        if (old == null || !prefixEqual(previous.model, model)) {
            return build(model, o, seed, listener);
        }
        QuantizedFactors q = QuantizedFactors.of(o.storage(), model.itemFactors(), model.numItems(), model.factors(),
                model.itemBiases());
        HnswIndex idx = old.size() == model.numItems() && previous.model.itemFactors() == model.itemFactors() ? old
                : old.extend(model.itemFactors(), model.itemBiases(), model.numItems());
        LOG.info("HNSW index carried over: {} items kept, {} added", old.size(), model.numItems() - old.size());
        return new ItemSearch(model, o, q, idx);
    }

    private static boolean prefixEqual(FactorModel a, FactorModel b) {
        if (a.factors() != b.factors() || b.numItems() < a.numItems()
                || (a.itemBiases() == null) != (b.itemBiases() == null)) {
            return false;
        }
        int len = a.numItems() * a.factors();
        if (!java.util.Arrays.equals(a.itemFactors(), 0, len, b.itemFactors(), 0, len)) {
            return false;
        }
        return a.itemBiases() == null
                || java.util.Arrays.equals(a.itemBiases(), 0, a.numItems(), b.itemBiases(), 0, a.numItems());
    }

    /** The options. */
    public ServingOptions options() {
        return options;
    }

    /** The factor model served. */
    public FactorModel model() {
        return model;
    }

    /** The stored factors. */
    public QuantizedFactors stored() {
        return stored;
    }

    /** The index, or null. */
    public HnswIndex index() {
        return index;
    }

    /**
     * The k best items for the user vector {@code x} by {@code x . f_i + b_i} in the storage,
     * skipping items {@code exclude} rejects (may be null). With an index: its candidates re-scored
     * exactly; when fewer than k eligible candidates come back (filters removing most of the
     * catalogue), an exact scan. Results best first; ties to the lower item.
     *
     * @return how many were written to outRows / outScores (each needs k entries)
     */
    public int topK(float[] x, int xOff, int k, IntPredicate exclude, int[] outRows, float[] outScores) {
        if (k <= 0) {
            return 0;
        }
        if (index != null && (exclude == null || eligibleFraction(exclude) >= MIN_ELIGIBLE_FRACTION)) {
            int want = Math.max(options.efSearch(), OVERFETCH * k);
            int[] rows = new int[want];
            float[] scores = new float[want];
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
            int got = index.search(x, xOff, 1f, want, want, accept, rows, scores);
            if (got >= Math.min(k, stored.numItems())) {
                for (int j = 0; j < got; j++) {
                    scores[j] = stored.score(rows[j], x, xOff);
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
     * The k items most similar to {@code item} by the cosine of their factors (the stored form,
     * divided by the float norms), excluding the item itself, items with zero factors and items
     * {@code exclude} rejects (may be null): an exact scan.
     *
     * @return how many were written (each output needs k entries)
     * @throws IllegalArgumentException if item is out of range or k is negative
     */
    public int similar(int item, int k, IntPredicate exclude, int[] outRows, float[] outScores) {
        int n = stored.numItems();
        if (item < 0 || item >= n) {
            throw new IllegalArgumentException("item index " + item + " is outside [0, " + n + ")");
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int dim = stored.dim();
        float[] u = new float[dim];
        float[] f = model.itemFactors();
        for (int d = 0; d < dim; d++) {
            u[d] = f[item * dim + d] * invNorms[item];
        }
        if (invNorms[item] == 0f) {
            return 0;
        }
        QuantizedFactors noBias = stored;
        float[] biases = model.itemBiases();
        FusedTopK.ChunkScorer sc = (start, len, buf) -> {
            for (int j = 0; j < len; j++) {
                int i = start + j;
                float s = noBias.score(i, u, 0) - (biases == null ? 0f : biases[i]);
                buf[j] = invNorms[i] == 0f ? Float.NaN : Math.min(1f, Math.max(-1f, s * invNorms[i]));
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
