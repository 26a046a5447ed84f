package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.internal.ann.ItemSearch;
import dev.recsys.internal.ann.ItemStoreModel;
import dev.recsys.internal.ann.ServingAccess;
import dev.recsys.internal.scene.Generation;
import dev.recsys.modelfile.ModelFiles;
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
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A factor model serving int8 (or bf16) factors keeps no float item factors: not in the model, its
 * serving data, the scene engine's generation, nor in the model file; every path that reads item
 * factors (scores, fold-in, similar items, explanations, save and load, another storage at load)
 * works from the stored form, close to the float model.
 */
class QuantisedItemSideTest {
    private static final int K = 64;

    @TempDir
    Path dir;

    private static Dataset shop() {
        return SyntheticGenerator.generate(SyntheticConfig.builder().users(200).items(300).categories(6).seed(5).build())
                .dataset();
    }

    /** Every float[] reachable from root through fields of non-JDK classes and arrays. */
    static List<float[]> floatArrays(Object root) throws IllegalAccessException {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> todo = new ArrayDeque<>();
        todo.add(root);
        List<float[]> out = new java.util.ArrayList<>();
        while (!todo.isEmpty()) {
            Object o = todo.poll();
            if (!seen.add(o)) {
                continue;
            }
            Class<?> c = o.getClass();
            if (c == float[].class) {
                out.add((float[]) o);
                continue;
            }
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) {
                        Object e = Array.get(o, i);
                        if (e != null) {
                            todo.add(e);
                        }
                    }
                }
                continue;
            }
            for (Class<?> t = c; t != null && !t.getName().startsWith("java."); t = t.getSuperclass()) {
                for (Field f : t.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || !f.trySetAccessible()) {
                        continue;
                    }
                    Object v = f.get(o);
                    if (v != null && !v.getClass().getName().startsWith("java.")
                            && !v.getClass().getName().startsWith("jdk.")) {
                        todo.add(v);
                    } else if (v != null && v.getClass().isArray()) {
                        todo.add(v);
                    }
                }
            }
        }
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        assertThat(a).isNotEqualTo(new float[a.length]);
        double d = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        return d / Math.sqrt(na * nb);
    }

    private static List<String> ids(List<Recommendation> r) {
        return r.stream().map(Recommendation::itemId).toList();
    }

    @Test
    void int8ModelsKeepNoFloatItemFactorsAndServeFromTheCodes() throws IOException, IllegalAccessException {
        Dataset d = shop();
        for (String algo : List.of("ials", "bpr", "als", "biased-mf", "svdpp")) {
            String steps = algo.equals("ials") || algo.equals("als") ? "iterations" : "epochs";
            RecommenderModel m = Recommenders.train(d, algo, Map.of("factors", Integer.toString(K), steps, "5"),
                    TrainingListener.NONE);
            RecommenderModel s = m.withServing(ServingOptions.indexed(FactorStorage.INT8));
            int n = m.numItems();
            assertThat(s.model()).as(algo).isInstanceOf(ItemStoreModel.class).isNotSameAs(m.model());
            ItemStoreModel sm = (ItemStoreModel) s.model();
            assertThat(sm.itemStore().storage()).isEqualTo(FactorStorage.INT8);
            assertThat(sm.itemStore().floats()).isNull();
            ItemSearch search = ServingAccess.search(s);
            assertThat(search.stored()).isSameAs(sm.itemStore());

            // nothing of n x k floats is reachable from the served model or the engine's generation
            Generation g = new Generation(s, null, 0, 7, 1800);
            for (Object root : new Object[] {s, g}) {
                for (float[] a : floatArrays(root)) {
                    assertThat(a.length).as(algo + ": a float array of n x k values").isNotEqualTo(n * K);
                }
            }
            // item side: codes + row scales + inverse norms, against the float factors
            long itemSide = search.factorBytes() + 4L * n;
            assertThat(itemSide / (4.0 * n * K)).as(algo).isLessThanOrEqualTo(0.3);

            // fold-in from the gathered stored rows stays close to the float fold-in
            FactorModel f0 = (FactorModel) m.model();
            FactorModel f1 = (FactorModel) s.model();
            int user = 0;
            while (m.history().rowColumns(user).length < 3) {
                user++;
            }
            int[] hist = m.history().rowColumns(user);
            float[] w = new float[hist.length];
            java.util.Arrays.fill(w, algo.equals("ials") || algo.equals("bpr") ? 1f : 4f);
            assertThat(cosine(f0.foldIn(hist, w), f1.foldIn(hist, w))).as(algo + " fold-in").isGreaterThan(0.98);

            // scores through the codes rank like the float ones
            float[] a = new float[n];
            float[] b = new float[n];
            Query q = Query.ofUser(user, hist, w, Scene.HOME);
            assertThat(((TrainedModel) f0).score(q, a)).as(algo).isTrue();
            assertThat(((TrainedModel) f1).score(q, b)).isTrue();
            assertThat(cosine(a, b)).as(algo + " scores").isGreaterThan(0.995);

            // similar items from the codes: the same leader as the float cosine mostly
            int it = m.history().colIdx()[0];
            int[] r0 = new int[5];
            int[] r1 = new int[5];
            assertThat(f1.similarItems(it, 5, r1, new float[5])).isEqualTo(f0.similarItems(it, 5, r0, new float[5]));
            assertThat(ids(s.similarItems(m.items().idOf(it), 5))).hasSize(5);

            // recommendations with explanations, known and anonymous users
            RecommendRequest known = RecommendRequest.builder(Scene.HOME, 10).user(m.users().idOf(3)).build();
            List<Recommendation> rs = s.recommender().recommend(known);
            assertThat(rs).hasSize(10);
            assertThat(rs).anySatisfy(x -> assertThat(x.explanation()).isNotBlank());
            RecommendRequest detail = RecommendRequest.builder(Scene.ITEM_DETAIL, 5).currentItem(m.items().idOf(it)).build();
            assertThat(s.recommender().recommend(detail)).isNotEmpty();

            // the file holds the codes once and no float item factors: smaller than the float file
            Path pf = dir.resolve(algo + "-float.model");
            Path pq = dir.resolve(algo + "-int8.model");
            ModelFiles.save(m, pf);
            ModelFiles.save(s, pq);
            Path pe = dir.resolve(algo + "-int8-exact.model");
            ModelFiles.save(m.withServing(ServingOptions.of(FactorStorage.INT8)), pe);
            long floatBytes = 4L * n * K * (algo.equals("svdpp") ? 2 : 1);
            assertThat(Files.size(pe)).as(algo).isLessThan(Files.size(pf) - floatBytes * 6 / 10);
            RecommenderModel back = ModelFiles.load(pq);
            assertThat(((ItemStoreModel) back.model()).itemStore().storage()).isEqualTo(FactorStorage.INT8);
            assertThat(ids(back.recommender().recommend(known))).as(algo).isEqualTo(ids(rs));
            float[] c = new float[n];
            ((TrainedModel) back.model()).score(q, c);
            assertThat(c).as(algo + " scores after load").containsExactly(b);
            // another storage at load time, from the codes (float: the dequantised codes)
            RecommenderModel bf = ModelFiles.load(pq, ServingOptions.indexed(FactorStorage.BF16));
            assertThat(((ItemStoreModel) bf.model()).itemStore().storage()).isEqualTo(FactorStorage.BF16);
            assertThat(bf.recommender().recommend(known)).hasSize(10);
            RecommenderModel fl = ModelFiles.load(pq, ServingOptions.of(FactorStorage.FLOAT));
            assertThat(((FactorModel) fl.model()).itemFactors()).hasSize(n * K);
        }
    }
}
