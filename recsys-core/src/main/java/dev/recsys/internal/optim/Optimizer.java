package dev.recsys.internal.optim;

import dev.recsys.internal.kernel.Kernels;

/**
 * A first-order optimizer: the update rule and its hyper-parameters. State (moments, step
 * counters) lives in the objects it creates for each parameter block: {@link #dense} for a dense
 * block updated as a whole, {@link #sparse} for an embedding table updated a row at a time.
 *
 * <p>Per step, for each parameter w with gradient g (already multiplied by the caller's scale and
 * clipped to {@link OptimizerConfig#clipNorm()}): first {@code w -= lr * weightDecay * w}
 * (decoupled decay), then {@code g += l2 * w} (coupled L2), then the rule's own update.
 *
 * <p>Thread safety: immutable and thread-safe; the updaters it creates are not.
 */
public abstract class Optimizer {
    private final OptimizerConfig config;

    Optimizer(OptimizerConfig config) {
        this.config = config;
    }

    /** The configuration. */
    public OptimizerConfig config() {
        return config;
    }

    /** Number of state floats kept per parameter (0 for plain SGD, 1 or 2 otherwise). */
    public abstract int stateSlots();

    /**
     * Creates the updater of a dense parameter block.
     *
     * @param params the parameters, updated in place by the updater. Modified by it.
     * @param off    index of the first parameter
     * @param n      number of parameters
     * @throws IllegalArgumentException if the range is outside params
     */
    public DenseUpdater dense(float[] params, int off, int n) {
        if (off < 0 || n < 0 || off > params.length - n) {
            throw new IllegalArgumentException("params range [" + off + ", " + off + " + " + n
                    + ") is outside an array of " + params.length);
        }
        return new DenseUpdater(this, params, off, n);
    }

    /**
     * Creates the lazy row-wise updater of a row-major embedding table.
     *
     * @param table the table, updated in place by the updater. Modified by it.
     * @param off   index of the first entry of row 0
     * @param rows  number of rows
     * @param cols  row length
     * @throws IllegalArgumentException if the table does not fit the array
     */
    public SparseRowUpdater sparse(float[] table, int off, int rows, int cols) {
        if (rows < 0 || cols < 0 || off < 0 || (long) off + (long) rows * cols > table.length) {
            throw new IllegalArgumentException("table of " + rows + " x " + cols + " at " + off
                    + " does not fit an array of " + table.length);
        }
        return new SparseRowUpdater(this, table, off, rows, cols);
    }

    /**
     * Applies one step to {@code p[pOff .. pOff+n)}. Implemented by each rule.
     *
     * @param p      parameters. Modified.
     * @param g      gradient, used as {@code g[gOff+i] * gScale}. Not modified.
     * @param state  the state slots: slot s of parameter i is {@code state[s][sOff + i]}. Modified.
     * @param lr     the learning rate of this step
     * @param count  1-based number of updates these parameters have received, this one included
     */
    abstract void apply(float[] p, int pOff, float[] g, int gOff, float gScale, int n,
                        float[][] state, int sOff, float lr, long count);

    /** One full step: clipping factor, decoupled decay, then the rule. */
    final void step(float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int sOff, float lr, long count) {
        float gScale = 1f;
        if (config.clipNorm() > 0f) {
            gScale = GradientClipping.factor(Math.sqrt(GradientClipping.squaredNorm(g, gOff, n)), config.clipNorm());
        }
        if (config.weightDecay() > 0f) {
            Kernels.get().scale(n, 1f - lr * config.weightDecay(), p, pOff);
        }
        apply(p, pOff, g, gOff, gScale, n, state, sOff, lr, count);
    }

    /** The learning rate at a global step, checked finite. */
    final float rate(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be >= 1, got " + step);
        }
        float lr = config.schedule().rate(step);
        if (!(lr >= 0f) || Float.isInfinite(lr)) {
            throw new IllegalStateException("schedule gave learning rate " + lr + " at step " + step);
        }
        return lr;
    }

    /** Fresh state arrays for n parameters. */
    float[][] newState(int n) {
        float[][] s = new float[stateSlots()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = new float[n];
        }
        return s;
    }
}
