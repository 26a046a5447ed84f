package dev.recsys.internal.scene;

import dev.recsys.data.Behavior;
import dev.recsys.data.Interactions;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;

/**
 * Item-to-item association by session co-occurrence, scored with a shrunk lift
 * {@code lift(a,b) * n_ab / (n_ab + 2)} where {@code lift = n_ab * N / (n_a * n_b)} over N sessions
 * (a user's events with gaps of at most {@code sessionGapSeconds}). Only pairs seen in at least
 * {@code minSupport} sessions are kept, at most {@code maxNeighbors} per item, best first.
 *
 * <p>Thread safety: immutable after construction; safe for concurrent reads.
 */
public final class Associations {
    private static final int MAX_BASKET = 40;
    private final int numItems;
    private final int[] ptr;
    private final int[] idx;
    private final float[] score;

    private Associations(int numItems, int[] ptr, int[] idx, float[] score) {
        this.numItems = numItems;
        this.ptr = ptr;
        this.idx = idx;
        this.score = score;
    }

    /**
     * A table from its stored arrays (as returned by {@link #pointerArray()}, {@link #neighborArray()}
     * and {@link #scoreArray()}); the arrays are kept, not copied.
     *
     * @throws IllegalArgumentException if the arrays are inconsistent (pointers not ascending from 0,
     *                                  a neighbour outside {@code [0, numItems)}, a score not finite)
     */
    public static Associations of(int numItems, int[] ptr, int[] idx, float[] score) {
        if (numItems < 0 || ptr.length != numItems + 1 || ptr[0] != 0) {
            throw new IllegalArgumentException("association pointers do not match " + numItems + " rows");
        }
        for (int i = 0; i < numItems; i++) {
            if (ptr[i + 1] < ptr[i]) {
                throw new IllegalArgumentException("association pointers decrease at row " + i);
            }
        }
        if (idx.length != ptr[numItems] || score.length != ptr[numItems]) {
            throw new IllegalArgumentException(ptr[numItems] + " associations declared, " + idx.length
                    + " neighbours and " + score.length + " scores stored");
        }
        for (int p = 0; p < idx.length; p++) {
            if (idx[p] < 0 || idx[p] >= numItems) {
                throw new IllegalArgumentException("association neighbour " + idx[p] + " outside 0.." + (numItems - 1));
            }
            if (!Float.isFinite(score[p])) {
                throw new IllegalArgumentException("association score " + score[p] + " is not finite");
            }
        }
        return new Associations(numItems, ptr, idx, score);
    }

    /** An association table with no entries. */
    public static Associations empty(int numItems) {
        return new Associations(numItems, new int[numItems + 1], new int[0], new float[0]);
    }

    /**
     * Builds the table from the events of the given behaviours.
     *
     * @param log               events (item indices must be below {@code numItems}). Not modified.
     * @param numItems          number of items
     * @param behaviors         which behaviours put an item into a session basket
     * @param sessionGapSeconds gap that starts a new session
     * @param minSupport        minimum number of sessions holding both items
     * @param maxNeighbors      neighbours kept per item
     */
    public static Associations build(Interactions log, int numItems, Behavior[] behaviors, long sessionGapSeconds,
                                     int minSupport, int maxNeighbors) {
        return build(log, numItems, null, behaviors, sessionGapSeconds, minSupport, maxNeighbors);
    }

    /**
     * Builds the table over keys of items (for example their categories) instead of items.
     *
     * @param numKeys number of keys (rows of the table)
     * @param keyOf   key of each item index (-1: the item is ignored), or null for the item itself
     */
    public static Associations build(Interactions log, int numKeys, int[] keyOf, Behavior[] behaviors,
                                     long sessionGapSeconds, int minSupport, int maxNeighbors) {
        int numItems = numKeys;
        boolean[] use = new boolean[Behavior.values().length];
        for (Behavior b : behaviors) {
            use[b.code()] = true;
        }
        int n = log.size();
        int users = log.users().size();
        // counting sort of event positions by user, then by time within the user
        int[] start = new int[users + 1];
        for (int e = 0; e < n; e++) {
            if (use[log.behaviorCode(e)] && key(keyOf, log.item(e), numItems) >= 0) {
                start[log.user(e) + 1]++;
            }
        }
        for (int u = 0; u < users; u++) {
            start[u + 1] += start[u];
        }
        int[] pos = new int[start[users]];
        int[] fill = Arrays.copyOf(start, users);
        for (int e = 0; e < n; e++) {
            if (use[log.behaviorCode(e)] && key(keyOf, log.item(e), numItems) >= 0) {
                pos[fill[log.user(e)]++] = e;
            }
        }
        int[] itemCount = new int[numItems];
        Long2IntOpenHashMap pairs = new Long2IntOpenHashMap();
        IntOpenHashSet basket = new IntOpenHashSet();
        int sessions = 0;
        for (int u = 0; u < users; u++) {
            int from = start[u];
            int to = start[u + 1];
            if (to - from == 0) {
                continue;
            }
            IntArrays.quickSort(pos, from, to, (x, y) -> Long.compare(log.time(x), log.time(y)));
            basket.clear();
            long last = Long.MIN_VALUE;
            for (int p = from; p < to; p++) {
                int e = pos[p];
                long t = log.time(e);
                if (last != Long.MIN_VALUE && t - last > sessionGapSeconds) {
                    sessions += flush(basket, itemCount, pairs);
                }
                last = t;
                if (basket.size() < MAX_BASKET) {
                    basket.add(key(keyOf, log.item(e), numItems));
                }
            }
            sessions += flush(basket, itemCount, pairs);
        }
        int[] deg = new int[numItems + 1];
        for (Long2IntMap.Entry en : pairs.long2IntEntrySet()) {
            if (en.getIntValue() >= minSupport) {
                long key = en.getLongKey();
                deg[(int) (key >>> 32) + 1]++;
                deg[(int) key + 1]++;
            }
        }
        for (int i = 0; i < numItems; i++) {
            deg[i + 1] += deg[i];
        }
        int[] allIdx = new int[deg[numItems]];
        float[] allScore = new float[deg[numItems]];
        int[] at = Arrays.copyOf(deg, numItems);
        for (Long2IntMap.Entry en : pairs.long2IntEntrySet()) {
            int c = en.getIntValue();
            if (c >= minSupport) {
                long key = en.getLongKey();
                int a = (int) (key >>> 32);
                int b = (int) key;
                double lift = (double) c * sessions / ((double) itemCount[a] * itemCount[b]);
                float s = (float) (lift * c / (c + 2.0));
                allIdx[at[a]] = b;
                allScore[at[a]++] = s;
                allIdx[at[b]] = a;
                allScore[at[b]++] = s;
            }
        }
        // sort each row by score (descending, ties by lower index) and keep the best maxNeighbors
        int[] ptr = new int[numItems + 1];
        IntArrayList outIdx = new IntArrayList();
        it.unimi.dsi.fastutil.floats.FloatArrayList outScore = new it.unimi.dsi.fastutil.floats.FloatArrayList();
        for (int i = 0; i < numItems; i++) {
            int from = deg[i];
            int len = deg[i + 1] - from;
            int[] order = new int[len];
            for (int j = 0; j < len; j++) {
                order[j] = from + j;
            }
            IntArrays.quickSort(order, (x, y) -> {
                int c = Float.compare(allScore[y], allScore[x]);
                return c != 0 ? c : Integer.compare(allIdx[x], allIdx[y]);
            });
            int keep = Math.min(len, maxNeighbors);
            for (int j = 0; j < keep; j++) {
                outIdx.add(allIdx[order[j]]);
                outScore.add(allScore[order[j]]);
            }
            ptr[i + 1] = outIdx.size();
        }
        return new Associations(numItems, ptr, outIdx.toIntArray(), outScore.toFloatArray());
    }

    private static int key(int[] keyOf, int item, int numKeys) {
        if (keyOf == null) {
            return item < numKeys ? item : -1;
        }
        return item < keyOf.length ? keyOf[item] : -1;
    }

    private static int flush(IntOpenHashSet basket, int[] itemCount, Long2IntOpenHashMap pairs) {
        if (basket.isEmpty()) {
            return 0;
        }
        int[] b = basket.toIntArray();
        Arrays.sort(b);
        for (int i = 0; i < b.length; i++) {
            itemCount[b[i]]++;
            for (int j = i + 1; j < b.length; j++) {
                pairs.addTo(((long) b[i] << 32) | b[j], 1);
            }
        }
        basket.clear();
        return 1;
    }

    /** Number of items. */
    public int numItems() {
        return numItems;
    }

    /** First position of {@code item}'s neighbours in {@link #neighborArray()}. */
    public int start(int item) {
        return ptr[item];
    }

    /** End (exclusive) of {@code item}'s neighbours. */
    public int end(int item) {
        return ptr[item + 1];
    }

    /** Shared row pointers, length {@code numItems() + 1} (read-only). */
    public int[] pointerArray() {
        return ptr;
    }

    /** Shared neighbour indices (read-only). */
    public int[] neighborArray() {
        return idx;
    }

    /** Shared neighbour scores (read-only). */
    public float[] scoreArray() {
        return score;
    }

    /** The association score of {@code b} as a neighbour of {@code a}, or 0. */
    public float score(int a, int b) {
        if (a < 0 || a >= numItems) {
            return 0f;
        }
        for (int p = ptr[a]; p < ptr[a + 1]; p++) {
            if (idx[p] == b) {
                return score[p];
            }
        }
        return 0f;
    }
}
