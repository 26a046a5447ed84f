package dev.recsys.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;
import dev.recsys.nn.internal.ItemAttributeModel;
import dev.recsys.nn.internal.ItemFeatures;
import dev.recsys.nn.testing.MemoryModelIO;
import dev.recsys.nn.internal.train.RankingValidator;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemAttributeAeTest {
    static final int USERS = 90;
    static final int ITEMS = 60;
    static final int GROUPS = 3;
    /** Items 50..59 never appear in the interactions: cold. */
    static final int FIRST_COLD = 50;
    static Dataset data;
    static Algorithm algo;
    static TrainedModel model;

    static int group(int item) {
        return item % GROUPS;
    }

    @BeforeAll
    static void train() {
        IdIndex u = new IdIndex();
        IdIndex it = new IdIndex();
        for (int i = 0; i < USERS; i++) {
            u.add("u" + i);
        }
        for (int i = 0; i < ITEMS; i++) {
            it.add("i" + i);
        }
        Interactions log = new Interactions(u, it, USERS * 10);
        SplittableRandom rnd = new SplittableRandom(5);
        for (int user = 0; user < USERS; user++) {
            java.util.BitSet seen = new java.util.BitSet();
            int n = 0;
            while (n < 10) {
                int item = rnd.nextInt(FIRST_COLD);
                if ((group(item) == user % GROUPS || rnd.nextDouble() < 0.1) && !seen.get(item)) {
                    seen.set(item);
                    log.add(user, item, Behavior.CLICK, 1f, n, Interactions.NO_SCENE);
                    n++;
                }
            }
        }
        ItemCatalog catalog = new ItemCatalog(it);
        for (int i = 0; i < ITEMS; i++) {
            catalog.setCategorical(ItemCatalog.CATEGORY, i, "c" + group(i));
            catalog.setNumeric(ItemCatalog.PRICE, i, 10f + i);
        }
        data = new Dataset(log, catalog);
        algo = Algorithms.byName("item-attribute-ae");
        Params p = Params.parse(algo.params(), Map.of("hidden", "32", "latent", "8", "epochs", "60",
                "batch-size", "16", "learning-rate", "0.01", "code", "8", "attribute-epochs", "150", "min-count", "2"));
        model = algo.train(new TrainingData(data, MatrixOptions.binary()), p, null);
    }

    @Test
    void coldItemsOfTheUsersGroupRankFirstAmongColdItems() {
        assertThat(((ItemAttributeModel) model).coldItems()).containsExactly(50, 51, 52, 53, 54, 55, 56, 57, 58, 59);
        int hits = 0;
        int total = 0;
        for (int user = 0; user < 30; user++) {
            int[] items = {user % GROUPS, user % GROUPS + 3, user % GROUPS + 6, user % GROUPS + 9};
            float[] w = {1, 1, 1, 1};
            float[] s = new float[ITEMS];
            assertThat(model.score(Query.ofUser(-1, items, w, dev.recsys.api.Scene.HOME), s)).isTrue();
            float[] coldScores = new float[ITEMS - FIRST_COLD];
            System.arraycopy(s, FIRST_COLD, coldScores, 0, coldScores.length);
            int[] top = new int[3];
            RankingValidator.topK(coldScores, 3, top);
            for (int t : top) {
                hits += group(FIRST_COLD + t) == user % GROUPS ? 1 : 0;
                total++;
            }
        }
        assertThat(hits / (double) total).isGreaterThan(0.8); // random: 1/3
    }

    @Test
    void saveLoadRoundTripScoresIdentically() throws Exception {
        MemoryModelIO io = new MemoryModelIO();
        model.save(io);
        TrainedModel loaded = algo.load(io.reader(), model.params());
        Query q = Query.ofUser(-1, new int[] {1, 4}, new float[] {1, 1}, dev.recsys.api.Scene.HOME);
        float[] a = new float[ITEMS];
        float[] b = new float[ITEMS];
        model.score(q, a);
        loaded.score(q, b);
        assertThat(b).containsExactly(a);
        assertThat(loaded.algorithm()).isEqualTo("item-attribute-ae");
    }

    @Test
    void featuresEncodeCategoriesNumericsAndPriceBuckets() {
        ItemFeatures f = ItemFeatures.of(data.catalog(), ITEMS, 2, 4);
        // category: c0, c1 (two most frequent; c2 ties broken by code) + other; price z-score; 4 buckets
        assertThat(f.names()).contains("category=(other)", "price", "price-bucket=0", "price-bucket=3");
        assertThat(f.size()).isEqualTo(3 + 1 + 4);
        for (int i = 0; i < ITEMS; i++) {
            assertThat(f.rows().rowLength(i)).isEqualTo(3); // one category slot, price, one bucket
        }
        // cheapest item in bucket 0, dearest in bucket 3
        assertThat(f.rows().get(0, f.names().indexOf("price-bucket=0"))).isEqualTo(1f);
        assertThat(f.rows().get(ITEMS - 1, f.names().indexOf("price-bucket=3"))).isEqualTo(1f);
    }

    @Test
    void itemVectorsLoadIntoTheCatalogue(@TempDir Path dir) throws Exception {
        IdIndex it = new IdIndex();
        it.add("a");
        it.add("b");
        ItemCatalog c = new ItemCatalog(it);
        Path f = dir.resolve("vec.csv");
        Files.writeString(f, "# item,v1,v2\na,0.5,-1\nzzz,1,2\n\nb,2,3e-1\n");
        ItemVectors.Report r = ItemVectors.load(f, c, "img");
        assertThat(r).isEqualTo(new ItemVectors.Report(2, 1, 2));
        assertThat(c.numeric("img1", 0, Float.NaN)).isEqualTo(-1f);
        assertThat(c.numeric("img1", 1, Float.NaN)).isEqualTo(0.3f);
        Files.writeString(f, "a,1,2\nb,1\n");
        assertThatThrownBy(() -> ItemVectors.load(f, c, "img")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vec.csv:2").hasMessageContaining("expected 2 values");
        Files.writeString(f, "a,1,x\n");
        assertThatThrownBy(() -> ItemVectors.load(f, c, "img")).hasMessageContaining("vec.csv:1")
                .hasMessageContaining("'x'");
    }
}
