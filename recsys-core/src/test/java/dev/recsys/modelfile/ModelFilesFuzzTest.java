package dev.recsys.modelfile;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.recsys.data.io.LoaderFuzzTest;
import dev.recsys.serving.RecommenderModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Jazzer fuzz tests of {@link ModelFiles#load}: the allowed outcomes are a model and a
 * {@link ModelFormatException}; anything else (an {@link OutOfMemoryError}, an index or null
 * pointer error, ...) is a finding. {@link #loadRaw} takes the bytes as they come (almost all are
 * refused at the footer or checksum); {@link #loadWithValidChecksum} appends the footer and a
 * correct CRC32 to the fuzzed bytes, so the section parsers and the algorithms' payload readers
 * (those on recsys-core's class path: popularity, item-cooccurrence) see hostile content.
 *
 * <p>A normal test run replays the committed corpus
 * ({@code src/test/resources/dev/recsys/modelfile/ModelFilesFuzzTestInputs/<target>/}, saved models and
 * damaged ones); {@code JAZZER_FUZZ=1} (or {@code mvn -Pfuzz}) fuzzes the selected target for its
 * {@code maxDuration}.
 */
class ModelFilesFuzzTest {
    private static void load(byte[] bytes) throws IOException {
        Path f = LoaderFuzzTest.FuzzFiles.write(bytes);
        try {
            RecommenderModel m = ModelFiles.load(f);
            m.recommender(); // a loaded model must be servable
        } catch (ModelFormatException allowed) {
            // a clear error saying what is wrong: fine
        }
    }

    @FuzzTest(maxDuration = "60s")
    void loadRaw(byte[] bytes) throws IOException {
        load(bytes);
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"USER", "ITEM", "HIST", "POPU", "MOPT", "CATL", "MODL", "END!", "popularity",
        "item-cooccurrence"})
    void loadWithValidChecksum(byte[] bytes) throws IOException {
        load(ModelFilesTest.withFooter(bytes));
    }
}
