package dev.recsys.nn.internal.layers;

/**
 * Row-wise log-softmax {@code y_j = x_j - log sum_k e^(x_k)} (max-shifted); backward
 * {@code dx = dy - softmax(x) * sum_k dy_k}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class LogSoftmax extends ElementwiseLayer {
    /** @param n row width (number of classes) */
    public LogSoftmax(int n) {
        super(n);
    }

    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        for (int r = 0; r < batch; r++) {
            int o = r * n;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, x[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(x[o + j] - max);
            }
            float lse = (float) (max + Math.log(sum));
            for (int j = 0; j < n; j++) {
                y[o + j] = x[o + j] - lse;
            }
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
        if (dx == null) {
            return;
        }
        for (int r = 0; r < batch; r++) {
            int o = r * n;
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += dy[o + j];
            }
            float sf = (float) s;
            for (int j = 0; j < n; j++) {
                dx[o + j] = dy[o + j] - (float) Math.exp(y[o + j]) * sf;
            }
        }
    }
}
