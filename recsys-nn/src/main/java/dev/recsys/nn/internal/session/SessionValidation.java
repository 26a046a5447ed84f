package dev.recsys.nn.internal.session;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.sequence.Sequences;
import dev.recsys.nn.internal.train.RankingValidator;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.SplittableRandom;

/**
 * A leave-last-out validation cut of the training sequences (never of any test data): for a seeded
 * share of the users whose latest step is an item new to them and who keep at least one earlier
 * step, that step is held out; the network trains on the rest and is scored by the mean NDCG@10 of
 * the held-out items over the whole catalogue, each user's training items excluded, the user's
 * latest {@code max-length} remaining steps as input (as served).
 *
 * <p>Thread safety: not thread-safe (scratch buffers); the sequences are immutable.
 */
final class SessionValidation {
    static final int K = 10;

    private final Sequences train;
    private final int[] users;
    private final int[] targets;

    private SessionValidation(Sequences train, int[] users, int[] targets) {
        this.train = train;
        this.users = users;
        this.targets = targets;
    }

    /**
     * Cuts the validation steps.
     *
     * @param all   every user's steps. Not modified.
     * @param share share of the eligible users held out, in (0, 1]
     * @param seed  seed of the choice of users
     */
    static SessionValidation of(Sequences all, double share, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] pick = new boolean[all.users()];
        IntArrayList us = new IntArrayList();
        IntArrayList ts = new IntArrayList();
        int[] items = all.items();
        for (int u = 0; u < all.users(); u++) {
            boolean drawn = rnd.nextDouble() < share; // one draw per user, eligible or not
            int s = all.start(u);
            int e = all.end(u);
            if (!drawn || e - s < 2) {
                continue;
            }
            int target = items[e - 1];
            boolean seen = false;
            for (int q = s; q < e - 1 && !seen; q++) {
                seen = items[q] == target;
            }
            if (!seen) {
                pick[u] = true;
                us.add(u);
                ts.add(target);
            }
        }
        return new SessionValidation(all.withoutLast(u -> pick[u]), us.toIntArray(), ts.toIntArray());
    }

    /** The training sequences (the held-out steps removed). */
    Sequences train() {
        return train;
    }

    /** Number of held-out steps. */
    int size() {
        return users.length;
    }

    /**
     * Mean NDCG@10 of the held-out items (0 when there are none).
     *
     * @param net   the network (its activations are overwritten; dropout off)
     * @param batch sequences encoded together
     */
    double ndcg(SessionNetwork net, int batch) {
        int n = users.length;
        if (n == 0) {
            return 0.0;
        }
        int d = net.dim;
        int[] it = new int[batch * net.maxLen];
        int[] beh = new int[batch * net.maxLen];
        int[] ends = new int[batch];
        float[] scores = new float[net.items];
        int[] top = new int[K];
        float[] bias = net.itemBiases();
        int[] items = train.items();
        int[] behs = train.behaviors();
        double sum = 0;
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            int r = 0;
            for (int c = 0; c < count; c++) {
                int u = users[from + c];
                int begin = Math.max(train.start(u), train.end(u) - net.maxLen);
                for (int p = begin; p < train.end(u); p++) {
                    it[r] = items[p];
                    beh[r] = behs[p];
                    r++;
                }
                ends[c] = r;
            }
            float[] h = net.encode(it, beh, ends, count, false);
            for (int c = 0; c < count; c++) {
                int u = users[from + c];
                Kernels.get().scoreRows(net.itemEmbeddings(), net.items, d, h, (ends[c] - 1) * d, scores, 0);
                if (bias != null) {
                    Kernels.get().axpy(net.items, 1f, bias, 0, scores, 0);
                }
                for (int p = train.start(u); p < train.end(u); p++) {
                    scores[items[p]] = Float.NEGATIVE_INFINITY;
                }
                int found = RankingValidator.topK(scores, K, top);
                int target = targets[from + c];
                for (int j = 0; j < found; j++) {
                    if (top[j] == target) {
                        sum += 1.0 / (Math.log(j + 2) / Math.log(2));
                        break;
                    }
                }
            }
        }
        return sum / n;
    }
}
