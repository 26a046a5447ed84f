package dev.recsys.bench.ann;

import java.util.SplittableRandom;

/**
 * Seeded synthetic item factors shaped like trained ones: items drawn around 256 cluster centres
 * with norms varying over a factor of four (popular items have longer vectors), and user vectors
 * mixing two centres. Exact top-k on them is the reference for recall.
 *
 * <p>Thread safety: stateless.
 */
final class AnnData {
    static final int DIM = 64;

    private AnnData() {
    }

    static float[] centres(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] c = new float[256 * DIM];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) r.nextGaussian();
        }
        return c;
    }

    /** n x DIM item factors. */
    static float[] items(int n, long seed) {
        float[] c = centres(seed);
        SplittableRandom r = new SplittableRandom(seed + 1);
        float[] f = new float[n * DIM];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(256);
            double norm = 0.25 + 0.75 * r.nextDouble();
            for (int d = 0; d < DIM; d++) {
                f[i * DIM + d] = (float) (norm * (c[k * DIM + d] + 0.7 * r.nextGaussian()) / 8);
            }
        }
        return f;
    }

    /**
     * count user vectors of DIM, each mixing two of the centres {@code centres(seed)}: with the
     * items' seed the users' tastes are the items' clusters (as in a trained model, where a user's
     * vector is fitted to the items the user chose); with another seed the queries point in
     * directions unrelated to the clusters (a harder, adversarial case for graph search).
     */
    static float[][] users(int count, long seed) {
        return users(count, seed, seed);
    }

    /** count user vectors of DIM mixing two of {@code centres(centresSeed)}; noise from {@code seed}. */
    static float[][] users(int count, long seed, long centresSeed) {
        float[] c = centres(centresSeed);
        SplittableRandom r = new SplittableRandom(seed + 2);
        float[][] u = new float[count][DIM];
        for (float[] x : u) {
            int a = r.nextInt(256);
            int b = r.nextInt(256);
            for (int d = 0; d < DIM; d++) {
                x[d] = (float) (c[a * DIM + d] + 0.5 * c[b * DIM + d] + 0.5 * r.nextGaussian());
            }
        }
        return u;
    }
}
