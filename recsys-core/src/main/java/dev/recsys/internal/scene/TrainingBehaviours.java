package dev.recsys.internal.scene;

import dev.recsys.data.Behavior;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import java.util.Arrays;

/**
 * The strongest behaviour ({@link UserState#rank}) of each (user, item) pair of a training log, in
 * a model's dense user and item indices, so explanations can say "because you bought X" instead
 * of guessing, and the {@code history} exclusion removes every item a user touched (whatever the
 * model's matrix kept); plus the catalogue's repeatable-category flags. Stored per user as a
 * sorted item list with one rank byte per item.
 *
 * <p>Thread safety: immutable after construction; safe for concurrent reads.
 */
public final class TrainingBehaviours {
    private final int[] ptr;
    private final int[] items;
    private final byte[] ranks;

    private TrainingBehaviours(int[] ptr, int[] items, byte[] ranks) {
        this.ptr = ptr;
        this.items = items;
        this.ranks = ranks;
    }

    /**
     * Reads the log.
     *
     * @param log   training events. Not modified.
     * @param users the model's user index (events of other users are skipped)
     * @param items the model's item index (events of other items are skipped)
     */
    public TrainingBehaviours(Interactions log, IdIndex users, IdIndex items) {
        int nu = users.size();
        int[] userMap = new int[log.users().size()];
        for (int u = 0; u < userMap.length; u++) {
            userMap[u] = indexOf(users, log.users().idOf(u));
        }
        int[] itemMap = new int[log.items().size()];
        for (int i = 0; i < itemMap.length; i++) {
            itemMap[i] = indexOf(items, log.items().idOf(i));
        }
        int[] count = new int[nu + 1];
        for (int e = 0; e < log.size(); e++) {
            int u = userMap[log.user(e)];
            if (u >= 0 && itemMap[log.item(e)] >= 0) {
                count[u + 1]++;
            }
        }
        for (int u = 0; u < nu; u++) {
            count[u + 1] += count[u];
        }
        // (item << 8 | rank) per event, grouped by user, then sorted and merged per user
        long[] keys = new long[count[nu]];
        int[] at = Arrays.copyOf(count, nu);
        for (int e = 0; e < log.size(); e++) {
            int u = userMap[log.user(e)];
            int i = itemMap[log.item(e)];
            if (u >= 0 && i >= 0) {
                keys[at[u]++] = ((long) i << 8) | UserState.rank(log.behavior(e));
            }
        }
        int[] p = new int[nu + 1];
        int n = 0;
        for (int u = 0; u < nu; u++) {
            Arrays.sort(keys, count[u], count[u + 1]);
            for (int j = count[u]; j < count[u + 1]; j++) {
                int item = (int) (keys[j] >>> 8);
                // sorted by (item, rank): the last entry of an item holds its strongest rank
                if (n > p[u] && (int) (keys[n - 1] >>> 8) == item) {
                    keys[n - 1] = keys[j];
                } else {
                    keys[n++] = keys[j];
                }
            }
            p[u + 1] = n;
        }
        this.ptr = p;
        this.items = new int[n];
        this.ranks = new byte[n];
        for (int j = 0; j < n; j++) {
            this.items[j] = (int) (keys[j] >>> 8);
            this.ranks[j] = (byte) (keys[j] & 0xff);
        }
    }

    /**
     * Behaviours from stored arrays (as returned by {@link #pointerArray()}, {@link #itemArray()} and
     * {@link #rankArray()}); kept, not copied.
     *
     * @throws IllegalArgumentException if the arrays are inconsistent (pointers not ascending from 0,
     *                                  items not strictly ascending within a user or outside
     *                                  {@code [0, numItems)}, a rank outside the behaviour ranks)
     */
    public static TrainingBehaviours of(int numUsers, int numItems, int[] ptr, int[] items, byte[] ranks) {
        if (ptr.length != numUsers + 1 || ptr[0] != 0) {
            throw new IllegalArgumentException("behaviour pointers do not match " + numUsers + " users");
        }
        for (int u = 0; u < numUsers; u++) {
            if (ptr[u + 1] < ptr[u]) {
                throw new IllegalArgumentException("behaviour pointers decrease at user " + u);
            }
        }
        if (items.length != ptr[numUsers] || ranks.length != ptr[numUsers]) {
            throw new IllegalArgumentException(ptr[numUsers] + " behaviours declared, " + items.length + " items and "
                    + ranks.length + " ranks stored");
        }
        int maxRank = Behavior.values().length - 1;
        for (int u = 0; u < numUsers; u++) {
            for (int j = ptr[u]; j < ptr[u + 1]; j++) {
                if (items[j] < 0 || items[j] >= numItems || (j > ptr[u] && items[j] <= items[j - 1])) {
                    throw new IllegalArgumentException("behaviour item " + items[j] + " of user " + u
                            + " is outside 0.." + (numItems - 1) + " or out of order");
                }
                if (ranks[j] < 0 || ranks[j] > maxRank) {
                    throw new IllegalArgumentException("behaviour rank " + ranks[j] + " outside 0.." + maxRank);
                }
            }
        }
        return new TrainingBehaviours(ptr, items, ranks);
    }

    private static int indexOf(IdIndex index, String id) {
        int i = index.indexOf(id);
        return i >= 0 && i < index.size() ? i : -1;
    }

    /** Number of users (rows). */
    public int numUsers() {
        return ptr.length - 1;
    }

    /** Strongest behaviour rank of (user, item), or -1 if unknown. */
    public int rank(int user, int item) {
        if (user < 0 || item < 0 || user >= ptr.length - 1) {
            return -1;
        }
        int j = Arrays.binarySearch(items, ptr[user], ptr[user + 1], item);
        return j >= 0 ? ranks[j] : -1;
    }

    /** Whether (user, item) includes a purchase. */
    public boolean purchased(int user, int item) {
        return rank(user, item) == UserState.rank(Behavior.PURCHASE);
    }

    /** First position of {@code user}'s items in {@link #itemArray()} (0 for an unknown user). */
    public int start(int user) {
        return user >= 0 && user < ptr.length - 1 ? ptr[user] : 0;
    }

    /** End (exclusive) of {@code user}'s items (0 for an unknown user). */
    public int end(int user) {
        return user >= 0 && user < ptr.length - 1 ? ptr[user + 1] : 0;
    }

    /** Shared row pointers (read-only). */
    public int[] pointerArray() {
        return ptr;
    }

    /** Shared items, ascending per user (read-only). */
    public int[] itemArray() {
        return items;
    }

    /** Shared ranks, one per entry of {@link #itemArray()} (read-only). */
    public byte[] rankArray() {
        return ranks;
    }

    /**
     * Which items belong to a repeatable category: the categorical attribute
     * {@value ItemCatalog#REPEATABLE} is {@code yes}.
     *
     * @param catalog the catalogue. Not modified.
     * @param n       number of items
     */
    public static boolean[] repeatable(ItemCatalog catalog, int n) {
        boolean[] out = new boolean[n];
        if (catalog.categoricalAttributes().contains(ItemCatalog.REPEATABLE)) {
            int yes = catalog.dictionary(ItemCatalog.REPEATABLE).codeOf(ItemCatalog.YES);
            for (int i = 0; i < n && yes >= 0; i++) {
                out[i] = catalog.code(ItemCatalog.REPEATABLE, i) == yes;
            }
        }
        return out;
    }

    /**
     * The explanation of an item the user interacted with: "because you bought X", "because you
     * added X to your cart", ...; {@code rank} -1 (unknown) gives "because you liked X".
     */
    public static String because(int rank, String item) {
        return rank == 6 ? "because you added " + item + " to your cart" : "because you " + Ranker.verb(rank) + " " + item;
    }
}
