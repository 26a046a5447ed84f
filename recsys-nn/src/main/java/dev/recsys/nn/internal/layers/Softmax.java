package dev.recsys.nn.internal.layers;

/**
 * Row-wise softmax {@code y_j = e^(x_j - max) / sum_k e^(x_k - max)}; backward
 * {@code dx = y * (dy - sum_k dy_k y_k)}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class Softmax extends ElementwiseLayer {
    /** @param n row width (number of classes) */
    public Softmax(int n) {
        super(n);
    }

    /**
     * Softmax of one row, in double accumulation.
     *
     * @param x   the logits, n values at off. Not modified (unless x == y).
     * @param y   receives the probabilities at yOff. Modified.
     * @return log of the normaliser, {@code max + log sum e^(x - max)}
     */
    public static double softmaxRow(float[] x, int off, int n, float[] y, int yOff) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            float e = (float) Math.exp(x[off + j] - max);
            y[yOff + j] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < n; j++) {
            y[yOff + j] *= inv;
        }
        return max + Math.log(sum);
    }

    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        for (int r = 0; r < batch; r++) {
            softmaxRow(x, r * n, n, y, r * n);
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
                s += dy[o + j] * y[o + j];
            }
            float sf = (float) s;
            for (int j = 0; j < n; j++) {
                dx[o + j] = y[o + j] * (dy[o + j] - sf);
            }
        }
    }
}
