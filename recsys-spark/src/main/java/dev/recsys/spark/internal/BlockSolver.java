package dev.recsys.spark.internal;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.mf.internal.Gram;
import dev.recsys.mf.internal.ImplicitAlsSolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The executor side of distributed iALS: initial factors, the partial Gram matrix of a block, the
 * gathering of the rows a block sends, and the solve of every row of a block with the core solver
 * ({@link ImplicitAlsSolver}: conjugate gradient warm-started from the previous value, or Cholesky).
 *
 * <p>Thread safety: stateless.
 */
public final class BlockSolver {
    private static final long USERS = 0x5eed_0001L;
    private static final long ITEMS = 0x5eed_0002L;

    private BlockSolver() {
    }

    /**
     * Initial factors of one block: row {@code g} (global) gets {@code k} Gaussians of standard
     * deviation {@code std} from its own generator, seeded by the seed, the side and {@code g}, so
     * they do not depend on the partitioning.
     */
    public static float[] init(boolean users, int block, int blocks, int n, int k, float std, long seed) {
        int rows = InBlock.rowsIn(n, block, blocks);
        float[] f = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            long g = (long) r * blocks + block;
            SplittableRandom rng = new SplittableRandom(mix(seed ^ (users ? USERS : ITEMS)) + mix(g));
            for (int q = 0; q < k; q++) {
                f[r * k + q] = (float) (rng.nextGaussian() * std);
            }
        }
        return f;
    }

    /** The SplitMix64 finaliser (seeds derived from a seed and an index). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** {@code F^T F} of a block's factors (no regularisation), summed as the core sums it. */
    public static float[] partialGram(float[] f, int k) {
        return Gram.of(f, f.length / k, k, 0f, null);
    }

    /** Sums partial Gram matrices in the order given and adds {@code reg} on the diagonal. */
    public static float[] sumGram(List<float[]> partsInBlockOrder, int k, float reg) {
        float[] g = new float[k * k];
        for (float[] p : partsInBlockOrder) {
            Kernels.get().axpy(k * k, 1f, p, 0, g, 0);
        }
        for (int q = 0; q < k; q++) {
            g[q * k + q] += reg;
        }
        return g;
    }

    /** The rows {@code locals} of {@code f}, row-major. */
    public static float[] gather(float[] f, int[] locals, int k) {
        float[] out = new float[locals.length * k];
        for (int q = 0; q < locals.length; q++) {
            System.arraycopy(f, locals[q] * k, out, q * k, k);
        }
        return out;
    }

    /**
     * Solves every row of a block.
     *
     * @param in       the block's entries
     * @param messages the other side's factors it received, one per source block (any order)
     * @param previous the block's current factors (warm start of CG). Not modified.
     * @param gram     the other side's {@code F^T F + reg I} (with {@code reg-mode=count}: {@code F^T F})
     * @param regPerEntry L2 weight per positive entry of a row ({@code reg-mode=count}), else 0
     * @return the new factors
     */
    public static float[] solve(InBlock in, Iterable<FactorMessage> messages, float[] previous, float[] gram, int k,
                                float alpha, float regPerEntry, boolean cg, int cgSteps) {
        List<FactorMessage> list = new ArrayList<>();
        for (FactorMessage m : messages) {
            list.add(m);
        }
        list.sort(Comparator.comparingInt(FactorMessage::src));
        if (list.size() != in.srcBlocks.length) {
            throw new IllegalStateException("block expected factors from " + in.srcBlocks.length + " blocks, got "
                    + list.size());
        }
        float[] other = new float[in.gatheredRows() * k];
        int pos = 0;
        for (int s = 0; s < list.size(); s++) {
            FactorMessage m = list.get(s);
            if (m.src() != in.srcBlocks[s] || m.factors().length != in.srcLocals[s].length * k) {
                throw new IllegalStateException("block received factors of block " + m.src() + " out of order");
            }
            System.arraycopy(m.factors(), 0, other, pos, m.factors().length);
            pos += m.factors().length;
        }
        float[] own = previous.clone();
        ImplicitAlsSolver s = new ImplicitAlsSolver(k);
        for (int r = 0; r < in.rows; r++) {
            if (cg) {
                s.conjugateGradient(other, gram, in.col, in.val, in.ptr[r], in.ptr[r + 1], alpha, regPerEntry, own,
                        r * k, cgSteps);
            } else {
                s.exact(other, gram, in.col, in.val, in.ptr[r], in.ptr[r + 1], alpha, regPerEntry, own, r * k);
            }
        }
        return own;
    }
}
