package dev.recsys.nn.internal.layers;

import java.util.SplittableRandom;

/**
 * Inverted dropout (Srivastava et al., JMLR 15, 2014): in training each value is kept with
 * probability {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, otherwise zeroed; at inference
 * it is the identity. The mask of the last training pass is kept for backward. Seeded: the same
 * seed and the same sequence of calls give the same masks.
 *
 * <p>Thread safety: not thread-safe (mask and random state).
 */
public final class Dropout extends ElementwiseLayer {
    private final float rate;
    private final float keepScale;
    private SplittableRandom rnd;
    private float[] mask = new float[0];
    private boolean lastTraining;

    /**
     * @param n    row width
     * @param rate drop probability in [0, 1)
     * @param seed random seed of the masks
     */
    public Dropout(int n, float rate, long seed) {
        super(n);
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.keepScale = 1f / (1f - rate);
        this.rnd = new SplittableRandom(seed);
    }

    /** The drop probability. */
    public float rate() {
        return rate;
    }

    /** Restarts the mask stream from a seed. */
    public void reseed(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        int len = batch * n;
        lastTraining = training && rate > 0f;
        if (!lastTraining) {
            if (x != y) {
                System.arraycopy(x, 0, y, 0, len);
            }
            return;
        }
        if (mask.length < len) {
            mask = new float[len];
        }
        for (int i = 0; i < len; i++) {
            float m = rnd.nextDouble() < rate ? 0f : keepScale;
            mask[i] = m;
            y[i] = x[i] * m;
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
        if (dx == null) {
            return;
        }
        int len = batch * n;
        if (!lastTraining) {
            if (dx != dy) {
                System.arraycopy(dy, 0, dx, 0, len);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            dx[i] = dy[i] * mask[i];
        }
    }
}
