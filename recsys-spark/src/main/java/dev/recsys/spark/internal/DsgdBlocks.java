package dev.recsys.spark.internal;

import dev.recsys.internal.kernel.SgdKernels;
import dev.recsys.internal.sample.Shuffle;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The executor side of distributed biased MF (DSGD): initial blocks, the SGD pass over one cell's
 * training ratings with the core kernel ({@link SgdKernels#mfUsers}, the single-machine update of
 * {@code biased-mf}: factors and both biases per rating, users two at a time interleaved), and the
 * squared error of a cell's held-out ratings.
 *
 * <p>Thread safety: stateless.
 */
public final class DsgdBlocks {
    private static final long VISIT = 0x5eed_0013L;

    private DsgdBlocks() {
    }

    /**
     * The result of one cell's pass: the new user block, the item block's index and its new
     * parameters, and the sum of squared training errors (before each update).
     *
     * @param users     the user block after the pass
     * @param itemBlock the item block's index
     * @param items     the item block after the pass
     * @param sq        sum of squared errors
     */
    public record Step(SideBlock users, int itemBlock, SideBlock items, double sq) implements Serializable {
    }

    /**
     * The initial parameters of a block: the factors as {@link BlockSolver#init} draws them (per
     * row from the seed, side and global row, Gaussian of standard deviation {@code std}), biases 0.
     */
    public static SideBlock init(boolean users, int block, int blocks, int n, int k, float std, long seed) {
        float[] f = BlockSolver.init(users, block, blocks, n, k, std, seed);
        return new SideBlock(f, new float[InBlock.rowsIn(n, block, blocks)]);
    }

    /**
     * One SGD pass over a cell's training ratings, on copies of the two blocks: users in an order
     * drawn from {@code (seed, epoch, cell)}, each user's ratings in the cell's stored order,
     * through {@link SgdKernels#mfUsers} with {@code keep = 1 - lr * reg}.
     *
     * @param epoch 0-based epoch (the order differs per epoch)
     */
    public static Step step(SideBlock users, SideBlock items, RatingCell cell, int blocks, int k, float mu, float lr,
                            float reg, float regBias, long seed, int epoch) {
        SideBlock u = users.copy();
        SideBlock i = items.copy();
        int rows = u.bias().length;
        int n = cell.users.length;
        if (n == 0) {
            return new Step(u, cell.itemBlock, i, 0);
        }
        // the kernel reads user r's ratings at [start[r], start[r + 1]): the cell's ranges by local row
        int[] start = new int[rows + 1];
        int q = 0;
        for (int r = 0; r < rows; r++) {
            start[r] = q < n ? cell.userStart[q] : cell.userStart[n];
            if (q < n && cell.users[q] == r) {
                q++;
            }
        }
        start[rows] = cell.userStart[n];
        int[] order = cell.users.clone();
        long cellIndex = (long) cell.userBlock * blocks + cell.itemBlock;
        SplittableRandom rng = new SplittableRandom(BlockSolver.mix(BlockSolver.mix(seed ^ VISIT) + epoch)
                + BlockSolver.mix(cellIndex));
        Shuffle.ints(order, 0, n, rng);
        double sq = SgdKernels.get().mfUsers(order, n, start, cell.items, cell.ratings, u.factors(), i.factors(),
                u.bias(), i.bias(), k, mu, 1f - lr * reg, lr, regBias);
        return new Step(u, cell.itemBlock, i, sq);
    }

    /**
     * Sum of squared errors of a cell's held-out ratings, predictions clamped to
     * {@code [minRating, maxRating]} as the single-machine validation does.
     */
    public static double heldOutSq(SideBlock users, SideBlock items, RatingCell cell, int k, float mu, float minRating,
                                   float maxRating) {
        SgdKernels kern = SgdKernels.get();
        double sq = 0;
        for (int q = 0; q < cell.heldRatings.length; q++) {
            int u = cell.heldUsers[q];
            int i = cell.heldItems[q];
            float pred = mu + users.bias()[u] + items.bias()[i] + kern.dot(users.factors(), u * k, items.factors(),
                    i * k, k);
            pred = Math.max(minRating, Math.min(maxRating, pred));
            float err = cell.heldRatings[q] - pred;
            sq += err * err;
        }
        return sq;
    }
}
