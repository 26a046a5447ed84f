package dev.recsys.nn.internal.layers;

/**
 * Hyperbolic tangent {@code y = tanh(x)}; gradient {@code 1 - y^2}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class Tanh extends ElementwiseLayer {
    /** @param n row width */
    public Tanh(int n) {
        super(n);
    }

    /**
     * tanh of one value as {@code 1 - 2 / (e^(2x) + 1)} in double (the exp intrinsic is cheaper
     * than {@link Math#tanh}); absolute error below 1e-15 before rounding to float.
     */
    public static float tanh(float x) {
        return (float) (1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0));
    }

    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        for (int i = 0, len = batch * n; i < len; i++) {
            y[i] = tanh(x[i]);
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
        if (dx == null) {
            return;
        }
        for (int i = 0, len = batch * n; i < len; i++) {
            float t = y[i];
            dx[i] = dy[i] * (1f - t * t);
        }
    }
}
