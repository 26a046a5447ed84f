package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.sample.Shuffle;
import java.util.SplittableRandom;

/**
 * The entries of a user x item rating matrix as three parallel arrays (user, item, rating) in a
 * seeded random order: 12 bytes per rating. The first {@link #trainSize()} entries are the training
 * part, the rest the validation part (a uniformly random {@code validationFraction} of the
 * ratings).
 *
 * <p>Thread safety: not thread-safe (shuffles in place).
 */
public final class RatingTriples {
    /** User index per entry. */
    public final int[] users;
    /** Item index per entry. */
    public final int[] items;
    /** Rating per entry. */
    public final float[] ratings;
    /** Entries per block in {@link #shuffleBlocks}. */
    public static final int BLOCK = 32;
    private final int trainSize;
    private int[] order = new int[0];
    private int[] userStart = new int[0];
    private int[] userOrder = new int[0];
    private int groupedTo = -1;

    private RatingTriples(int[] users, int[] items, float[] ratings, int trainSize) {
        this.users = users;
        this.items = items;
        this.ratings = ratings;
        this.trainSize = trainSize;
    }

    /**
     * Copies the matrix entries, shuffles them with {@code rng} and holds out
     * {@code round(validationFraction * nnz)} of them (none if fraction is 0).
     */
    public static RatingTriples of(InteractionMatrix m, double validationFraction, SplittableRandom rng) {
        int nnz = m.nnz();
        int[] us = new int[nnz];
        int[] is = new int[nnz];
        float[] rs = new float[nnz];
        int[] ptr = m.rowPtr();
        int[] col = m.colIdx();
        float[] val = m.values();
        for (int u = 0; u < m.rows(); u++) {
            for (int p = ptr[u]; p < ptr[u + 1]; p++) {
                us[p] = u;
                is[p] = col[p];
                rs[p] = val[p];
            }
        }
        RatingTriples t = new RatingTriples(us, is, rs, nnz - (int) Math.round(validationFraction * nnz));
        t.shuffle(0, nnz, rng);
        return t;
    }

    /** Number of entries. */
    public int size() {
        return users.length;
    }

    /** Entries {@code [0, trainSize())} are the training part. */
    public int trainSize() {
        return trainSize;
    }

    /** Fisher-Yates shuffle of entries {@code [from, to)} (once, by {@link #of}: a later shuffle would undo {@link #groupByUser}). */
    private void shuffle(int from, int to, SplittableRandom rng) {
        Shuffle.triples(users, items, ratings, from, to, rng);
    }

    /**
     * Draws a new visiting order for the blocks of {@link #BLOCK} consecutive entries of
     * {@code [from, to)} (the last block may be shorter): a Fisher-Yates shuffle of the block
     * indices, read back through {@link #blockOrder()}. Entries keep their places, so an epoch costs
     * one random draw per block instead of one random swap of all three arrays per entry; the entries
     * themselves were shuffled once by {@link #of}.
     *
     * @return the number of blocks
     */
    public int shuffleBlocks(int from, int to, SplittableRandom rng) {
        int nb = (to - from + BLOCK - 1) / BLOCK;
        if (order.length < nb) {
            order = new int[nb];
        }
        for (int b = 0; b < nb; b++) {
            order[b] = b;
        }
        Shuffle.ints(order, 0, nb, rng);
        return nb;
    }

    /** Block indices in the order drawn by the last {@link #shuffleBlocks} call. */
    public int[] blockOrder() {
        return order;
    }

    /**
     * Makes each user's entries among {@code [0, to)} consecutive, users ascending, keeping their
     * current (shuffled) order within a user: a stable counting sort in place. Entries from
     * {@code to} on keep their places. Afterwards user {@code u}'s entries are
     * {@code [userStart()[u], userStart()[u + 1])}. A repeated call with the same {@code to} does
     * nothing. Temporary memory: 8 bytes per entry.
     *
     * @param nUsers number of users (every user index is below it)
     */
    public void groupByUser(int to, int nUsers) {
        if (to == groupedTo && userStart.length == nUsers + 1) {
            return;
        }
        int[] start = new int[nUsers + 1];
        for (int n = 0; n < to; n++) {
            start[users[n] + 1]++;
        }
        for (int u = 0; u < nUsers; u++) {
            start[u + 1] += start[u];
        }
        int[] dst = new int[to];
        int[] next = java.util.Arrays.copyOf(start, nUsers);
        for (int n = 0; n < to; n++) {
            dst[n] = next[users[n]]++;
        }
        int[] tmp = new int[to];
        permute(users, dst, tmp, to);
        permute(items, dst, tmp, to);
        for (int n = 0; n < to; n++) {
            tmp[dst[n]] = Float.floatToRawIntBits(ratings[n]);
        }
        for (int n = 0; n < to; n++) {
            ratings[n] = Float.intBitsToFloat(tmp[n]);
        }
        userStart = start;
        groupedTo = to;
        if (userOrder.length != nUsers) {
            userOrder = new int[nUsers];
            for (int u = 0; u < nUsers; u++) {
                userOrder[u] = u;
            }
        }
    }

    private static void permute(int[] a, int[] dst, int[] tmp, int to) {
        for (int n = 0; n < to; n++) {
            tmp[dst[n]] = a[n];
        }
        System.arraycopy(tmp, 0, a, 0, to);
    }

    /** Where each user's entries start after {@link #groupByUser} (length users + 1). */
    public int[] userStart() {
        return userStart;
    }

    /**
     * Shuffles the user visiting order (Fisher-Yates with {@code rng}, starting from the previous
     * order) and returns it; {@link #groupByUser} must have run.
     */
    public int[] shuffleUsers(SplittableRandom rng) {
        Shuffle.ints(userOrder, 0, userOrder.length, rng);
        return userOrder;
    }

    /** The user visiting order of the last {@link #shuffleUsers} (ascending before the first). */
    public int[] userOrder() {
        return userOrder;
    }

    /** Mean rating of entries {@code [from, to)} (0 if empty). */
    public float mean(int from, int to) {
        double s = 0;
        for (int p = from; p < to; p++) {
            s += ratings[p];
        }
        return to > from ? (float) (s / (to - from)) : 0f;
    }
}
