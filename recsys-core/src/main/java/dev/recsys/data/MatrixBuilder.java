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
     * contributes {@code weight(behaviour) * value * decay(time)} ({@code value} is 1 for implicit
     * behaviours); events whose behaviour weight is 0 are dropped; duplicates of a (user, item) pair
     * are combined by {@link MatrixOptions#aggregation()}. Entries that aggregate to exactly 0 are
     * kept (the user did interact).
     *
     * @param log     the events. Not modified.
     * @param options weights, aggregation and decay. Not modified.
     */
    public static InteractionMatrix build(Interactions log, MatrixOptions options) {
        int nUsers = log.users().size();
        int nItems = log.items().size();
        int n = log.size();
        float[] w = options.weights();
        long tRef = log.timeRange()[1];
        double hl = options.halfLifeSeconds();

        int[] count = new int[nUsers + 1];
        int kept = 0;
        for (int e = 0; e < n; e++) {
            if (w[log.behaviorCode(e)] != 0f) {
                count[log.user(e) + 1]++;
                kept++;
            }
        }
        for (int u = 0; u < nUsers; u++) {
            count[u + 1] += count[u];
        }
        int[] order = new int[kept];
        int[] next = java.util.Arrays.copyOf(count, nUsers);
        for (int e = 0; e < n; e++) {
            if (w[log.behaviorCode(e)] != 0f) {
                order[next[log.user(e)]++] = e;
            }
        }

        int[] rowPtr = new int[nUsers + 1];
        int[] cols = new int[kept];
        float[] vals = new float[kept];
        int nnz = 0;
        for (int u = 0; u < nUsers; u++) {
            int from = count[u];
            int to = count[u + 1];
            IntArrays.quickSort(order, from, to, (a, b) -> {
                int c = Integer.compare(log.item(a), log.item(b));
                if (c != 0) {
                    return c;
                }
                c = Long.compare(log.time(a), log.time(b));
                return c != 0 ? c : Integer.compare(a, b);
            });
            int k = from;
            while (k < to) {
                int item = log.item(order[k]);
                float acc = contribution(log, order[k], w, tRef, hl);
                k++;
                while (k < to && log.item(order[k]) == item) {
                    float v = contribution(log, order[k], w, tRef, hl);
                    switch (options.aggregation()) {
                        case SUM:
                            acc += v;
                            break;
                        case MAX:
                            acc = Math.max(acc, v);
                            break;
                        default:
                            acc = v; // LAST: sorted by time, then log position
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

    private static float contribution(Interactions log, int e, float[] w, long tRef, double halfLife) {
        byte b = log.behaviorCode(e);
        float v = w[b] * (Behavior.ofCode(b).hasValue() ? log.value(e) : 1f);
        if (halfLife > 0) {
            v *= (float) Math.pow(2.0, -(tRef - log.time(e)) / halfLife);
        }
        return v;
    }
}
