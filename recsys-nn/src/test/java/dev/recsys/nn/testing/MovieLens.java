package dev.recsys.nn.testing;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.ItemCatalogLoader;
import dev.recsys.data.io.ItemCatalogLoader.MovieLensAttribute;
import dev.recsys.data.io.LoadOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * MovieLens 100K for tests: users 1..943 and items 1..1682 map to dense indices id - 1, so the full
 * catalogue is indexed even when a fold's training file lacks some items.
 */
public final class MovieLens {
    /** Number of users. */
    public static final int USERS = 943;
    /** Number of items. */
    public static final int ITEMS = 1682;

    private MovieLens() {
    }

    /** A fresh log over the full user and item index. */
    public static Interactions emptyLog() {
        IdIndex users = new IdIndex();
        IdIndex items = new IdIndex();
        for (int u = 1; u <= USERS; u++) {
            users.add(u);
        }
        for (int i = 1; i <= ITEMS; i++) {
            items.add(i);
        }
        return new Interactions(users, items, 100_000);
    }

    /** Reads a {@code user TAB item TAB rating TAB time} file into a log (ratings as RATING events). */
    public static Interactions read(Path file) {
        Interactions log = emptyLog();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                String[] f = line.trim().split("\t");
                if (f.length < 4) {
                    throw new IllegalStateException(file + ":" + no + ": expected 4 tab-separated fields");
                }
                log.add(Integer.parseInt(f[0]) - 1, Integer.parseInt(f[1]) - 1, Behavior.RATING,
                        Float.parseFloat(f[2]), Long.parseLong(f[3]), Interactions.NO_SCENE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }

    /** The training data set of a file. */
    public static Dataset dataset(Path file) {
        return Dataset.of(read(file));
    }

    /** Binary matrix of a file (every rating = 1). */
    public static InteractionMatrix binaryMatrix(Path file) {
        return MatrixBuilder.build(read(file), MatrixOptions.ratings());
    }

    /** An empty catalogue over the same item index as {@link #emptyLog()} (for attribute models). */
    public static ItemCatalog catalog(Interactions log) {
        return new ItemCatalog(log.items());
    }

    /** A data set whose matrix (under any options with RATING weight 1) reproduces {@code m}. */
    public static Dataset datasetOf(InteractionMatrix m) {
        Interactions log = emptyLog();
        for (int u = 0; u < m.rows(); u++) {
            for (int q = m.rowPtr()[u]; q < m.rowPtr()[u + 1]; q++) {
                log.add(u, m.colIdx()[q], Behavior.RATING, m.values()[q], 0L, Interactions.NO_SCENE);
            }
        }
        return Dataset.of(log);
    }

    /**
     * Fills a catalogue from u.item: numeric attributes {@code genre:NAME} (0/1) for the 19 genres,
     * numeric {@code year} and categorical {@code decade} from the release date (when present).
     */
    public static void readItems(Path uItem, ItemCatalog catalog) {
        ItemCatalogLoader.loadMovieLensItems(uItem, catalog, LoadOptions.defaults(),
                EnumSet.of(MovieLensAttribute.GENRE_FLAGS, MovieLensAttribute.YEAR, MovieLensAttribute.DECADE));
    }
}
