package dev.recsys.internal.optim;

/**
 * Adagrad (Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 12, 2011): {@code s += g^2; w -= lr * g / (sqrt(s) + eps)}, s
 * starting at the configured initial accumulator.
 *
 * <p>Thread safety: immutable, thread-safe.
 */
final class Adagrad extends Optimizer {
    private final float eps;
    private final float l2;
    private final float init;

    Adagrad(OptimizerConfig config) {
        super(config);
        this.eps = config.epsilon();
        this.l2 = config.l2();
        this.init = config.initialAccumulator();
    }

    @Override
    public int stateSlots() {
        return 1;
    }

    @Override
    float[][] newState(int n) {
        float[][] s = super.newState(n);
        if (init != 0f) {
            java.util.Arrays.fill(s[0], init);
        }
        return s;
    }

    @Override
    void apply(float[] p, int pOff, float[] g, int gOff, float gScale, int n,
               float[][] state, int sOff, float lr, long count) {
        float[] s = state[0];
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i] * gScale + l2 * p[pOff + i];
            float si = s[sOff + i] + gi * gi;
            s[sOff + i] = si;
            p[pOff + i] -= lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }
}
