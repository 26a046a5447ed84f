package dev.recsys.data;

import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * Builds user x item {@link InteractionMatrix} instances from an {@link Interactions} log.
 *
 * <p>Thread safety: stateless; safe to call from several threads on logs nobody modifies.
 */
public final class MatrixBuilder {
    private MatrixBuilder() {
    }

    /**
     * Builds the users x items matrix (dimensions from the log's id indices). Each event
     * contributes {@link MatrixOptions#contribution(Behavior, float)} {@code * decay(time)}: a
     * rating or review {@code weight * value}, an implicit event {@code weight * transform(value)}
     * ({@code weight} with the default transform NONE); events whose behaviour weight is 0, and
     * implicit events of value 0 under a value transform, are dropped; duplicates of a (user, item)
     * pair are combined by {@link MatrixOptions#aggregation()}. Entries that aggregate to exactly 0
     * are kept (the user did interact).
     *
     * @param log     the events. Not modified.
     * @param options weights, value transform, aggregation and decay. Not modified.
     * @throws IllegalArgumentException naming the event, its user and item if an implicit event's
     *                                  value is negative (or not finite) under a value transform
     */
    public static InteractionMatrix build(Interactions log, MatrixOptions options) {
        if (log == null) {
            throw new IllegalArgumentException("log must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        int nUsers = log.users().size();
        int nItems = log.items().size();
        int n = log.size();
        float[] w = options.weights();
        double hl = options.halfLifeSeconds();
        long tRef = hl > 0 ? TimeDecay.referenceTime(log) : 0;
        Aggregation agg = options.aggregation();

        // kept events in log order
        int kept = 0;
        boolean transformed = !options.valueTransform().isNone();
        for (int e = 0; e < n; e++) {
            if (kept(log, e, w, transformed)) {
                kept++;
            }
        }
        int[] order = new int[kept];
        boolean timeOrdered = true;
        long prevTime = Long.MIN_VALUE;
        for (int e = 0, k = 0; e < n; e++) {
            if (kept(log, e, w, transformed)) {
                order[k++] = e;
                long t = log.time(e);
                timeOrdered &= t >= prevTime;
                prevTime = t;
            }
        }
        if (agg == Aggregation.LAST && !timeOrdered) {
            // stable: equal times keep log order
            IntArrays.mergeSort(order, (a, b) -> Long.compare(log.time(a), log.time(b)));
        }
        // two stable counting sorts: by item, then by user -> rows with ascending items, and
        // within a (user, item) run the events in time (then log) order
        int[] byItem = countingSort(order, nItems, log, false);
        int[] byUser = countingSort(byItem, nUsers, log, true);

        int[] rowPtr = new int[nUsers + 1];
        int[] cols = new int[kept];
        float[] vals = new float[kept];
        int nnz = 0;
        int k = 0;
        for (int u = 0; u < nUsers; u++) {
            while (k < kept && log.user(byUser[k]) == u) {
                int item = log.item(byUser[k]);
                float acc = contribution(log, byUser[k], options, tRef, hl);
                k++;
                while (k < kept && log.user(byUser[k]) == u && log.item(byUser[k]) == item) {
                    float v = contribution(log, byUser[k], options, tRef, hl);
                    switch (agg) {
                        case SUM:
                            acc += v;
                            break;
                        case MAX:
                            acc = Math.max(acc, v);
                            break;
                        default:
                            acc = v; // LAST: events are in time, then log, order
                    }
                    k++;
                }
                cols[nnz] = item;
                vals[nnz] = acc;
                nnz++;
            }
            rowPtr[u + 1] = nnz;
        }
        return new InteractionMatrix(nUsers, nItems, rowPtr,
                java.util.Arrays.copyOf(cols, nnz), java.util.Arrays.copyOf(vals, nnz));
    }

    /** Stable counting sort of event positions by user (or item) index. */
    private static int[] countingSort(int[] events, int keys, Interactions log, boolean byUser) {
        int[] start = new int[keys + 1];
        for (int e : events) {
            start[(byUser ? log.user(e) : log.item(e)) + 1]++;
        }
        for (int i = 0; i < keys; i++) {
            start[i + 1] += start[i];
        }
        int[] out = new int[events.length];
        for (int e : events) {
            out[start[byUser ? log.user(e) : log.item(e)]++] = e;
        }
        return out;
    }

    /**
     * Whether event {@code e} enters the matrix: its behaviour has a weight, and under a value
     * transform an implicit event needs a value other than 0 (a negative one fails later, naming it).
     */
    private static boolean kept(Interactions log, int e, float[] w, boolean transformed) {
        byte b = log.behaviorCode(e);
        return w[b] != 0f && !(transformed && log.value(e) == 0f && !Behavior.ofCode(b).hasValue());
    }

    private static float contribution(Interactions log, int e, MatrixOptions options, long tRef, double halfLife) {
        float v;
        try {
            v = options.contribution(log.behavior(e), log.value(e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("event " + e + " (user " + log.users().idOf(log.user(e)) + ", item "
                    + log.items().idOf(log.item(e)) + ", " + log.behavior(e).name().toLowerCase(java.util.Locale.ROOT)
                    + "): " + ex.getMessage(), ex);
        }
        if (halfLife > 0) {
            v *= (float) TimeDecay.weight(tRef, log.time(e), halfLife);
        }
        return v;
    }
}
