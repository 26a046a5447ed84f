package dev.recsys.nn.layers;

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

    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        for (int i = 0, len = batch * n; i < len; i++) {
            y[i] = (float) Math.tanh(x[i]);
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
