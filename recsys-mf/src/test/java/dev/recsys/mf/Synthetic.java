package dev.recsys.mf;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.spi.TrainingData;
import java.util.SplittableRandom;

/** Small seeded data sets for unit tests. */
final class Synthetic {
    private Synthetic() {
    }

    /** Ratings and their held-out part. */
    record Ratings(TrainingData train, int[] testUser, int[] testItem, float[] testRating) {
    }

    /**
     * Ratings {@code clamp(3 + bu + bi + u . v + noise, 1, 5)} from rank-3 truth on a
     * {@code users x items} grid with the given density; a fifth held out.
     */
    static Ratings ratings(int users, int items, double density, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int k = 3;
        double[] u = gauss(r, users * k, 0.6);
        double[] v = gauss(r, items * k, 0.6);
        double[] bu = gauss(r, users, 0.3);
        double[] bi = gauss(r, items, 0.4);
        Interactions log = new Interactions();
        for (int a = 0; a < users; a++) {
            log.users().add("u" + a);
        }
        for (int b = 0; b < items; b++) {
            log.items().add("i" + b);
        }
        java.util.List<float[]> test = new java.util.ArrayList<>();
        for (int a = 0; a < users; a++) {
            for (int b = 0; b < items; b++) {
                if (r.nextDouble() >= density) {
                    continue;
                }
                double d = 0;
                for (int f = 0; f < k; f++) {
                    d += u[a * k + f] * v[b * k + f];
                }
                double val = Math.max(1, Math.min(5, Math.round(3 + bu[a] + bi[b] + d + r.nextGaussian() * 0.3)));
                if (r.nextDouble() < 0.2) {
                    test.add(new float[] {a, b, (float) val});
                } else {
                    log.add(a, b, Behavior.RATING, (float) val, 1000L + a, Interactions.NO_SCENE);
                }
            }
        }
        int n = test.size();
        int[] tu = new int[n];
        int[] ti = new int[n];
        float[] tr = new float[n];
        for (int p = 0; p < n; p++) {
            tu[p] = (int) test.get(p)[0];
            ti[p] = (int) test.get(p)[1];
            tr[p] = test.get(p)[2];
        }
        return new Ratings(new TrainingData(Dataset.of(log), MatrixOptions.ratings()), tu, ti, tr);
    }

    /**
     * Implicit feedback from clustered users: {@code clusters} groups of users each prefer their
     * own block of items; every user views {@code perUser} items, 80% from the own block, some also
     * bought (weight 5 under implicit defaults).
     */
    static TrainingData implicit(int users, int items, int clusters, int perUser, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Interactions log = new Interactions();
        for (int a = 0; a < users; a++) {
            log.users().add("u" + a);
        }
        for (int b = 0; b < items; b++) {
            log.items().add("i" + b);
        }
        int block = items / clusters;
        for (int a = 0; a < users; a++) {
            int c = a % clusters;
            for (int e = 0; e < perUser; e++) {
                int item = r.nextDouble() < 0.8 ? c * block + r.nextInt(block) : r.nextInt(items);
                log.add(a, item, Behavior.VIEW, 1f, 1000L + e, Interactions.NO_SCENE);
                if (r.nextDouble() < 0.1) {
                    log.add(a, item, Behavior.PURCHASE, 1f, 2000L + e, Interactions.NO_SCENE);
                }
            }
        }
        return new TrainingData(Dataset.of(log), MatrixOptions.implicitDefaults());
    }

    private static double[] gauss(SplittableRandom r, int n, double std) {
        double[] a = new double[n];
        for (int j = 0; j < n; j++) {
            a[j] = r.nextGaussian() * std;
        }
        return a;
    }
}
