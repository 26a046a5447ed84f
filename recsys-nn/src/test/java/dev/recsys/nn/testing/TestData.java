package dev.recsys.nn.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Private lookup of the shared data folder for tests (same rules as the core's SharedData: system
 * property {@code recsys.data.dir}, env {@code RECSYS_DATA_DIR}, else walk up from the working
 * directory to the first {@code shared/data}).
 */
public final class TestData {
    private TestData() {
    }

    /** The data folder, if found. */
    public static Optional<Path> dir() {
        for (String v : new String[] {System.getProperty("recsys.data.dir"), System.getenv("RECSYS_DATA_DIR")}) {
            if (v != null && !v.isBlank() && Files.isDirectory(Path.of(v))) {
                return Optional.of(Path.of(v));
            }
        }
        for (Path d = Path.of(System.getProperty("user.dir", ".")).toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve("data");
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The MovieLens 100K folder, if present. */
    public static Optional<Path> ml100k() {
        return dir().map(d -> d.resolve("ml-100k")).filter(p -> Files.isRegularFile(p.resolve("u1.base")));
    }
}
