package dev.recsys.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.modelfile.ModelFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselines end to end on MovieLens 100K (ua split). Skipped with a message when the shared data
 * folder is absent.
 */
class MovieLensSmokeTest {
    private static Dataset train;
    private static Map<String, Set<String>> test;

    /** Same lookup as dev.recsys.data.io.SharedData (not on this branch yet). */
    private static Optional<Path> sharedData() {
        String p = System.getProperty("recsys.data.dir");
        if (p == null) {
            p = System.getenv("RECSYS_DATA_DIR");
        }
        if (p != null) {
            return Optional.of(Paths.get(p)).filter(Files::isDirectory);
        }
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve("data");
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @BeforeAll
    static void load() throws IOException {
        Optional<Path> dir = sharedData().map(d -> d.resolve("ml-100k")).filter(Files::isDirectory);
        Assumptions.assumeTrue(dir.isPresent(), "shared/data/ml-100k not found: MovieLens smoke test skipped");
        Interactions log = new Interactions();
        try (BufferedReader r = Files.newBufferedReader(dir.get().resolve("ua.base"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t");
                int u = log.users().add(Long.parseLong(f[0]));
                int i = log.items().add(Long.parseLong(f[1]));
                log.add(u, i, Behavior.RATING, Float.parseFloat(f[2]), Long.parseLong(f[3]), Interactions.NO_SCENE);
            }
        }
        train = Dataset.of(log);
        test = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(dir.get().resolve("ua.test"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t");
                test.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
            }
        }
    }

    private static double hitRate(RecommenderModel m) {
        int hits = 0;
        for (Map.Entry<String, Set<String>> e : test.entrySet()) {
            List<Recommendation> recs = m.recommender().recommend(e.getKey(), Scene.HOME, 10);
            assertThat(recs).hasSize(10);
            if (recs.stream().anyMatch(r -> e.getValue().contains(r.itemId()))) {
                hits++;
            }
        }
        return hits / (double) test.size();
    }

    @Test
    void coOccurrenceBeatsPopularityAndSurvivesSaveAndLoad(@TempDir Path tmp) throws IOException {
        RecommenderModel pop = Recommenders.train(train, "popularity", Map.of(), null);
        RecommenderModel cooc = Recommenders.train(train, "item-cooccurrence", Map.of("neighbors", "50"), null);
        double hrPop = hitRate(pop);
        double hrCooc = hitRate(cooc);
        assertThat(hrPop).isGreaterThan(0.2);
        assertThat(hrCooc).isGreaterThan(hrPop);
        Path f = tmp.resolve("ml.model");
        ModelFiles.save(cooc, f);
        RecommenderModel back = ModelFiles.load(f);
        for (String u : new String[] {"1", "42", "500", "943"}) {
            // a loaded model has no training behaviours, so only its explanations may differ
            assertThat(back.recommender().recommend(u, Scene.HOME, 20))
                    .usingRecursiveFieldByFieldElementComparatorIgnoringFields("explanation")
                    .containsExactlyElementsOf(cooc.recommender().recommend(u, Scene.HOME, 20));
        }
        System.out.printf("ml-100k ua HR@10: popularity %.3f, item-cooccurrence %.3f; model file %d bytes%n",
                hrPop, hrCooc, Files.size(f));
    }
}
