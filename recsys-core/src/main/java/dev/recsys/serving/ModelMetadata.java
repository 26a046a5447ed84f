package dev.recsys.serving;

import dev.recsys.data.MatrixOptions;
import dev.recsys.spi.Params;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Properties;

/**
 * What a {@link RecommenderModel} records about how it was made.
 *
 * @param algorithm              algorithm name (as in {@link dev.recsys.spi.Algorithm#name()})
 * @param params                 the parameters it was trained with
 * @param seed                   the random seed (the {@code seed} parameter, or 0 if it has none)
 * @param libraryVersion         version of recsys that trained it
 * @param created                when training finished
 * @param matrixOptions          how events became the training matrix: behaviour weights, value transform,
 *                               aggregation, decay (also used to weigh recent events); stored in the model file
 * @param popularityHalfLifeDays half-life of the cold-start popularity decay in days (0 = none)
 *
 * <p>Thread safety: immutable.
 */
public record ModelMetadata(String algorithm, Params params, long seed, String libraryVersion, Instant created,
                            MatrixOptions matrixOptions, double popularityHalfLifeDays) {

    /** Validates the fields. */
    public ModelMetadata {
        if (algorithm == null || algorithm.isBlank()) {
            throw new IllegalArgumentException("algorithm must not be blank");
        }
        if (params == null) {
            throw new IllegalArgumentException("params must not be null");
        }
        if (libraryVersion == null) {
            throw new IllegalArgumentException("libraryVersion must not be null");
        }
        if (created == null) {
            throw new IllegalArgumentException("created must not be null");
        }
        if (matrixOptions == null) {
            throw new IllegalArgumentException("matrixOptions must not be null");
        }
        if (!(popularityHalfLifeDays >= 0) || Double.isInfinite(popularityHalfLifeDays)) {
            throw new IllegalArgumentException("popularityHalfLifeDays must be finite and >= 0, got " + popularityHalfLifeDays);
        }
    }

    /** The version of this recsys library ({@code unknown} if the build did not record it). */
    public static String currentLibraryVersion() {
        return VersionHolder.VERSION;
    }

    private static final class VersionHolder {
        static final String VERSION = read();

        private static String read() {
            try (InputStream in = ModelMetadata.class.getResourceAsStream("/dev/recsys/recsys-version.properties")) {
                if (in == null) {
                    return "unknown";
                }
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "unknown").trim();
                return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
