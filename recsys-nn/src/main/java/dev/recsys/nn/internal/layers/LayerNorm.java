package dev.recsys.nn.internal.layers;

import java.util.Arrays;
import java.util.List;

/**
 * Layer normalisation (Ba et al. 2016) of each row: {@code y = g * (x - mean) / sqrt(var + eps) + b}
 * with learnt gain {@code g} (initially 1) and bias {@code b} (initially 0).
 *
 * <p>Thread safety: not thread-safe (keeps the last pass's statistics).
 */
public final class LayerNorm implements Layer {
    private static final float EPS = 1e-5f;
    private final int n;
    private final Parameter gain;
    private final Parameter bias;
    private float[] rstd = new float[0];
    private float[] xhat = new float[0];

    /**
     * @param name prefix of the parameter names ({@code name.g}, {@code name.b})
     * @param n    row width (&gt;= 1)
     */
    public LayerNorm(String name, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        this.n = n;
        this.gain = Parameter.dense(name + ".g", 1, n);
        this.bias = Parameter.dense(name + ".b", 1, n);
        Arrays.fill(gain.value(), 1f);
    }

    @Override
    public int inputSize() {
        return n;
    }

    @Override
    public int outputSize() {
        return n;
    }

    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        if (rstd.length < batch) {
            rstd = new float[batch];
        }
        if (xhat.length < batch * n) {
            xhat = new float[batch * n];
        }
        float[] g = gain.value();
        float[] b = bias.value();
        for (int r = 0; r < batch; r++) {
            int o = r * n;
            double mean = 0;
            for (int j = 0; j < n; j++) {
                mean += x[o + j];
            }
            mean /= n;
            double var = 0;
            for (int j = 0; j < n; j++) {
                double d = x[o + j] - mean;
                var += d * d;
            }
            var /= n;
            float rs = (float) (1.0 / Math.sqrt(var + EPS));
            rstd[r] = rs;
            for (int j = 0; j < n; j++) {
                float h = (float) (x[o + j] - mean) * rs;
                xhat[o + j] = h;
                y[o + j] = g[j] * h + b[j];
            }
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
        float[] g = gain.value();
        float[] dg = gain.grad();
        float[] db = bias.grad();
        Arrays.fill(dg, 0f);
        Arrays.fill(db, 0f);
        for (int r = 0; r < batch; r++) {
            int o = r * n;
            double sum = 0;
            double sumH = 0;
            for (int j = 0; j < n; j++) {
                float d = dy[o + j];
                dg[j] += d * xhat[o + j];
                db[j] += d;
                float dh = d * g[j];
                sum += dh;
                sumH += dh * xhat[o + j];
            }
            if (dx == null) {
                continue;
            }
            float mean = (float) (sum / n);
            float meanH = (float) (sumH / n);
            float rs = rstd[r];
            for (int j = 0; j < n; j++) {
                float dh = dy[o + j] * g[j];
                dx[o + j] = rs * (dh - mean - xhat[o + j] * meanH);
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gain, bias);
    }
}
