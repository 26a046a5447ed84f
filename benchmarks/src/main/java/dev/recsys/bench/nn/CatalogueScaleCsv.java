package dev.recsys.bench.nn;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.mf.internal.PowerLawMatrix;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a synthetic interaction file shaped like hetrec Last.fm (1,892 users x 17,632 items,
 * about 92,800 {@code user,item,count} rows), for timing the autoencoders at catalogue scale through
 * the CLI. The events come from recsys-mf's {@link PowerLawMatrix} (power-law item popularity,
 * heavy-tailed user activity, counts 1..20); every item then gets at least one row, as in the real
 * set, where each artist was listened to by someone: the matrix is generated with as many fewer
 * entries as the first draw left items unseen, and each item still unseen is given to a seeded
 * random user.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.recsys.bench.nn.CatalogueScaleCsv /tmp/lastfm-like.csv
 * java -Xmx3g -jar examples/target/recsys.jar train --data /tmp/lastfm-like.csv --format csv \
 *     --columns user=user,item=item,value=count,fixed-behavior=click --algo mult-vae --out /tmp/m.bin
 * </pre>
 *
 * <p>Arguments: {@code FILE [users items rows exponent seed]} (defaults 1892 17632 92800 1.0 42).
 *
 * <p>Thread safety: stateless.
 */
public final class CatalogueScaleCsv {
    private CatalogueScaleCsv() {
    }

    /** Writes the file and prints its shape. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: CatalogueScaleCsv FILE [users items rows exponent seed]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 1892;
        int items = args.length > 2 ? Integer.parseInt(args[2]) : 17_632;
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 92_800;
        double exponent = args.length > 4 ? Double.parseDouble(args[4]) : 1.0;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 42L;
        int written = write(out, users, items, rows, exponent, seed);
        System.out.printf("wrote %s: %d users x %d items, %d rows (power-law exponent %.2f, seed %d)%n", out, users,
                items, written, exponent, seed);
    }

    /**
     * Writes {@code user,item,count} rows (header {@code user,item,count}; ids {@code u1..}, {@code i1..}).
     *
     * @return the number of rows written ({@code rows} give or take the items added for coverage)
     */
    static int write(Path out, int users, int items, int rows, double exponent, long seed) throws IOException {
        int unseen = unseen(PowerLawMatrix.generate(users, items, rows, exponent, false, seed), items);
        InteractionMatrix m = PowerLawMatrix.generate(users, items, Math.max(users, rows - unseen), exponent, false, seed);
        boolean[] seen = new boolean[items];
        for (int q = 0; q < m.nnz(); q++) {
            seen[m.colIdx()[q]] = true;
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        int n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("user,item,count\n");
            for (int u = 0; u < users; u++) {
                for (int q = m.rowPtr()[u]; q < m.rowPtr()[u + 1]; q++) {
                    w.write("u" + (u + 1) + ",i" + (m.colIdx()[q] + 1) + "," + (int) m.values()[q] + "\n");
                    n++;
                }
            }
            for (int i = 0; i < items; i++) {
                if (!seen[i]) {
                    // an unseen item is new to every user, so the row is never a duplicate
                    w.write("u" + (1 + rnd.nextInt(users)) + ",i" + (i + 1) + ",1\n");
                    n++;
                }
            }
        }
        return n;
    }

    private static int unseen(InteractionMatrix m, int items) {
        boolean[] seen = new boolean[items];
        for (int q = 0; q < m.nnz(); q++) {
            seen[m.colIdx()[q]] = true;
        }
        int k = 0;
        for (boolean s : seen) {
            k += s ? 0 : 1;
        }
        return k;
    }
}
