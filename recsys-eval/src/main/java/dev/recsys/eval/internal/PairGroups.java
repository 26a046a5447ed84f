package dev.recsys.eval.internal;

import dev.recsys.data.Interactions;
import dev.recsys.internal.sample.Shuffle;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.SplittableRandom;

/**
 * Event positions of a log grouped by (user, item): {@code order} lists positions sorted by user,
 * item, time and position; group {@code g} is {@code order[start[g] .. start[g+1])}. Groups of one
 * user are contiguous ({@code userStart} indexes groups).
 *
 * <p>Thread safety: immutable after construction.
 */
public final class PairGroups {
    /** Positions sorted by (user, item, time, position). */
    public final int[] order;
    /** Start of each group in {@link #order}, plus the end. */
    public final int[] start;
    /** User of each group. */
    public final int[] user;
    /** Item of each group. */
    public final int[] item;
    /** Number of groups. */
    public final int size;

    /** Groups the events of {@code log}. */
    public PairGroups(Interactions log) {
        int n = log.size();
        order = new int[n];
        int[] u = new int[n];
        int[] it = new int[n];
        long[] t = new long[n];
        for (int e = 0; e < n; e++) {
            order[e] = e;
            u[e] = log.user(e);
            it[e] = log.item(e);
            t[e] = log.time(e);
        }
        IntArrays.quickSort(order, (a, b) -> {
            int c = Integer.compare(u[a], u[b]);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(it[a], it[b]);
            if (c != 0) {
                return c;
            }
            c = Long.compare(t[a], t[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] st = new int[n + 1];
        int[] gu = new int[n];
        int[] gi = new int[n];
        int g = 0;
        for (int i = 0; i < n; i++) {
            int e = order[i];
            if (i == 0 || u[e] != u[order[i - 1]] || it[e] != it[order[i - 1]]) {
                st[g] = i;
                gu[g] = u[e];
                gi[g] = it[e];
                g++;
            }
        }
        st[g] = n;
        size = g;
        start = java.util.Arrays.copyOf(st, g + 1);
        user = java.util.Arrays.copyOf(gu, g);
        item = java.util.Arrays.copyOf(gi, g);
    }

    /** Marks every event of group {@code g} in {@code mark} with {@code value}. */
    public void mark(int g, boolean[] mark, boolean value) {
        for (int i = start[g]; i < start[g + 1]; i++) {
            mark[order[i]] = value;
        }
    }

    /** Group indices 0..size-1 in a seeded random order (Fisher-Yates). */
    public int[] shuffled(SplittableRandom rng) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        Shuffle.ints(p, 0, size, rng);
        return p;
    }

    /** The positions with {@code mark[e] == value}, ascending (log order). */
    public static int[] positions(boolean[] mark, boolean value) {
        int c = 0;
        for (boolean b : mark) {
            if (b == value) {
                c++;
            }
        }
        int[] out = new int[c];
        int j = 0;
        for (int e = 0; e < mark.length; e++) {
            if (mark[e] == value) {
                out[j++] = e;
            }
        }
        return out;
    }
}
