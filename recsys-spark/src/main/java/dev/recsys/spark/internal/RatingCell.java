package dev.recsys.spark.internal;

import dev.recsys.internal.sample.Shuffle;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ratings of one cell (user block, item block) of the {@code blocks x blocks} grid of
 * distributed biased MF, by local indices (global {@code local * blocks + block}). Training
 * ratings are grouped by user, users ascending, each user's ratings in a seeded random order (the
 * single-machine trainer keeps a user's ratings in its once-shuffled order too); held-out
 * (validation) ratings are kept apart.
 *
 * <p>Thread safety: immutable after {@link #build}.
 */
public final class RatingCell implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long ORDER = 0x5eed_0011L;
    private static final long HOLD_OUT = 0x5eed_0012L;
    /** User block. */
    public final int userBlock;
    /** Item block. */
    public final int itemBlock;
    /** Local users with training ratings, ascending. */
    public final int[] users;
    /** Where each of {@link #users}' ratings start, {@code users.length + 1}. */
    public final int[] userStart;
    /** Local item of each training rating. */
    public final int[] items;
    /** Training ratings. */
    public final float[] ratings;
    /** Local user of each held-out rating. */
    public final int[] heldUsers;
    /** Local item of each held-out rating. */
    public final int[] heldItems;
    /** Held-out ratings. */
    public final float[] heldRatings;

    private RatingCell(int userBlock, int itemBlock, int[] users, int[] userStart, int[] items, float[] ratings,
                       int[] heldUsers, int[] heldItems, float[] heldRatings) {
        this.userBlock = userBlock;
        this.itemBlock = itemBlock;
        this.users = users;
        this.userStart = userStart;
        this.items = items;
        this.ratings = ratings;
        this.heldUsers = heldUsers;
        this.heldItems = heldItems;
        this.heldRatings = heldRatings;
    }

    /**
     * Whether the rating of (user, item) is held out for validation: a hash of the seed and the
     * pair below {@code fraction}, so the split does not depend on partitioning.
     */
    public static boolean heldOut(int user, int item, double fraction, long seed) {
        if (fraction <= 0) {
            return false;
        }
        long h = BlockSolver.mix(BlockSolver.mix(seed ^ HOLD_OUT) + (((long) user << 32) | (item & 0xffffffffL)));
        return (h >>> 11) * 0x1.0p-53 < fraction;
    }

    /**
     * Builds a cell from its entries (any order; global indices).
     *
     * @param fraction the held-out fraction ({@link #heldOut}); 0 keeps every rating for training
     * @param seed     the training seed (hold-out and the order within a user)
     */
    public static RatingCell build(int userBlock, int itemBlock, int blocks, List<Entry> entries, double fraction,
                                   long seed) {
        Entry[] es = entries.toArray(new Entry[0]);
        Arrays.sort(es, (a, b) -> a.user() != b.user() ? Integer.compare(a.user(), b.user())
                : Integer.compare(a.item(), b.item()));
        int held = 0;
        boolean[] isHeld = new boolean[es.length];
        for (int q = 0; q < es.length; q++) {
            isHeld[q] = heldOut(es[q].user(), es[q].item(), fraction, seed);
            held += isHeld[q] ? 1 : 0;
        }
        int n = es.length - held;
        int[] items = new int[n];
        float[] ratings = new float[n];
        int[] hu = new int[held];
        int[] hi = new int[held];
        float[] hr = new float[held];
        int distinct = 0;
        int lastUser = -1;
        int t = 0;
        int h = 0;
        for (int q = 0; q < es.length; q++) {
            Entry e = es[q];
            if (isHeld[q]) {
                hu[h] = e.user() / blocks;
                hi[h] = e.item() / blocks;
                hr[h++] = e.weight();
            } else {
                if (e.user() != lastUser) {
                    distinct++;
                    lastUser = e.user();
                }
                items[t] = e.item() / blocks;
                ratings[t++] = e.weight();
            }
        }
        int[] users = new int[distinct];
        int[] start = new int[distinct + 1];
        lastUser = -1;
        int d = -1;
        t = 0;
        for (int q = 0; q < es.length; q++) {
            if (isHeld[q]) {
                continue;
            }
            if (es[q].user() != lastUser) {
                lastUser = es[q].user();
                users[++d] = lastUser / blocks;
                start[d] = t;
            }
            t++;
        }
        start[distinct] = t;
        // each user's ratings in a seeded random order (positions shuffled in place)
        SplittableRandom rng = new SplittableRandom(BlockSolver.mix(seed ^ ORDER) + BlockSolver.mix(
                (long) userBlock * blocks + itemBlock));
        int[] perm = new int[0];
        for (int u = 0; u < distinct; u++) {
            int from = start[u];
            int len = start[u + 1] - from;
            if (perm.length < len) {
                perm = new int[len];
            }
            for (int q = 0; q < len; q++) {
                perm[q] = from + q;
            }
            Shuffle.ints(perm, 0, len, rng);
            int[] ci = new int[len];
            float[] cr = new float[len];
            for (int q = 0; q < len; q++) {
                ci[q] = items[perm[q]];
                cr[q] = ratings[perm[q]];
            }
            System.arraycopy(ci, 0, items, from, len);
            System.arraycopy(cr, 0, ratings, from, len);
        }
        return new RatingCell(userBlock, itemBlock, users, start, items, ratings, hu, hi, hr);
    }

    /** Training ratings. */
    public int size() {
        return ratings.length;
    }
}
