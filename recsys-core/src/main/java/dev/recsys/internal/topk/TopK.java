package dev.recsys.internal.topk;

import dev.recsys.api.ItemFilter;
import dev.recsys.data.ItemCatalog;

/**
 * Selects the {@code k} best (item, score) pairs with a bounded min-heap on primitive arrays (no
 * boxing). Higher scores are better; on equal scores the lower item index wins, so results are
 * deterministic. Non-finite scores (NaN, -Infinity, +Infinity) are never selected, and
 * {@code -0.0f} is treated as (and returned as) {@code 0.0f}.
 *
 * <p>An instance is reusable: {@link #reset(int)}, then {@link #offer} or one of the
 * {@code collect} methods (they may be combined), then {@link #drain}. The static {@code select}
 * methods wrap this for one-off use. The item filter is evaluated lazily, only for items whose
 * score would enter the heap, so expensive filters cost little.
 *
 * <p>Thread safety: not thread-safe; keep one instance per thread.
 */
public final class TopK {
    private int[] heapItems;
    private float[] heapScores;
    private int size;
    private int k;

    /** A selector for {@code k} items (it grows if later reset to a larger k). */
    public TopK(int k) {
        reset(k);
    }

    /**
     * Empties the heap and sets the number of items to keep.
     *
     * @throws IllegalArgumentException if {@code k < 0}
     */
    public void reset(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (heapItems == null || heapItems.length < k) {
            heapItems = new int[k];
            heapScores = new float[k];
        }
        this.k = k;
        this.size = 0;
    }

    /** Number of pairs held now (at most k). */
    public int size() {
        return size;
    }

    /** The number of items to keep. */
    public int k() {
        return k;
    }

    /**
     * Offers one pair; kept if it is among the best k seen so far. The caller must not offer the
     * same item twice.
     *
     * @return whether the pair was kept (for now)
     */
    public boolean offer(int item, float score) {
        if (!Float.isFinite(score) || !wouldKeep(item, score)) {
            return false;
        }
        push(item, score + 0f);
        return true;
    }

    /**
     * Offers every item {@code i} in {@code [0, scores.length)} that is not in {@code excluded}
     * and passes {@code filter}.
     *
     * @param scores   one score per item. Not modified.
     * @param excluded items never to select, or null. Not modified.
     * @param filter   item filter, or null for all items
     * @param catalog  passed to the filter (may be null if the filter ignores it)
     */
    public void collect(float[] scores, ItemMask excluded, ItemFilter filter, ItemCatalog catalog) {
        if (k == 0) {
            return;
        }
        int n = scores.length;
        for (int i = 0; i < n; i++) {
            float s = scores[i];
            if (!(s > Float.NEGATIVE_INFINITY) || s == Float.POSITIVE_INFINITY) {
                continue; // NaN, -Inf, +Inf
            }
            s += 0f;
            if (size == k && !better(i, s, heapItems[0], heapScores[0])) {
                continue;
            }
            if (excluded != null && excluded.get(i)) {
                continue;
            }
            if (filter != null && !filter.accept(i, catalog)) {
                continue;
            }
            push(i, s);
        }
    }

    /**
     * Offers the items {@code candidates[from..to)} with their scores {@code scores[item]}, skipping
     * those in {@code excluded} or rejected by {@code filter}. Candidates must be distinct valid
     * indices into {@code scores}.
     *
     * @param scores     one score per item. Not modified.
     * @param candidates item indices. Not modified.
     * @param excluded   items never to select, or null. Not modified.
     * @param filter     item filter, or null
     * @param catalog    passed to the filter
     */
    public void collect(float[] scores, int[] candidates, int from, int to, ItemMask excluded,
                        ItemFilter filter, ItemCatalog catalog) {
        if (from < 0 || to > candidates.length || from > to) {
            throw new IllegalArgumentException("candidate range [" + from + ", " + to + ") is not inside [0, "
                    + candidates.length + ")");
        }
        if (k == 0) {
            return;
        }
        for (int c = from; c < to; c++) {
            int i = candidates[c];
            float s = scores[i];
            if (!(s > Float.NEGATIVE_INFINITY) || s == Float.POSITIVE_INFINITY) {
                continue;
            }
            s += 0f;
            if (size == k && !better(i, s, heapItems[0], heapScores[0])) {
                continue;
            }
            if (excluded != null && excluded.get(i)) {
                continue;
            }
            if (filter != null && !filter.accept(i, catalog)) {
                continue;
            }
            push(i, s);
        }
    }

    /**
     * Writes the held pairs best first into the output arrays and empties the heap.
     *
     * @param outItems  receives item indices; length >= {@link #size()}. Modified.
     * @param outScores receives scores; length >= {@link #size()}. Modified.
     * @return the number of pairs written
     */
    public int drain(int[] outItems, float[] outScores) {
        int n = size;
        if (outItems.length < n || outScores.length < n) {
            throw new IllegalArgumentException("output arrays hold " + Math.min(outItems.length, outScores.length)
                    + " entries, need " + n);
        }
        // Repeatedly remove the worst element and place it at the back.
        for (int pos = n - 1; pos >= 0; pos--) {
            outItems[pos] = heapItems[0];
            outScores[pos] = heapScores[0];
            size--;
            if (size > 0) {
                heapItems[0] = heapItems[size];
                heapScores[0] = heapScores[size];
                siftDown(0);
            }
        }
        return n;
    }

    /** One-off selection over all items; see {@link #collect(float[], ItemMask, ItemFilter, ItemCatalog)}. */
    public static int select(float[] scores, int k, ItemMask excluded, ItemFilter filter, ItemCatalog catalog,
                             int[] outItems, float[] outScores) {
        TopK t = new TopK(k);
        t.collect(scores, excluded, filter, catalog);
        return t.drain(outItems, outScores);
    }

    /** One-off selection over a candidate list; see {@link #collect(float[], int[], int, int, ItemMask, ItemFilter, ItemCatalog)}. */
    public static int select(float[] scores, int[] candidates, int k, ItemMask excluded, ItemFilter filter,
                             ItemCatalog catalog, int[] outItems, float[] outScores) {
        TopK t = new TopK(k);
        t.collect(scores, candidates, 0, candidates.length, excluded, filter, catalog);
        return t.drain(outItems, outScores);
    }

    /** Whether (item, score) would enter the heap now (score assumed finite). */
    private boolean wouldKeep(int item, float score) {
        return k > 0 && (size < k || better(item, score + 0f, heapItems[0], heapScores[0]));
    }

    /** Whether (ia, sa) ranks before (ib, sb). */
    private static boolean better(int ia, float sa, int ib, float sb) {
        return sa > sb || (sa == sb && ia < ib);
    }

    private void push(int item, float score) {
        if (size < k) {
            int pos = size++;
            // sift up: parent must be worse than or equal to child
            while (pos > 0) {
                int parent = (pos - 1) >>> 1;
                if (!better(heapItems[parent], heapScores[parent], item, score)) {
                    break;
                }
                heapItems[pos] = heapItems[parent];
                heapScores[pos] = heapScores[parent];
                pos = parent;
            }
            heapItems[pos] = item;
            heapScores[pos] = score;
        } else {
            heapItems[0] = item;
            heapScores[0] = score;
            siftDown(0);
        }
    }

    private void siftDown(int pos) {
        int item = heapItems[pos];
        float score = heapScores[pos];
        int n = size;
        while (true) {
            int child = 2 * pos + 1;
            if (child >= n) {
                break;
            }
            int right = child + 1;
            // pick the worse child
            if (right < n && better(heapItems[child], heapScores[child], heapItems[right], heapScores[right])) {
                child = right;
            }
            if (!better(item, score, heapItems[child], heapScores[child])) {
                break;
            }
            heapItems[pos] = heapItems[child];
            heapScores[pos] = heapScores[child];
            pos = child;
        }
        heapItems[pos] = item;
        heapScores[pos] = score;
    }
}
