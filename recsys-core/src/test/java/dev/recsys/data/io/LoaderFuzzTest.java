package dev.recsys.data.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Jazzer fuzz tests of the data loaders: every {@link DataFormat}, the column mapping parser (alone
 * and driving the {@code csv} loader) and the item catalogue loaders, each input loaded strictly
 * and leniently. The
 * allowed outcomes are a result, {@link DataFileException} and {@link IllegalArgumentException};
 * anything else (an {@link OutOfMemoryError}, an index or null pointer error, ...) is a finding.
 *
 * <p>In a normal test run each target replays its committed corpus
 * ({@code src/test/resources/dev/recsys/data/io/LoaderFuzzTestInputs/<target>/}); with
 * {@code JAZZER_FUZZ=1} (or {@code mvn -Pfuzz}) the selected target is fuzzed for its
 * {@code maxDuration}: {@code JAZZER_FUZZ=1 mvn -pl recsys-core test -Dtest='LoaderFuzzTest#movielens'}.
 * Crashing inputs are written next to the corpus; add them to it once fixed.
 */
public class LoaderFuzzTest {
    private static final String MAX = "60s";

    /** Loads {@code bytes} in {@code format}, strictly and leniently. */
    private static void load(byte[] bytes, DataFormat format, LoadOptions base) {
        for (boolean lenient : new boolean[] {false, true}) {
            try {
                LoadResult r = InteractionLoader.load(new ByteArrayInputStream(bytes), "fuzz." + format, format,
                        base.withLenient(lenient), Dataset.of(new Interactions()));
                checkResult(r);
            } catch (DataFileException | IllegalArgumentException allowed) {
                // a clear error naming the line: fine
            }
        }
    }

    private static void checkResult(LoadResult r) {
        Interactions log = r.dataset().interactions();
        for (int e = 0; e < log.size(); e++) {
            if (!Float.isFinite(log.value(e))) {
                throw new AssertionError("non-finite value loaded at event " + e);
            }
        }
    }

    @FuzzTest(maxDuration = MAX)
    void movielens(byte[] data) {
        load(data, DataFormat.MOVIELENS, LoadOptions.defaults());
    }

    @FuzzTest(maxDuration = MAX)
    void movielensDat(byte[] data) {
        load(data, DataFormat.MOVIELENS_DAT, LoadOptions.defaults());
    }

    @FuzzTest(maxDuration = MAX)
    void movielensCsv(byte[] data) {
        load(data, DataFormat.MOVIELENS_CSV, LoadOptions.defaults());
    }

    @FuzzTest(maxDuration = MAX)
    @DictionaryEntries({"pv", "buy", "cart", "fav", ",", "1511544070", "2147483648", "-1", "1e30", "NaN"})
    void taobao(byte[] data) {
        load(data, DataFormat.TAOBAO, LoadOptions.defaults());
    }

    @FuzzTest(maxDuration = MAX)
    @DictionaryEntries({"timestamp,visitorid,event,itemid,transactionid", "view", "addtocart", "transaction", ",",
        "1433221332117", "9223372036854775807", "-1"})
    void retailrocket(byte[] data) {
        load(data, DataFormat.RETAILROCKET, LoadOptions.defaults());
    }

    /** The generic csv loader: the first line is the column mapping, the rest the file. */
    @FuzzTest(maxDuration = MAX)
    @DictionaryEntries({"user=", "item=", "behavior=", "value=", "time=", "scene=", "category=", "fixed-behavior=",
        "delimiter=", "header=yes", "header=no", "time-unit=ms", "tab", "::", "purchase", "rating", "?", "2147483647",
        "65535", ",", "view", "home"})
    void csvWithMapping(byte[] data) {
        int nl = 0;
        while (nl < data.length && data[nl] != '\n') {
            nl++;
        }
        String text = new String(data, 0, nl, StandardCharsets.UTF_8);
        byte[] file = Arrays.copyOfRange(data, Math.min(data.length, nl + 1), data.length);
        ColumnMapping mapping;
        try {
            mapping = ColumnMapping.parse(text);
        } catch (IllegalArgumentException allowed) {
            return;
        }
        load(file, DataFormat.CSV, LoadOptions.defaults().withMapping(mapping));
    }

    /** The column mapping parser alone: its text form must round-trip. */
    @FuzzTest(maxDuration = MAX)
    @DictionaryEntries({"user=", "item=", "behavior=", "value=", "time=", "scene=", "category=", "fixed-behavior=",
        "delimiter=", "header=yes", "header=no", "time-unit=ms", "tab", "::", "purchase", "rating", "?", "2147483647",
        "65535", ","})
    void columnMapping(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        ColumnMapping m;
        try {
            m = ColumnMapping.parse(text);
        } catch (IllegalArgumentException allowed) {
            return;
        }
        ColumnMapping again = ColumnMapping.parse(m.toString());
        if (!again.equals(m)) {
            throw new AssertionError("'" + text + "' parses to " + m + ", which parses to " + again);
        }
    }

    @FuzzTest(maxDuration = MAX)
    void movielensItems(byte[] data) throws IOException {
        catalogue(data, true);
    }

    @FuzzTest(maxDuration = MAX)
    void itemCsv(byte[] data) throws IOException {
        catalogue(data, false);
    }

    /** Loads {@code data} as an item catalogue, strictly and leniently. */
    private static void catalogue(byte[] data, boolean movielens) throws IOException {
        Path f = FuzzFiles.write(data);
        for (boolean lenient : new boolean[] {false, true}) {
            ItemCatalog cat = new ItemCatalog(new IdIndex());
            LoadOptions options = LoadOptions.defaults().withLenient(lenient);
            try {
                if (movielens) {
                    ItemCatalogLoader.loadMovieLensItems(f, cat, options);
                } else {
                    ItemCatalogLoader.loadCsv(f, cat, options);
                }
            } catch (DataFileException | IllegalArgumentException allowed) {
                // a clear error naming the line: fine
            }
        }
    }

    /** One scratch file per JVM, rewritten for every input (the model fuzz tests use it too). */
    public static final class FuzzFiles {
        private static Path file;

        private FuzzFiles() {
        }

        public static synchronized Path write(byte[] bytes) throws IOException {
            if (file == null) {
                Path dir = Files.createTempDirectory("recsys-fuzz");
                dir.toFile().deleteOnExit();
                file = dir.resolve("input");
                file.toFile().deleteOnExit();
            }
            Files.write(file, bytes);
            return file;
        }
    }
}
