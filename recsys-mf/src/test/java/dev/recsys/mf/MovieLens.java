package dev.recsys.mf;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Test-only reader of the MovieLens 100K folds from the shared data folder, found by
 * {@code SharedData} (system property {@code recsys.data.dir}, environment variable
 * {@code RECSYS_DATA_DIR}, then {@code shared/data} walking up from the working directory).
 */
final class MovieLens {
    private MovieLens() {
    }

    /** Raw ratings (external ids). */
    record Raw(int[] user, int[] item, float[] rating, long[] time) {
        int size() {
            return user.length;
        }

        Raw select(int[] idx, int n) {
            int[] u = new int[n];
            int[] i = new int[n];
            float[] r = new float[n];
            long[] t = new long[n];
            for (int p = 0; p < n; p++) {
                u[p] = user[idx[p]];
                i[p] = item[idx[p]];
                r[p] = rating[idx[p]];
                t[p] = time[idx[p]];
            }
            return new Raw(u, i, r, t);
        }
    }

    /**
     * A training set and test ratings mapped to its indices (-1 for ids absent from training).
     */
    record Split(Dataset train, int[] testUser, int[] testItem, float[] testRating) {
    }

    /** The ml-100k folder, if present (located by {@link dev.recsys.data.io.SharedData}). */
    static Optional<Path> dir() {
        return dev.recsys.data.io.SharedData.file("ml-100k/u1.base").map(Path::getParent);
    }

    static Raw read(Path file) {
        int n = 0;
        int cap = 1 << 17;
        int[] u = new int[cap];
        int[] i = new int[cap];
        float[] r = new float[cap];
        long[] t = new long[cap];
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length < 4) {
                    throw new IllegalStateException(file + " line " + lineNo + ": expected 4 tab-separated fields");
                }
                u[n] = Integer.parseInt(f[0].trim());
                i[n] = Integer.parseInt(f[1].trim());
                r[n] = Float.parseFloat(f[2].trim());
                t[n] = Long.parseLong(f[3].trim());
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Raw(java.util.Arrays.copyOf(u, n), java.util.Arrays.copyOf(i, n),
                java.util.Arrays.copyOf(r, n), java.util.Arrays.copyOf(t, n));
    }

    /** Fold {@code f} (1..5): u{f}.base and u{f}.test. */
    static Split fold(Path dir, int f) {
        return split(read(dir.resolve("u" + f + ".base")), read(dir.resolve("u" + f + ".test")));
    }

    /** Builds the training set from {@code train} and maps {@code test} into its indices. */
    static Split split(Raw train, Raw test) {
        Interactions log = new Interactions();
        for (int p = 0; p < train.size(); p++) {
            int u = log.users().add(train.user[p]);
            int i = log.items().add(train.item[p]);
            log.add(u, i, Behavior.RATING, train.rating[p], train.time[p], Interactions.NO_SCENE);
        }
        log.trimToSize();
        int n = test.size();
        int[] tu = new int[n];
        int[] ti = new int[n];
        for (int p = 0; p < n; p++) {
            tu[p] = log.users().indexOf(test.user[p]);
            ti[p] = log.items().indexOf(test.item[p]);
        }
        return new Split(Dataset.of(log), tu, ti, test.rating.clone());
    }

    /** Seeded random hold-out of {@code fraction} of the ratings: {train part, validation part}. */
    static Raw[] holdout(Raw r, double fraction, long seed) {
        int n = r.size();
        int[] idx = new int[n];
        for (int p = 0; p < n; p++) {
            idx[p] = p;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int a = n - 1; a > 0; a--) {
            int b = rng.nextInt(a + 1);
            int t = idx[a];
            idx[a] = idx[b];
            idx[b] = t;
        }
        int nVal = (int) Math.round(fraction * n);
        int[] tr = java.util.Arrays.copyOfRange(idx, 0, n - nVal);
        int[] va = java.util.Arrays.copyOfRange(idx, n - nVal, n);
        java.util.Arrays.sort(tr);
        java.util.Arrays.sort(va);
        return new Raw[] {r.select(tr, tr.length), r.select(va, va.length)};
    }
}
