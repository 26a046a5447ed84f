package dev.recsys.internal.topk;

import dev.recsys.api.ItemFilter;
import dev.recsys.data.ItemCatalog;

/**
 * Selects the {@code k} best (item, score) pairs with a bounded min-heap on primitive arrays (no
 * boxing): the one top-k selector of the project (serving, the fused score + top-k kernel, the
 * evaluator and training-time validation). Higher scores are better; on equal scores the lower
 * item index wins, so results are deterministic and independent of the offering order. NaN is
 * never selected; whether {@code -Infinity} and {@code +Infinity} may be is the {@link Mode}
 * ({@link Mode#FINITE} unless constructed otherwise). {@code -0.0f} is treated as (and, through
 * {@link #offer} and {@code collect}, returned as) {@code 0.0f}.
 *
 * <p>An instance is reusable: {@link #reset(int)}, then {@link #offer} or one of the
 * {@code collect} methods (they may be combined), then {@link #drain}. The static {@code select}
 * methods wrap this for one-off use. The item filter is evaluated lazily, only for items whose
 * score would enter the heap, so expensive filters cost little. Hot loops that keep their own
 * threshold use the heap primitive: {@link #isFull}, {@link #worstScore}, {@link #insert}.
 *
 * <p>Thread safety: not thread-safe; keep one instance per thread.
 */
public final class TopK {
    /** Which scores may be selected; NaN never is (it has no order). */
    public enum Mode {
        /** Finite scores only (serving): NaN, {@code -Infinity} and {@code +Infinity} are skipped. */
        FINITE,
        /**
         * Every score but NaN: {@code -Infinity} and {@code +Infinity} take part and rank last and
         * first (sampled evaluation: a candidate the model cannot score still takes a rank).
         */
        NOT_NAN
    }

    private final boolean finiteOnly;
    private int[] heapItems;
    private float[] heapScores;
    private int size;
    private int k;

    /** A selector for {@code k} items of finite score (it grows if later reset to a larger k). */
    public TopK(int k) {
        this(k, Mode.FINITE);
    }

    /**
     * A selector for {@code k} items (it grows if later reset to a larger k).
     *
     * @param mode which scores may be selected
     * @throws IllegalArgumentException if {@code k < 0}
     */
    public TopK(int k, Mode mode) {
        this.finiteOnly = mode == Mode.FINITE;
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

    /** Whether k pairs are held (then a new pair must beat {@link #worstScore} to enter). */
    public boolean isFull() {
        return size == k;
    }

    /**
     * The score of the worst pair held (the heap root).
     *
     * @throws IllegalStateException if the selector is empty
     */
    public float worstScore() {
        if (size == 0) {
            throw new IllegalStateException("no pair held");
        }
        return heapScores[0];
    }

    /**
     * Offers one pair; kept if it is among the best k seen so far and the {@link Mode} admits its
     * score. The caller must not offer the same item twice.
     *
     * @return whether the pair was kept (for now)
     */
    public boolean offer(int item, float score) {
        if (!admits(score) || !wouldKeep(item, score)) {
            return false;
        }
        push(item, score + 0f);
        return true;
    }

    /**
     * The heap primitive: adds a pair without any check, for loops that test candidates
     * themselves. The caller guarantees that {@code k > 0}, that the score is not NaN, that the item
     * was not inserted before, and, when {@link #isFull()}, that the pair ranks before the worst
     * held (a higher score than {@link #worstScore()}, or an equal one with a lower item); the
     * worst pair is then replaced. The score is stored as given.
     */
    public void insert(int item, float score) {
        push(item, score);
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
            if (!admits(s)) {
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
            if (!admits(s)) {
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
        return drainTo(outItems, outScores);
    }

    /** Drains best first into outItems and, unless null, outScores (lengths checked by the caller). */
    private int drainTo(int[] outItems, float[] outScores) {
        int n = size;
        // Repeatedly remove the worst element and place it at the back.
        for (int pos = n - 1; pos >= 0; pos--) {
            outItems[pos] = heapItems[0];
            if (outScores != null) {
                outScores[pos] = heapScores[0];
            }
            size--;
            if (size > 0) {
                heapItems[0] = heapItems[size];
                heapScores[0] = heapScores[size];
                siftDown(0);
            }
        }
        return n;
    }

    /**
     * {@link #drain} without the scores: writes the held items best first and empties the heap.
     *
     * @param outItems receives item indices; length >= {@link #size()}. Modified.
     * @return the number of items written
     */
    public int drainItems(int[] outItems) {
        if (outItems.length < size) {
            throw new IllegalArgumentException("output array holds " + outItems.length + " entries, need " + size);
        }
        return drainTo(outItems, null);
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

    /** Whether the mode lets the score be selected. */
    private boolean admits(float s) {
        return finiteOnly ? s > Float.NEGATIVE_INFINITY && s < Float.POSITIVE_INFINITY : s == s;
    }

    /** Whether (item, score) would enter the heap now (score assumed admitted). */
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
