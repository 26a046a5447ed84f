package dev.recsys.internal.sequence;

import dev.recsys.data.Behavior;
import dev.recsys.data.Interactions;
import dev.recsys.internal.scene.UserState;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.io.IOException;
import java.util.Arrays;

/**
 * Every user's events in time order (ties: log position), as item indices and behaviour ordinals in
 * one CSR block. Consecutive events on the same item are merged into one whose behaviour is the
 * stronger ({@code ordinal} of {@link Behavior}; a view followed by a cart of the same item is the
 * cart), so a sequence is the visitor's path through items, each step typed by what they did.
 *
 * <p>Thread safety: immutable after construction; the arrays are shared, never modified.
 */
public final class Sequences {
    /** Number of behaviour types (size of a behaviour embedding table). */
    public static final int BEHAVIORS = Behavior.values().length;

    private final int[] ptr;
    private final int[] items;
    private final int[] behaviors;
    private final long[] times;

    private Sequences(int[] ptr, int[] items, int[] behaviors, long[] times) {
        this.ptr = ptr;
        this.items = items;
        this.behaviors = behaviors;
        this.times = times;
    }

    /**
     * The sequences of a log: the latest {@code maxPerUser} steps of each user of its user index.
     *
     * @param log        the events. Not modified.
     * @param maxPerUser steps kept per user (the latest), &gt;= 1
     * @throws IllegalArgumentException if log is null or maxPerUser &lt; 1
     */
    public static Sequences of(Interactions log, int maxPerUser) {
        if (log == null) {
            throw new IllegalArgumentException("log must not be null");
        }
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("maxPerUser must be >= 1, got " + maxPerUser);
        }
        int users = log.users().size();
        int[] order = new int[log.size()];
        for (int e = 0; e < order.length; e++) {
            order[e] = e;
        }
        IntArrays.quickSort(order, (a, b) -> {
            int c = Integer.compare(log.user(a), log.user(b));
            if (c != 0) {
                return c;
            }
            c = Long.compare(log.time(a), log.time(b));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] it = new int[order.length];
        int[] bh = new int[order.length];
        long[] tm = new long[order.length];
        int[] start = new int[users + 1];
        int n = 0;
        int prevUser = -1;
        for (int e : order) {
            int u = log.user(e);
            int i = log.item(e);
            int b = log.behavior(e).ordinal();
            if (u != prevUser) {
                for (int v = prevUser + 1; v <= u; v++) {
                    start[v] = n;
                }
                prevUser = u;
            } else if (n > start[u] && it[n - 1] == i) {
                bh[n - 1] = stronger(bh[n - 1], b);
                tm[n - 1] = log.time(e);
                continue;
            }
            it[n] = i;
            bh[n] = b;
            tm[n] = log.time(e);
            n++;
        }
        for (int v = prevUser + 1; v <= users; v++) {
            start[v] = n;
        }
        // keep the latest maxPerUser steps of each user
        int[] ptr = new int[users + 1];
        int m = 0;
        for (int u = 0; u < users; u++) {
            int from = Math.max(start[u], start[u + 1] - maxPerUser);
            int len = start[u + 1] - from;
            System.arraycopy(it, from, it, m, len);
            System.arraycopy(bh, from, bh, m, len);
            System.arraycopy(tm, from, tm, m, len);
            m += len;
            ptr[u + 1] = m;
        }
        return new Sequences(ptr, Arrays.copyOf(it, m), Arrays.copyOf(bh, m), Arrays.copyOf(tm, m));
    }

    /** The stronger of two behaviour ordinals, by the explanation order (purchase &gt; cart &gt; ... ). */
    static int stronger(int a, int b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(int ordinal) {
        return UserState.rank(Behavior.values()[ordinal]);
    }

    /** Number of users. */
    public int users() {
        return ptr.length - 1;
    }

    /** Total number of steps. */
    public int size() {
        return items.length;
    }

    /** First position of a user's steps in {@link #items()}. */
    public int start(int user) {
        return ptr[user];
    }

    /** End (exclusive) of a user's steps. */
    public int end(int user) {
        return ptr[user + 1];
    }

    /** Item of every step (shared; do not modify). */
    public int[] items() {
        return items;
    }

    /** Behaviour ordinal of every step (shared; do not modify). */
    public int[] behaviors() {
        return behaviors;
    }

    /**
     * Time stamp of every step (the latest event merged into it), or null for sequences read from a
     * model file or cut by {@link #tail} (shared; do not modify).
     */
    public long[] times() {
        return times;
    }

    /** The same sequences cut to each user's latest {@code max} steps. */
    public Sequences tail(int max) {
        int users = users();
        int[] p = new int[users + 1];
        int total = 0;
        for (int u = 0; u < users; u++) {
            total += Math.min(max, end(u) - start(u));
            p[u + 1] = total;
        }
        int[] it = new int[total];
        int[] bh = new int[total];
        for (int u = 0; u < users; u++) {
            int len = p[u + 1] - p[u];
            System.arraycopy(items, end(u) - len, it, p[u], len);
            System.arraycopy(behaviors, end(u) - len, bh, p[u], len);
        }
        return new Sequences(p, it, bh, null);
    }

    /**
     * The same sequences without the last step of every user {@code drop} accepts (a user without
     * steps keeps none); time stamps kept when these have them. A validation cut: the dropped steps
     * are the held-out next items.
     *
     * @param drop whether to drop a user's last step (dense user index)
     * @throws IllegalArgumentException if drop is null
     */
    public Sequences withoutLast(java.util.function.IntPredicate drop) {
        if (drop == null) {
            throw new IllegalArgumentException("drop must not be null");
        }
        int users = users();
        int[] p = new int[users + 1];
        int total = 0;
        for (int u = 0; u < users; u++) {
            int len = end(u) - start(u);
            total += len > 0 && drop.test(u) ? len - 1 : len;
            p[u + 1] = total;
        }
        int[] it = new int[total];
        int[] bh = new int[total];
        long[] tm = times == null ? null : new long[total];
        for (int u = 0; u < users; u++) {
            int len = p[u + 1] - p[u];
            System.arraycopy(items, start(u), it, p[u], len);
            System.arraycopy(behaviors, start(u), bh, p[u], len);
            if (tm != null) {
                System.arraycopy(times, start(u), tm, p[u], len);
            }
        }
        return new Sequences(p, it, bh, tm);
    }

    /**
     * A user's stored steps followed by recent ones, the latest {@code maxLen} of them, with
     * recent items outside {@code [0, numItems)} dropped and consecutive repeats merged as in
     * {@link #of}.
     *
     * @param user      a stored user, or -1 (none)
     * @param recent    recent item indices, oldest first. Not modified.
     * @param recentB   their behaviour ordinals (same length; out of range counts as a view). Not modified.
     * @param numItems  the model's item count
     * @param maxLen    steps kept, &gt;= 1
     * @return {items, behaviors}, possibly empty
     * @throws IllegalArgumentException if the recent arrays are null or of different lengths
     */
    public int[][] join(int user, int[] recent, int[] recentB, int numItems, int maxLen) {
        if (recent == null || recentB == null || recent.length != recentB.length) {
            throw new IllegalArgumentException("items and behaviors must be non-null and of equal length");
        }
        int stored = user >= 0 && user < users() ? end(user) - start(user) : 0;
        int[] it = new int[stored + recent.length];
        int[] bh = new int[it.length];
        int n = 0;
        for (int p = 0; p < stored; p++) {
            it[n] = items[start(user) + p];
            bh[n++] = behaviors[start(user) + p];
        }
        for (int j = 0; j < recent.length; j++) {
            int i = recent[j];
            if (i < 0 || i >= numItems) {
                continue;
            }
            int b = recentB[j] >= 0 && recentB[j] < BEHAVIORS ? recentB[j] : Behavior.VIEW.ordinal();
            if (n > 0 && it[n - 1] == i) {
                bh[n - 1] = stronger(bh[n - 1], b);
                continue;
            }
            it[n] = i;
            bh[n++] = b;
        }
        int from = Math.max(0, n - maxLen);
        return new int[][] {Arrays.copyOfRange(it, from, n), Arrays.copyOfRange(bh, from, n)};
    }

    /** Writes the sequences (pointers, items, behaviours). */
    public void write(ModelOutput out) throws IOException {
        out.writeInts(ptr);
        out.writeInts(items);
        out.writeInts(behaviors);
    }

    /**
     * Reads what {@link #write} wrote, checking every index.
     *
     * @param numItems the model's item count
     * @param what     payload name for messages
     * @throws IOException (a {@link ModelFormatException}) if the tables are inconsistent
     */
    public static Sequences read(ModelInput in, int numItems, String what) throws IOException {
        int[] p = in.readInts();
        int[] it = in.readInts();
        int[] bh = in.readInts();
        if (p.length < 1 || p[0] != 0 || p[p.length - 1] != it.length || bh.length != it.length) {
            throw new ModelFormatException(what + " payload: sequence tables do not match (" + p.length + " pointers, "
                    + it.length + " items, " + bh.length + " behaviours)");
        }
        for (int u = 0; u + 1 < p.length; u++) {
            if (p[u + 1] < p[u]) {
                throw new ModelFormatException(what + " payload: sequence pointers decrease at user " + u);
            }
        }
        for (int j = 0; j < it.length; j++) {
            if (it[j] < 0 || it[j] >= numItems || bh[j] < 0 || bh[j] >= BEHAVIORS) {
                throw new ModelFormatException(what + " payload: sequence step " + j + " is invalid (item " + it[j]
                        + ", behaviour " + bh[j] + ")");
            }
        }
        return new Sequences(p, it, bh, null);
    }
}
