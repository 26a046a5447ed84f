package dev.recsys.data.io;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locates the folder of shared evaluation data sets (MovieLens, Taobao, ...), which is never part
 * of the repository. Looked up in this order:
 * <ol>
 *   <li>the system property {@value #PROPERTY},</li>
 *   <li>the environment variable {@value #ENV},</li>
 *   <li>the first folder {@code shared/data} found walking up from the working directory (the
 *       repository is checked out next to {@code shared/}).</li>
 * </ol>
 * A property or variable that names no existing folder is logged as a warning and the
 * lookup goes on.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
public final class SharedData {
    /** System property naming the data folder. */
    public static final String PROPERTY = "recsys.data.dir";
    /** Environment variable naming the data folder. */
    public static final String ENV = "RECSYS_DATA_DIR";

    private static final Logger LOG = LoggerFactory.getLogger(SharedData.class);

    private SharedData() {
    }

    /** The shared data folder, or empty if none is found. */
    public static Optional<Path> dir() {
        Optional<Path> p = configured(System.getProperty(PROPERTY), "system property " + PROPERTY);
        if (p.isPresent()) {
            return p;
        }
        p = configured(System.getenv(ENV), "environment variable " + ENV);
        if (p.isPresent()) {
            return p;
        }
        Path cwd = Path.of(System.getProperty("user.dir", ".")).toAbsolutePath().normalize();
        for (Path d = cwd; d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * A file inside the shared data folder, if the folder is found and the file exists.
     *
     * @param relative path relative to the data folder, e.g. {@code "ml-100k/u.data"}
     * @throws IllegalArgumentException if {@code relative} is null, blank or absolute
     */
    public static Optional<Path> file(String relative) {
        if (relative == null || relative.isBlank()) {
            throw new IllegalArgumentException("relative must not be blank");
        }
        Path rel;
        try {
            rel = Path.of(relative);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("relative is not a valid path: '" + relative + "'", e);
        }
        if (rel.isAbsolute()) {
            throw new IllegalArgumentException("relative must be a relative path, got '" + relative + "'");
        }
        return dir().map(d -> d.resolve(rel)).filter(Files::exists);
    }

    private static Optional<Path> configured(String value, String what) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(value.trim()).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
            LOG.warn("{} names '{}', which is not a folder; ignoring it", what, value);
        } catch (InvalidPathException e) {
            LOG.warn("{} is not a valid path: '{}'; ignoring it", what, value);
        }
        return Optional.empty();
    }
}
