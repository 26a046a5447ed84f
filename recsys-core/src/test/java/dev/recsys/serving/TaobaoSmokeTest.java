package dev.recsys.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.ItemFilter;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.modelfile.ModelFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baselines on the Taobao UserBehavior slice; skipped with a message when the data is absent. */
class TaobaoSmokeTest {

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

    @Test
    void servesEveryScene(@TempDir Path tmp) throws IOException {
        Optional<Path> file = sharedData().map(d -> d.resolve("taobao-userbehavior/UserBehavior_slice_20171126.csv"))
                .filter(Files::isRegularFile);
        Assumptions.assumeTrue(file.isPresent(), "shared/data/taobao-userbehavior not found: Taobao smoke test skipped");
        Interactions log = new Interactions();
        ItemCatalog catalog = new ItemCatalog(log.items());
        try (BufferedReader r = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",");
                int u = log.users().add(Long.parseLong(f[0]));
                int i = log.items().add(Long.parseLong(f[1]));
                catalog.setCategorical(ItemCatalog.CATEGORY, i, f[2]);
                log.add(u, i, Behavior.parse(f[3]), 1f, Long.parseLong(f[4]), Interactions.NO_SCENE);
            }
        }
        Dataset data = new Dataset(log, catalog);
        RecommenderModel m = Recommenders.train(data, "item-cooccurrence", Map.of("min-support", "1"), null);
        Path f = tmp.resolve("taobao.model");
        ModelFiles.save(m, f);
        RecommenderModel back = ModelFiles.load(f);
        int checked = 0;
        for (int u = 0; u < m.numUsers(); u += 997) {
            String user = m.users().idOf(u);
            int[] hist = m.history().rowColumns(u);
            String cur = m.items().idOf(hist[0]);
            String category = catalog.dictionary(ItemCatalog.CATEGORY).valueOf(catalog.category(hist[0]));
            List<RecommendRequest> reqs = List.of(
                    RecommendRequest.builder(Scene.HOME, 10).user(user).build(),
                    RecommendRequest.builder(Scene.ITEM_DETAIL, 10).user(user).currentItem(cur).build(),
                    RecommendRequest.builder(Scene.CART, 10).user(user).cart(List.of(cur)).build(),
                    RecommendRequest.builder(Scene.HOME, 5).user(user).filter(ItemFilter.category(category)).build());
            int catCode = catalog.category(hist[0]);
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int h : hist) {
                seen.add(h);
            }
            int inCategory = 0;
            for (int i = 0; i < m.numItems(); i++) {
                if (catalog.category(i) == catCode && !seen.contains(i)) {
                    inCategory++;
                }
            }
            for (RecommendRequest q : reqs) {
                List<Recommendation> recs = m.recommender().recommend(q);
                // exactly k, fewer only when the category filter leaves fewer eligible items
                int expected = q.filter() == ItemFilter.ALL ? q.k() : Math.min(q.k(), inCategory);
                assertThat(recs).hasSize(expected);
                assertThat(recs).extracting(Recommendation::itemId).doesNotContain(cur).doesNotHaveDuplicates();
                // a loaded model has no training behaviours, so only its explanations may differ
                assertThat(back.recommender().recommend(q))
                        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("explanation")
                        .containsExactlyElementsOf(recs);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(200);
    }
}
