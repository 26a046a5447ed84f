package dev.recsys.internal.optim;

/**
 * Stochastic gradient descent with optional momentum and Nesterov momentum (Sutskever et al., "On
 * the importance of initialization and momentum in deep learning", ICML 2013), in PyTorch's form:
 * {@code v = mu * v + g; d = nesterov ? g + mu * v : v; w -= lr * d} (plain {@code w -= lr * g}
 * when mu = 0).
 *
 * <p>Thread safety: immutable, thread-safe.
 */
final class Sgd extends Optimizer {
    private final float mu;
    private final boolean nesterov;
    private final float l2;

    Sgd(OptimizerConfig config) {
        super(config);
        this.mu = config.momentum();
        this.nesterov = config.nesterov();
        this.l2 = config.l2();
    }

    @Override
    public int stateSlots() {
        return mu == 0f ? 0 : 1;
    }

    @Override
    void apply(float[] p, int pOff, float[] g, int gOff, float gScale, int n,
               float[][] state, int sOff, float lr, long count) {
        if (mu == 0f) {
            for (int i = 0; i < n; i++) {
                float gi = g[gOff + i] * gScale + l2 * p[pOff + i];
                p[pOff + i] -= lr * gi;
            }
            return;
        }
        float[] v = state[0];
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i] * gScale + l2 * p[pOff + i];
            float vi = mu * v[sOff + i] + gi;
            v[sOff + i] = vi;
            p[pOff + i] -= lr * (nesterov ? gi + mu * vi : vi);
        }
    }
}
