package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.ItemFilter;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.ItemCatalog;
import dev.recsys.internal.ann.ServingAccess;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving options on trained factor models: the model file keeps them (checksummed), the scene
 * engine serves through them, swap carries them over, similarItems is the cosine.
 */
class ServingIntegrationTest {
    @TempDir
    Path dir;

    private static Dataset shop() {
        return SyntheticGenerator.generate(SyntheticConfig.builder().users(200).items(300).categories(6).seed(5).build())
                .dataset();
    }

    private static RecommenderModel train(String algo, Map<String, String> params) {
        return Recommenders.train(shop(), algo, params, TrainingListener.NONE);
    }

    private static List<String> ids(List<Recommendation> r) {
        return r.stream().map(Recommendation::itemId).toList();
    }

    @Test
    void modelFileKeepsQuantisedFactorsAndTheGraph() throws IOException {
        RecommenderModel m = train("ials", Map.of("factors", "16", "iterations", "3"));
        RecommenderModel s = m.withServing(ServingOptions.indexed(FactorStorage.INT8));
        assertThat(m.servingOptions()).isEmpty();
        assertThat(s.servingOptions()).contains(ServingOptions.indexed(FactorStorage.INT8));
        Path f = dir.resolve("s.model");
        ModelFiles.save(s, f);
        RecommenderModel back = ModelFiles.load(f);
        assertThat(back.servingOptions()).contains(ServingOptions.indexed(FactorStorage.INT8));
        String user = m.users().idOf(3);
        RecommendRequest req = RecommendRequest.builder(Scene.HOME, 10).user(user).build();
        assertThat(ids(back.recommender().recommend(req))).isEqualTo(ids(s.recommender().recommend(req)));
        // saving again gives the same bytes (the graph and codes are stored as they are)
        Path g = dir.resolve("again.model");
        ModelFiles.save(back, g);
        byte[] a = Files.readAllBytes(f);
        byte[] b = Files.readAllBytes(g);
        assertThat(java.util.Arrays.copyOfRange(b, 40, b.length - 12))
                .isEqualTo(java.util.Arrays.copyOfRange(a, 40, a.length - 12));

        // another storage at load time keeps the stored graph; no options keeps what is stored
        RecommenderModel bf = ModelFiles.load(f, ServingOptions.indexed(FactorStorage.BF16));
        assertThat(bf.servingOptions().orElseThrow().storage()).isEqualTo(FactorStorage.BF16);
        assertThat(ModelFiles.load(f, null).servingOptions()).contains(ServingOptions.indexed(FactorStorage.INT8));
        assertThat(ModelFiles.load(f, ServingOptions.of(FactorStorage.FLOAT)).servingOptions().orElseThrow().index())
                .isFalse();

        // the serving section is under the checksum
        byte[] bad = a.clone();
        bad[bad.length - 200] ^= 0x01;
        Path c = dir.resolve("bad.model");
        Files.write(c, bad);
        assertThatThrownBy(() -> ModelFiles.load(c)).isInstanceOf(ModelFormatException.class).hasMessageContaining("CRC32");
    }

    @Test
    void invertedFileServesSavesLoadsAndCarriesOver() throws IOException {
        Dataset d = shop();
        RecommenderModel m = Recommenders.train(d, "ials", Map.of("factors", "16", "iterations", "3"),
                TrainingListener.NONE);
        ServingOptions ivf = ServingOptions.parse("int8+ivf");
        assertThat(ivf).isEqualTo(ServingOptions.invertedFile(FactorStorage.INT8));
        assertThat(ivf.ivf()).isTrue();
        RecommenderModel s = m.withServing(ivf);
        assertThat(ServingAccess.search(s).ivf()).isNotNull();
        assertThat(ServingAccess.search(s).index()).isNull();
        // close to exact int8 scoring
        RecommenderModel exact = m.withServing(ServingOptions.of(FactorStorage.INT8));
        int same = 0;
        int total = 0;
        for (int u = 0; u < 40; u++) {
            RecommendRequest req = RecommendRequest.builder(Scene.HOME, 10).user(m.users().idOf(u)).build();
            List<String> e = ids(exact.recommender().recommend(req));
            for (String id : ids(s.recommender().recommend(req))) {
                if (e.contains(id)) {
                    same++;
                }
            }
            total += e.size();
        }
        assertThat(same / (double) total).isGreaterThanOrEqualTo(0.9);
        // the lists are saved with the model and read back: same answers
        Path f = dir.resolve("ivf.model");
        ModelFiles.save(s, f);
        RecommenderModel back = ModelFiles.load(f);
        assertThat(back.servingOptions()).contains(ivf);
        for (int u = 0; u < 40; u += 3) {
            RecommendRequest req = RecommendRequest.builder(Scene.HOME, 10).user(m.users().idOf(u)).build();
            assertThat(ids(back.recommender().recommend(req))).isEqualTo(ids(s.recommender().recommend(req)));
        }
        // another storage at load time builds the lists again; HNSW options replace them
        assertThat(ModelFiles.load(f, ServingOptions.invertedFile(FactorStorage.BF16)).servingOptions())
                .contains(ServingOptions.invertedFile(FactorStorage.BF16));
        assertThat(ServingAccess.search(ModelFiles.load(f, ServingOptions.indexed(FactorStorage.INT8))).index())
                .isNotNull();
        // a swap keeps the inverted file for the new model
        SceneEngine engine = SceneEngine.builder(s).build();
        engine.swap(Recommenders.train(d, "ials", Map.of("factors", "16", "iterations", "4"), TrainingListener.NONE),
                d, 0);
        assertThat(engine.model().servingOptions()).contains(ivf);
        assertThat(ServingAccess.search(engine.model()).ivf()).isNotNull();
        assertThat(engine.recommend(RecommendRequest.builder(Scene.HOME, 5).user(m.users().idOf(0)).build())).hasSize(5);
    }

    @Test
    void servedRecommendationsMatchExactOnesAndFiltersFallBack() {
        RecommenderModel m = train("bpr", Map.of("factors", "16", "epochs", "5"));
        RecommenderModel s = m.withServing(ServingOptions.indexed(FactorStorage.FLOAT));
        int same = 0;
        int total = 0;
        for (int u = 0; u < 40; u++) {
            RecommendRequest req = RecommendRequest.builder(Scene.HOME, 10).user(m.users().idOf(u)).build();
            List<String> exact = ids(m.recommender().recommend(req));
            List<String> served = ids(s.recommender().recommend(req));
            for (String id : served) {
                if (exact.contains(id)) {
                    same++;
                }
            }
            total += exact.size();
        }
        assertThat(same / (double) total).isGreaterThanOrEqualTo(0.9);
        // a category filter (one of six categories) is answered, only with that category
        String cat = m.catalog().dictionary(ItemCatalog.CATEGORY).valueOf(0);
        RecommendRequest req = RecommendRequest.builder(Scene.HOME, 5).user(m.users().idOf(1))
                .filter(ItemFilter.category(cat)).build();
        List<Recommendation> r = s.recommender().recommend(req);
        assertThat(r).isNotEmpty();
        for (Recommendation x : r) {
            assertThat(m.catalog().category(x.itemIndex())).isEqualTo(0);
        }
    }

    @Test
    void swapCarriesServingOptionsOver() {
        Dataset d = shop();
        RecommenderModel m = Recommenders.train(d, "ials", Map.of("factors", "8", "iterations", "2"), TrainingListener.NONE)
                .withServing(ServingOptions.indexed(FactorStorage.BF16));
        SceneEngine engine = SceneEngine.builder(m).build();
        RecommenderModel next = Recommenders.train(d, "ials", Map.of("factors", "8", "iterations", "3"),
                TrainingListener.NONE);
        engine.swap(next, d, 0);
        assertThat(engine.model().servingOptions()).contains(ServingOptions.indexed(FactorStorage.BF16));
        // the new model held in the old storage: a copy of it keeping bf16 item factors only
        assertThat(engine.model().model()).isNotSameAs(next.model());
        assertThat(((dev.recsys.internal.ann.ItemStoreModel) engine.model().model()).itemStore().storage())
                .isEqualTo(FactorStorage.BF16);
        assertThat(((FactorModel) engine.model().model()).userVector(0)).containsExactly(((FactorModel) next.model()).userVector(0));
        assertThat(engine.recommend(RecommendRequest.builder(Scene.HOME, 5).user(m.users().idOf(0)).build())).hasSize(5);
    }

    @Test
    void similarItemsIsTheCosineOnEveryFactorModel() {
        for (String algo : List.of("ials", "bpr", "als")) {
            RecommenderModel m = train(algo, Map.of("factors", "8"));
            int it = m.history().colIdx()[0];
            String item = m.items().idOf(it);
            List<Recommendation> plain = m.similarItems(item, 5);
            List<Recommendation> served = m.withServing(ServingOptions.of(FactorStorage.FLOAT)).similarItems(item, 5);
            assertThat(ids(served)).as(algo).isEqualTo(ids(plain));
            assertThat(ids(plain)).doesNotContain(item).hasSize(5);
            FactorModel fm = (FactorModel) m.model();
            float[] f = fm.itemFactors();
            int k = fm.factors();
            int j = plain.get(0).itemIndex();
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int d = 0; d < k; d++) {
                dot += f[it * k + d] * (double) f[j * k + d];
                na += f[it * k + d] * (double) f[it * k + d];
                nb += f[j * k + d] * (double) f[j * k + d];
            }
            assertThat((double) plain.get(0).score()).isCloseTo(dot / Math.sqrt(na * nb),
                    org.assertj.core.api.Assertions.within(1e-5));
        }
        RecommenderModel pop = train("popularity", Map.of());
        assertThatThrownBy(() -> pop.similarItems(pop.items().idOf(0), 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factor model");
        assertThatThrownBy(() -> pop.withServing(ServingOptions.of(FactorStorage.INT8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factor model");
    }

    @Test
    void servedModelScoresThroughTheStorage() {
        RecommenderModel m = train("ials", Map.of("factors", "8", "iterations", "2"));
        TrainedModel served = m.withServing(ServingOptions.indexed(FactorStorage.INT8)).servedModel(10);
        int[] hist = m.history().rowColumns(2);
        float[] w = new float[hist.length];
        java.util.Arrays.fill(w, 1f);
        float[] out = new float[m.numItems()];
        assertThat(served.score(Query.ofUser(2, hist, w, Scene.HOME), out)).isTrue();
        long finite = 0;
        for (float v : out) {
            if (Float.isFinite(v)) {
                finite++;
            }
        }
        assertThat(finite).isEqualTo(10);
        for (int h : hist) {
            assertThat(out[h]).isEqualTo(Float.NEGATIVE_INFINITY);
        }
        assertThat(m.servedModel(10)).isSameAs(m.model());
    }
}
