package dev.recsys.internal.optim;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), and AdamW when
 * the configuration has decoupled weight decay (Loshchilov and Hutter, ICLR 2019):
 * {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}, t the number of updates of w.
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
        float[] m = state[0];
        float[] v = state[1];
        float stepSize = (float) (lr / (1.0 - Math.pow(b1, count)));
        float invSqrtBc2 = (float) (1.0 / Math.sqrt(1.0 - Math.pow(b2, count)));
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i] * gScale + l2 * p[pOff + i];
            float mi = b1 * m[sOff + i] + c1 * gi;
            float vi = b2 * v[sOff + i] + c2 * gi * gi;
            m[sOff + i] = mi;
            v[sOff + i] = vi;
            p[pOff + i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + eps);
        }
    }
}
