package dev.recsys.nn.internal.layers;

import java.util.SplittableRandom;

/**
 * Weight initialisation schemes for a fanIn x fanOut matrix: Xavier/Glorot (Glorot and Bengio,
 * "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010) and
 * He/Kaiming (He et al., "Delving Deep into Rectifiers", ICCV 2015), uniform and normal, plus a
 * plain normal with a fixed standard deviation for embedding tables.
 *
 * <p>Thread safety: immutable, thread-safe (the random source passed in is not).
 */
public abstract class Init {
    private Init() {
    }

    /** Xavier uniform: U(-a, a) with {@code a = sqrt(6 / (fanIn + fanOut))} (for tanh and sigmoid). */
    public static final Init XAVIER_UNIFORM = new Init() {
        @Override
        public void fill(float[] w, int fanIn, int fanOut, SplittableRandom rnd) {
            uniform(w, fanIn * fanOut, Math.sqrt(6.0 / (fanIn + fanOut)), rnd);
        }
    };

    /** Xavier normal: N(0, 2 / (fanIn + fanOut)). */
    public static final Init XAVIER_NORMAL = new Init() {
        @Override
        public void fill(float[] w, int fanIn, int fanOut, SplittableRandom rnd) {
            fillNormal(w, fanIn * fanOut, Math.sqrt(2.0 / (fanIn + fanOut)), rnd);
        }
    };

    /** He uniform: U(-a, a) with {@code a = sqrt(6 / fanIn)} (for ReLU). */
    public static final Init HE_UNIFORM = new Init() {
        @Override
        public void fill(float[] w, int fanIn, int fanOut, SplittableRandom rnd) {
            uniform(w, fanIn * fanOut, Math.sqrt(6.0 / fanIn), rnd);
        }
    };

    /** He normal: N(0, 2 / fanIn). */
    public static final Init HE_NORMAL = new Init() {
        @Override
        public void fill(float[] w, int fanIn, int fanOut, SplittableRandom rnd) {
            fillNormal(w, fanIn * fanOut, Math.sqrt(2.0 / fanIn), rnd);
        }
    };

    /**
     * N(0, std^2) regardless of the shape (embedding tables).
     *
     * @throws IllegalArgumentException if std is negative or not finite
     */
    public static Init normal(double std) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("std must be finite and >= 0, got " + std);
        }
        return new Init() {
            @Override
            public void fill(float[] w, int fanIn, int fanOut, SplittableRandom rnd) {
                fillNormal(w, fanIn * fanOut, std, rnd);
            }
        };
    }

    /**
     * Fills {@code w[0 .. fanIn*fanOut)}.
     *
     * @param w      the weights. Modified.
     * @param fanIn  number of rows (inputs)
     * @param fanOut number of columns (outputs)
     * @param rnd    the random source. Advanced.
     */
    public abstract void fill(float[] w, int fanIn, int fanOut, SplittableRandom rnd);

    private static void uniform(float[] w, int n, double a, SplittableRandom rnd) {
        for (int i = 0; i < n; i++) {
            w[i] = (float) ((rnd.nextDouble() * 2 - 1) * a);
        }
    }

    private static void fillNormal(float[] w, int n, double std, SplittableRandom rnd) {
        for (int i = 0; i < n; i++) {
            w[i] = (float) (gaussian(rnd) * std);
        }
    }

    /** A standard normal draw (Box-Muller on two uniforms; deterministic for a given stream). */
    public static double gaussian(SplittableRandom rnd) {
        double u1;
        do {
            u1 = rnd.nextDouble();
        } while (u1 <= 0.0);
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Fills {@code out[off .. off+n)} with standard normal draws, two per Box-Muller pair.
     *
     * @param out receives the draws. Modified.
     * @param rnd the random source. Advanced.
     */
    public static void gaussians(float[] out, int off, int n, SplittableRandom rnd) {
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double u1;
            do {
                u1 = rnd.nextDouble();
            } while (u1 <= 0.0);
            double r = Math.sqrt(-2.0 * Math.log(u1));
            double a = 2 * Math.PI * rnd.nextDouble();
            out[off + i] = (float) (r * Math.cos(a));
            out[off + i + 1] = (float) (r * Math.sin(a));
        }
        if (i < n) {
            out[off + i] = (float) gaussian(rnd);
        }
    }
}
