package dev.recsys.internal.optim;

import dev.recsys.internal.kernel.Bfloat16;
import dev.recsys.internal.kernel.SgdKernels;

import java.util.Arrays;

/**
 * Adam over the rows of a row-major factor table (and optionally a bias per row), lazily: each row
 * has its own update count t, so a row's bias correction uses the number of updates of that row
 * (as in TensorFlow's LazyAdam), and untouched rows cost nothing. The arithmetic is
 * {@link Adam}'s ({@link Adam#correctedStep}, {@link Adam#correctedEpsilon}); the factor update of
 * the stochastic-gradient models uses the fused gradient {@code reg * w - err * x} (x the other
 * side's row) and runs through {@link SgdKernels#adamStep} when moments are {@link Storage#BFLOAT16}.
 *
 * <p>Use per training example: {@link #advance} the row once with the learning rate, then
 * {@link #bias} and/or {@link #factors} for that row.
 *
 * <p>Memory: two moments per table entry ({@code 8 rows cols} bytes as float, {@code 4 rows cols}
 * as bfloat16), two doubles per row for {@code b1^t, b2^t}, and two floats per row for the bias
 * moments when there are biases.
 *
 * <p>Thread safety: not thread-safe (it keeps the row advanced last); mutable.
 */
public final class AdamRows {

    /** How the factor moments are stored. */
    public enum Storage {
        /** float: exact Adam. */
        FLOAT,
        /**
         * {@link Bfloat16}: half the memory; moments are computed in float and rounded to nearest
         * on store, the weight update uses the unrounded ones.
         */
        BFLOAT16
    }

    private final int rows;
    private final int cols;
    private final float b1;
    private final float b2;
    private final float eps;
    private final Storage storage;
    private final SgdKernels kern;
    private final float[] mF;
    private final float[] vF;
    private final short[] mH;
    private final short[] vH;
    private final float[] mb;
    private final float[] vb;
    private final double[] b1Pow;
    private final double[] b2Pow;
    private final float[] grad;
    private int row = -1;
    private float step;
    private float stepEps;

    /**
     * @param rows    number of rows
     * @param cols    row length (factors per row)
     * @param biases  whether each row also has a scalar bias updated through {@link #bias}
     * @param storage how the factor moments are stored
     * @param beta1   first-moment decay in [0, 1)
     * @param beta2   second-moment decay in [0, 1)
     * @param epsilon added to the root of the second moment, &gt; 0
     * @param kernels the SGD kernels running the bfloat16 row update
     * @throws IllegalArgumentException if a size or decay is out of range
     */
    public AdamRows(int rows, int cols, boolean biases, Storage storage, float beta1, float beta2,
                    float epsilon, SgdKernels kernels) {
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("rows and cols must be >= 0 with rows * cols fitting an array, got "
                    + rows + " x " + cols);
        }
        if (!(beta1 >= 0f && beta1 < 1f)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        this.rows = rows;
        this.cols = cols;
        this.b1 = beta1;
        this.b2 = beta2;
        this.eps = epsilon;
        this.storage = storage;
        this.kern = kernels;
        int n = rows * cols;
        boolean half = storage == Storage.BFLOAT16;
        mF = half ? null : new float[n];
        vF = half ? null : new float[n];
        mH = half ? new short[n] : null;
        vH = half ? new short[n] : null;
        mb = biases ? new float[rows] : null;
        vb = biases ? new float[rows] : null;
        b1Pow = new double[rows];
        b2Pow = new double[rows];
        Arrays.fill(b1Pow, 1.0);
        Arrays.fill(b2Pow, 1.0);
        grad = half ? null : new float[cols];
    }

    private AdamRows(AdamRows o) {
        rows = o.rows;
        cols = o.cols;
        b1 = o.b1;
        b2 = o.b2;
        eps = o.eps;
        storage = o.storage;
        kern = o.kern;
        mF = o.mF == null ? null : o.mF.clone();
        vF = o.vF == null ? null : o.vF.clone();
        mH = o.mH == null ? null : o.mH.clone();
        vH = o.vH == null ? null : o.vH.clone();
        mb = o.mb == null ? null : o.mb.clone();
        vb = o.vb == null ? null : o.vb.clone();
        b1Pow = o.b1Pow.clone();
        b2Pow = o.b2Pow.clone();
        grad = o.grad == null ? null : new float[cols];
    }

    /** An independent copy of the state (moments and counts), e.g. for a snapshot. */
    public AdamRows copy() {
        return new AdamRows(this);
    }

    /** The moment storage. */
    public Storage storage() {
        return storage;
    }

    /**
     * Counts one more update of {@code row} and makes it the row that {@link #bias} and
     * {@link #factors} update, with learning rate {@code lr} and the row's bias correction.
     *
     * @throws IllegalArgumentException if row is out of range
     */
    public void advance(int row, float lr) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row must be in [0, " + rows + "), got " + row);
        }
        b1Pow[row] *= b1;
        b2Pow[row] *= b2;
        this.row = row;
        step = Adam.correctedStep(lr, b1Pow[row], b2Pow[row]);
        stepEps = Adam.correctedEpsilon(eps, b2Pow[row]);
    }

    /**
     * The Adam update of the advanced row's bias.
     *
     * @param w the bias
     * @param g its gradient
     * @return the new bias
     * @throws IllegalStateException if there are no biases or no row was advanced
     */
    public float bias(float w, float g) {
        if (mb == null || row < 0) {
            throw new IllegalStateException(mb == null ? "created without biases" : "no row advanced");
        }
        float m = b1 * mb[row] + (1f - b1) * g;
        float v = b2 * vb[row] + (1f - b2) * g * g;
        mb[row] = m;
        vb[row] = v;
        return w - step * m / ((float) Math.sqrt(v) + stepEps);
    }

    /**
     * The Adam update of the advanced row of {@code table} with gradient
     * {@code reg * w - err * x[xo .. xo+cols)}.
     *
     * @param table the factor table, row-major, rows x cols. The row is modified.
     * @param x     the other side's row, read before any write; not the updated row. Not modified.
     * @throws IllegalStateException if no row was advanced
     */
    public void factors(float[] table, float[] x, int xo, float err, float reg) {
        if (row < 0) {
            throw new IllegalStateException("no row advanced");
        }
        int wo = row * cols;
        if (mH != null) {
            kern.adamStep(table, wo, mH, vH, x, xo, cols, err, reg, b1, b2, step, stepEps);
        } else {
            for (int f = 0; f < cols; f++) {
                grad[f] = -err * x[xo + f];
            }
            Adam.update(table, wo, grad, 0, 1f, reg, cols, mF, vF, wo, b1, b2, step, stepEps);
        }
    }
}
