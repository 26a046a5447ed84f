package dev.recsys.internal.optim;

/**
 * Applies an {@link Optimizer} to one dense parameter block, keeping its state (moments and the
 * number of updates done, for Adam's bias correction).
 *
 * <p>Thread safety: not thread-safe; one updater per block, used by one thread at a time.
 */
public final class DenseUpdater {
    private final Optimizer optimizer;
    private final float[] params;
    private final int off;
    private final int n;
    private final float[][] state;
    private long count;

    DenseUpdater(Optimizer optimizer, float[] params, int off, int n) {
        this.optimizer = optimizer;
        this.params = params;
        this.off = off;
        this.n = n;
        this.state = optimizer.newState(n);
    }

    /**
     * One update of the whole block.
     *
     * @param step    the 1-based global step (selects the learning rate)
     * @param grad    the gradient of the block, n entries at gOff. Not modified.
     * @param gOff    index of the gradient of the first parameter
     * @throws IllegalArgumentException if step &lt; 1 or the gradient range is outside grad
     */
    public void step(long step, float[] grad, int gOff) {
        if (gOff < 0 || gOff > grad.length - n) {
            throw new IllegalArgumentException("grad range [" + gOff + ", " + gOff + " + " + n
                    + ") is outside an array of " + grad.length);
        }
        float lr = optimizer.rate(step);
        count++;
        optimizer.step(params, off, grad, gOff, n, state, 0, lr, count);
    }

    /** Number of updates done. */
    public long updates() {
        return count;
    }

    /** Number of parameters. */
    public int size() {
        return n;
    }
}
