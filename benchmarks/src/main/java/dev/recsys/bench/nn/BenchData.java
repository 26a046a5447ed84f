package dev.recsys.bench.nn;

import dev.recsys.data.InteractionMatrix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Inputs of the nn benchmarks: MovieLens 100K u1.base as a binary 943 x 1682 matrix when
 * {@code shared/data/ml-100k} is found (system property {@code recsys.data.dir}, env
 * {@code RECSYS_DATA_DIR}, or walking up from the working directory), else a seeded synthetic
 * matrix of the same shape and size (80,000 entries, popularity-skewed) with a notice on stderr.
 *
 * <p>Thread safety: stateless.
 */
final class BenchData {
    static final int USERS = 943;
    static final int ITEMS = 1682;

    private BenchData() {
    }

    static Optional<Path> ml100k() {
        for (String v : new String[] {System.getProperty("recsys.data.dir"), System.getenv("RECSYS_DATA_DIR")}) {
            if (v != null && !v.isBlank() && Files.isRegularFile(Path.of(v, "ml-100k", "u1.base"))) {
                return Optional.of(Path.of(v, "ml-100k"));
            }
        }
        for (Path d = Path.of(System.getProperty("user.dir", ".")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve("data").resolve("ml-100k");
            if (Files.isRegularFile(c.resolve("u1.base"))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** u1.base as a binary users x items matrix, or the synthetic stand-in. */
    static InteractionMatrix u1Base() {
        Optional<Path> dir = ml100k();
        if (dir.isEmpty()) {
            System.err.println("[recsys bench] shared/data/ml-100k not found: using a synthetic 943 x 1682 matrix "
                    + "with 80,000 entries");
            return synthetic();
        }
        boolean[][] seen = new boolean[USERS][ITEMS];
        try (BufferedReader r = Files.newBufferedReader(dir.get().resolve("u1.base"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.trim().split("\t");
                seen[Integer.parseInt(f[0]) - 1][Integer.parseInt(f[1]) - 1] = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fromDense(seen);
    }

    private static InteractionMatrix synthetic() {
        boolean[][] seen = new boolean[USERS][ITEMS];
        SplittableRandom rnd = new SplittableRandom(100);
        int n = 0;
        while (n < 80_000) {
            int u = rnd.nextInt(USERS);
            int i = (int) (ITEMS * Math.pow(rnd.nextDouble(), 2.5)); // popular items first
            if (!seen[u][i]) {
                seen[u][i] = true;
                n++;
            }
        }
        return fromDense(seen);
    }

    private static InteractionMatrix fromDense(boolean[][] seen) {
        int nnz = 0;
        for (boolean[] row : seen) {
            for (boolean b : row) {
                nnz += b ? 1 : 0;
            }
        }
        int[] ptr = new int[USERS + 1];
        int[] cols = new int[nnz];
        float[] vals = new float[nnz];
        int p = 0;
        for (int u = 0; u < USERS; u++) {
            for (int i = 0; i < ITEMS; i++) {
                if (seen[u][i]) {
                    cols[p] = i;
                    vals[p++] = 1f;
                }
            }
            ptr[u + 1] = p;
        }
        return new InteractionMatrix(USERS, ITEMS, ptr, cols, vals);
    }
}
