package dev.recsys.nn;

import dev.recsys.data.ItemCatalog;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads precomputed dense item vectors (for example text or image embeddings produced by a language
 * or vision model elsewhere) into an {@link ItemCatalog} as numeric attributes
 * {@code prefix0 .. prefix(d-1)}, where the attribute models pick them up. File format: one item a
 * line, {@code item_id,v1,v2,...,vd}, all lines with the same d; blank lines and lines starting
 * with {@code #} are skipped.
 *
 * <p>Thread safety: stateless; the catalogue it writes to is not thread-safe.
 */
public final class ItemVectors {
    private ItemVectors() {
    }

    /**
     * What a load did.
     *
     * @param loaded     items whose vector was set
     * @param unknownIds lines whose item id is not in the catalogue's index (skipped)
     * @param dimension  vector length
     *
     * <p>Thread safety: immutable.
     */
    public record Report(int loaded, int unknownIds, int dimension) {
    }

    /**
     * Reads a vector file into the catalogue.
     *
     * @param file    the {@code item_id,v1,...} file
     * @param catalog receives the vectors. Modified.
     * @param prefix  attribute name prefix, e.g. {@code text}
     * @return counts of loaded and skipped lines
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming file and line for a malformed line (bad number, non-finite
     *                                  value, or another dimension than the first line's)
     */
    public static Report load(Path file, ItemCatalog catalog, String prefix) throws IOException {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("prefix must not be blank");
        }
        int dim = -1;
        int loaded = 0;
        int unknown = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] f = t.split(",");
                if (f.length < 2) {
                    throw new IllegalArgumentException(file + ":" + no + ": expected item_id,v1,... but found no values");
                }
                if (dim < 0) {
                    dim = f.length - 1;
                } else if (f.length - 1 != dim) {
                    throw new IllegalArgumentException(file + ":" + no + ": expected " + dim + " values like the first line, found "
                            + (f.length - 1));
                }
                int item = catalog.items().indexOf(f[0].trim());
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    try {
                        v[j] = Float.parseFloat(f[j + 1].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + ":" + no + ": value " + (j + 1) + " is not a number: '"
                                + f[j + 1].trim() + "'", e);
                    }
                    if (!Float.isFinite(v[j])) {
                        throw new IllegalArgumentException(file + ":" + no + ": value " + (j + 1) + " is not finite");
                    }
                }
                if (item < 0) {
                    unknown++;
                    continue;
                }
                for (int j = 0; j < dim; j++) {
                    catalog.setNumeric(prefix + j, item, v[j]);
                }
                loaded++;
            }
        }
        return new Report(loaded, unknown, Math.max(dim, 0));
    }
}
