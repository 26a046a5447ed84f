package dev.recsys.nn.internal.layers;

/**
 * Rectified linear unit {@code y = max(0, x)}; gradient 1 where y &gt; 0, else 0.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class Relu extends ElementwiseLayer {
    /** @param n row width */
    public Relu(int n) {
        super(n);
    }

    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        for (int i = 0, len = batch * n; i < len; i++) {
            y[i] = Math.max(0f, x[i]);
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
        if (dx == null) {
            return;
        }
        for (int i = 0, len = batch * n; i < len; i++) {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }
}
