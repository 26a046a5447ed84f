package dev.recsys.nn.testing;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import java.util.SplittableRandom;

/**
 * Small synthetic implicit data with block structure: users belong to one of {@code groups} taste
 * groups and interact mostly with items of their group, so a working recommender ranks the unseen
 * items of a user's group first.
 */
public final class Synthetic {
    private Synthetic() {
    }

    /** Group of an item. */
    public static int itemGroup(int item, int items, int groups) {
        return item * groups / items;
    }

    /** Group of a user. */
    public static int userGroup(int user, int groups) {
        return user % groups;
    }

    /**
     * A data set: each user clicks {@code perUser} distinct items, 90% from their group.
     */
    public static Dataset blocks(int users, int items, int groups, int perUser, long seed) {
        IdIndex u = new IdIndex();
        IdIndex it = new IdIndex();
        for (int i = 0; i < users; i++) {
            u.add("u" + i);
        }
        for (int i = 0; i < items; i++) {
            it.add("i" + i);
        }
        Interactions log = new Interactions(u, it, users * perUser);
        SplittableRandom rnd = new SplittableRandom(seed);
        int per = items / groups;
        for (int user = 0; user < users; user++) {
            int g = userGroup(user, groups);
            java.util.BitSet seen = new java.util.BitSet(items);
            int n = 0;
            while (n < perUser) {
                int item = rnd.nextDouble() < 0.9 ? g * per + rnd.nextInt(per) : rnd.nextInt(items);
                if (!seen.get(item)) {
                    seen.set(item);
                    log.add(user, item, Behavior.CLICK, 1f, 1000L + n, Interactions.NO_SCENE);
                    n++;
                }
            }
        }
        return Dataset.of(log);
    }
}
