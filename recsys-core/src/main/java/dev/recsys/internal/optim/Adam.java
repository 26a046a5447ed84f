package dev.recsys.internal.optim;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), and AdamW when
 * the configuration has decoupled weight decay (Loshchilov and Hutter, ICLR 2019):
 * {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}, t the number of updates of w,
 * computed as {@code w -= step * m / (sqrt(v) + eps')} with the corrections folded into
 * {@link #correctedStep step} and {@link #correctedEpsilon eps'}. {@link AdamRows} is the
 * row-sparse variant for factor tables (per-row counters, float or bfloat16 moments) and shares
 * this arithmetic.
 *
 * <p>Thread safety: immutable, thread-safe.
 */
final class Adam extends Optimizer {
    private final float b1;
    private final float b2;
    private final float eps;
    private final float l2;

    Adam(OptimizerConfig config) {
        super(config);
        this.b1 = config.beta1();
        this.b2 = config.beta2();
        this.eps = config.epsilon();
        this.l2 = config.l2();
    }

    @Override
    public int stateSlots() {
        return 2;
    }

    @Override
    void apply(float[] p, int pOff, float[] g, int gOff, float gScale, int n,
               float[][] state, int sOff, float lr, long count) {
        double b1Pow = Math.pow(b1, count);
        double b2Pow = Math.pow(b2, count);
        update(p, pOff, g, gOff, gScale, l2, n, state[0], state[1], sOff, b1, b2,
                correctedStep(lr, b1Pow, b2Pow), correctedEpsilon(eps, b2Pow));
    }

    /**
     * The learning rate with both bias corrections folded in:
     * {@code lr * sqrt(1 - b2^t) / (1 - b1^t)}, so that the update reads
     * {@code w -= step * m / (sqrt(v) + eps')} with {@link #correctedEpsilon}. Every Adam in the
     * project (this optimizer, {@link AdamRows} and the {@code adamStep} SGD kernels) takes its step
     * from here.
     *
     * @param b1Pow {@code beta1^t}, t the number of updates of the parameter, this one included
     * @param b2Pow {@code beta2^t}
     */
    static float correctedStep(float lr, double b1Pow, double b2Pow) {
        return (float) (lr * Math.sqrt(1.0 - b2Pow) / (1.0 - b1Pow));
    }

    /** Epsilon scaled like {@link #correctedStep}: {@code eps * sqrt(1 - b2^t)}. */
    static float correctedEpsilon(float eps, double b2Pow) {
        return (float) (eps * Math.sqrt(1.0 - b2Pow));
    }

    /**
     * The Adam update of {@code p[pOff .. pOff+n)} with float moments at {@code sOff}, gradient
     * {@code g * gScale + l2 * p}: the same arithmetic as the {@code adamStep} SGD kernel, with
     * moments kept in float. p, m and v modified; g not modified.
     */
    static void update(float[] p, int pOff, float[] g, int gOff, float gScale, float l2, int n,
                       float[] m, float[] v, int sOff, float b1, float b2, float step, float eps) {
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float gi = g[gOff + i] * gScale + l2 * pi;
            float mi = b1 * m[sOff + i] + c1 * gi;
            float vi = b2 * v[sOff + i] + c2 * gi * gi;
            m[sOff + i] = mi;
            v[sOff + i] = vi;
            p[pOff + i] = pi - step * mi / ((float) Math.sqrt(vi) + eps);
        }
    }
}
