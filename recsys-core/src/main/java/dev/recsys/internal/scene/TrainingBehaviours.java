package dev.recsys.internal.scene;

import dev.recsys.data.Behavior;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.synth.SyntheticGenerator;
import it.unimi.dsi.fastutil.longs.Long2ByteOpenHashMap;

/**
 * The strongest behaviour ({@link UserState#rank}) of each (user, item) pair of a training log, in
 * a model's dense user and item indices, so explanations can say "because you bought X" instead
 * of guessing; plus the catalogue's repeatable-category flags.
 *
 * <p>Thread safety: immutable after construction; safe for concurrent reads.
 */
public final class TrainingBehaviours {
    private final Long2ByteOpenHashMap ranks = new Long2ByteOpenHashMap();

    /**
     * Reads the log.
     *
     * @param log   training events. Not modified.
     * @param users the model's user index (events of other users are skipped)
     * @param items the model's item index (events of other items are skipped)
     */
    public TrainingBehaviours(Interactions log, IdIndex users, IdIndex items) {
        ranks.defaultReturnValue((byte) -1);
        int[] userMap = new int[log.users().size()];
        for (int u = 0; u < userMap.length; u++) {
            userMap[u] = indexOf(users, log.users().idOf(u));
        }
        int[] itemMap = new int[log.items().size()];
        for (int i = 0; i < itemMap.length; i++) {
            itemMap[i] = indexOf(items, log.items().idOf(i));
        }
        for (int e = 0; e < log.size(); e++) {
            int u = userMap[log.user(e)];
            int i = itemMap[log.item(e)];
            if (u >= 0 && i >= 0) {
                long key = ((long) u << 32) | i;
                byte r = (byte) UserState.rank(log.behavior(e));
                if (r > ranks.get(key)) {
                    ranks.put(key, r);
                }
            }
        }
    }

    private static int indexOf(IdIndex index, String id) {
        int i = index.indexOf(id);
        return i >= 0 && i < index.size() ? i : -1;
    }

    /** Strongest behaviour rank of (user, item), or -1 if unknown. */
    public int rank(int user, int item) {
        return user < 0 || item < 0 ? -1 : ranks.get(((long) user << 32) | item);
    }

    /** Whether (user, item) includes a purchase. */
    public boolean purchased(int user, int item) {
        return rank(user, item) == UserState.rank(Behavior.PURCHASE);
    }

    /**
     * Which items belong to a repeatable category: the categorical attribute
     * {@value SyntheticGenerator#REPEATABLE} is {@code yes}.
     *
     * @param catalog the catalogue. Not modified.
     * @param n       number of items
     */
    public static boolean[] repeatable(ItemCatalog catalog, int n) {
        boolean[] out = new boolean[n];
        if (catalog.categoricalAttributes().contains(SyntheticGenerator.REPEATABLE)) {
            int yes = catalog.dictionary(SyntheticGenerator.REPEATABLE).codeOf("yes");
            for (int i = 0; i < n && yes >= 0; i++) {
                out[i] = catalog.code(SyntheticGenerator.REPEATABLE, i) == yes;
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
