package dev.recsys.eval.internal;

/**
 * Keeps the best {@code k} (item, score) pairs offered, in a bounded binary min-heap of primitive
 * arrays. "Better" means a higher score, and for equal scores a lower item index, so the result is
 * a total order independent of the offering order.
 *
 * <p>Why the evaluator keeps its own selector rather than core's {@code dev.recsys.internal.topk.TopK}:
 * it must keep every pair offered, {@code -Infinity} included, because a sampled-protocol candidate
 * the model cannot score still takes a rank (the last ones, ties by index); serving's {@code TopK}
 * drops non-finite scores, which would shorten the candidate list and change the metrics.
 *
 * <p>Thread safety: not thread-safe; use one instance per thread.
 */
public final class TopKSelector {
    private int[] items;
    private float[] scores;
    private int k;
    private int size;

    /** A selector with room for {@code capacity} entries (grows on {@link #reset} if needed). */
    public TopKSelector(int capacity) {
        items = new int[Math.max(1, capacity)];
        scores = new float[Math.max(1, capacity)];
    }

    /**
     * Empties the selector and sets the number of entries to keep.
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public void reset(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (k > items.length) {
            items = new int[k];
            scores = new float[k];
        }
        this.k = k;
        this.size = 0;
    }

    /** Whether (item a, score sa) ranks before (item b, score sb). */
    public static boolean better(float sa, int a, float sb, int b) {
        return sa > sb || (sa == sb && a < b);
    }

    /** Offers a pair; kept if it is among the best {@code k} so far. */
    public void offer(int item, float score) {
        if (size < k) {
            int i = size++;
            items[i] = item;
            scores[i] = score;
            siftUp(i);
        } else if (better(score, item, scores[0], items[0])) {
            items[0] = item;
            scores[0] = score;
            siftDown(0);
        }
    }

    /** Number of entries held. */
    public int size() {
        return size;
    }

    /**
     * Writes the entries best first into {@code outItems} and {@code outScores} (from index 0) and
     * empties the selector.
     *
     * @return the number of entries written
     */
    public int drainSorted(int[] outItems, float[] outScores) {
        int n = size;
        for (int pos = n - 1; pos >= 0; pos--) {
            outItems[pos] = items[0];
            outScores[pos] = scores[0];
            size--;
            if (size > 0) {
                items[0] = items[size];
                scores[0] = scores[size];
                siftDown(0);
            }
        }
        return n;
    }

    // min-heap on "better": the root is the worst entry kept
    private boolean worse(int i, int j) {
        return better(scores[j], items[j], scores[i], items[i]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (worse(i, p)) {
                swap(i, p);
                i = p;
            } else {
                return;
            }
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int r = l + 1;
            int w = r < size && worse(r, l) ? r : l;
            if (worse(w, i)) {
                swap(w, i);
                i = w;
            } else {
                return;
            }
        }
    }

    private void swap(int a, int b) {
        int ti = items[a];
        items[a] = items[b];
        items[b] = ti;
        float ts = scores[a];
        scores[a] = scores[b];
        scores[b] = ts;
    }
}
