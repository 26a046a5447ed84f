package dev.recsys.nn.internal.layers;

/**
 * Logistic sigmoid {@code y = 1 / (1 + e^-x)} (computed without overflow for large |x|); gradient
 * {@code y (1 - y)}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class Sigmoid extends ElementwiseLayer {
    /** @param n row width */
    public Sigmoid(int n) {
        super(n);
    }

    /** The sigmoid of one value, overflow-free. */
    public static float sigmoid(float x) {
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        for (int i = 0, len = batch * n; i < len; i++) {
            y[i] = sigmoid(x[i]);
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
        if (dx == null) {
            return;
        }
        for (int i = 0, len = batch * n; i < len; i++) {
            float s = y[i];
            dx[i] = dy[i] * s * (1f - s);
        }
    }
}
