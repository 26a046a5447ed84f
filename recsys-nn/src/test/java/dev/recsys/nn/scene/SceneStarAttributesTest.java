package dev.recsys.nn.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;
import dev.recsys.nn.layers.Parameter;
import dev.recsys.nn.scene.internal.ItemAttributes;
import dev.recsys.nn.scene.internal.SceneStarModel;
import dev.recsys.nn.scene.internal.SceneStarNetwork;
import dev.recsys.nn.testing.MemoryModelIO;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-scene item-attribute biases {@code H} of scene-star ({@code scene-attributes}). */
class SceneStarAttributesTest {
    static final int USERS = 150;
    static final int ITEMS = 200;
    static final int CATEGORIES = 4;
    static final Scene A = Scene.of("scene-a");
    static final Scene B = Scene.of("scene-b");
    static TrainingData data;
    static Algorithm algo;
    static Params params;

    /**
     * Dense scene A: every user takes 8 items of its group's quarter of the catalogue (all
     * categories mixed). Sparse scene B: each user takes one item, always of category c0 (item
     * {@code i} has category {@code i % 4}), drawn from the whole catalogue, so most c0 items are
     * seen in scene B once or never: their per-item scene bias has little to learn from, the
     * category bias of scene B has every B event.
     */
    static Dataset data(long seed) {
        Interactions log = new Interactions(new IdIndex(), new IdIndex(), 4096);
        for (int i = 0; i < ITEMS; i++) {
            log.items().add("i" + i);
        }
        ItemCatalog cat = new ItemCatalog(log.items());
        for (int i = 0; i < ITEMS; i++) {
            cat.setCategorical(ItemCatalog.CATEGORY, i, "c" + (i % CATEGORIES));
            cat.setCategorical(ItemCatalog.BRAND, i, "b" + (i % 5));
        }
        SplittableRandom r = new SplittableRandom(seed);
        byte a = log.sceneCode(A);
        byte b = log.sceneCode(B);
        int block = ITEMS / 4;
        for (int u = 0; u < USERS; u++) {
            int uu = log.users().add("u" + u);
            int g = u % 4;
            for (int k = 0; k < 8; k++) {
                log.add(uu, g * block + r.nextInt(block), Behavior.VIEW, 1f, k, a);
            }
            log.add(uu, CATEGORIES * r.nextInt(ITEMS / CATEGORIES), Behavior.PURCHASE, 1f, 100, b);
        }
        return new Dataset(log, cat);
    }

    @BeforeAll
    static void setUp() {
        data = new TrainingData(data(11), MatrixOptions.binary());
        algo = Algorithms.byName(SceneStar.NAME);
        params = Params.parse(algo.params(), Map.of("factors", "8", "epochs", "30", "batch-size", "32",
                "learning-rate", "0.02", "finetune-epochs", "5"));
    }

    /** Share of category c0 in the top-10 (training items excluded), over users. */
    static double c0Share(TrainedModel m, Scene s) {
        double sum = 0;
        int[] top = new int[10];
        for (int u = 0; u < USERS; u++) {
            float[] sc = scores(m, u, s);
            for (int i : data.matrix().rowColumns(u)) {
                sc[i] = Float.NEGATIVE_INFINITY;
            }
            int n = dev.recsys.nn.train.RankingValidator.topK(sc, 10, top);
            for (int k = 0; k < n; k++) {
                sum += top[k] % CATEGORIES == 0 ? 1 : 0;
            }
        }
        return sum / (USERS * 10.0);
    }

    static float[] scores(TrainedModel m, int user, Scene s) {
        float[] out = new float[m.numItems()];
        assertThat(m.score(Query.ofUser(user, new int[0], new float[0], s), out)).isTrue();
        return out;
    }

    @Test
    void categoryBiasMovesTheSparseScenesTopKTowardsItsCategory() {
        TrainedModel plain = algo.train(data, params.with(Map.of("scene-attributes", "none")), null);
        TrainedModel withCat = algo.train(data, params.with(Map.of("scene-attributes", "category")), null);
        double before = c0Share(plain, B);
        double after = c0Share(withCat, B);
        assertThat(after).isGreaterThan(before + 0.2);
        assertThat(after).isGreaterThan(c0Share(withCat, A) + 0.3);
        // the learnt scene-B bias of c0 is the largest of scene B's category biases
        SceneStarNetwork net = ((SceneStarModel) withCat).network();
        assertThat(net.attributeBias).isTrue();
        int sb = ((SceneStarModel) withCat).sceneIndex(B);
        for (int i = 1; i < CATEGORIES; i++) {
            assertThat(net.attributeBias(0, sb)).isGreaterThan(net.attributeBias(i, sb));
        }
    }

    @Test
    void withoutCatalogueAttributesThePartDoesNothing() {
        TrainingData bare = new TrainingData(Dataset.of(data.dataset().interactions()), MatrixOptions.binary());
        Params p = params.with(Map.of("epochs", "3", "finetune-epochs", "1"));
        TrainedModel none = algo.train(bare, p.with(Map.of("scene-attributes", "none")), null);
        TrainedModel all = algo.train(bare, p.with(Map.of("scene-attributes", "all")), null);
        assertThat(((SceneStarModel) all).network().attributeBias).isFalse();
        for (Scene s : List.of(A, B)) {
            assertThat(scores(all, 3, s)).containsExactly(scores(none, 3, s));
        }
    }

    @Test
    void saveLoadRoundTripWithAttributeBiases() throws Exception {
        TrainedModel m = algo.train(data, params.with(Map.of("scene-attributes", "all", "epochs", "5")), null);
        assertThat(((SceneStarModel) m).network().attributes.features()).isEqualTo(CATEGORIES + 5);
        MemoryModelIO io = new MemoryModelIO();
        m.save(io);
        TrainedModel loaded = algo.load(io.reader(), m.params());
        assertThat(((SceneStarModel) loaded).network().attributeBias).isTrue();
        for (Scene s : List.of(A, B, Scene.HOME)) {
            for (int u = 0; u < 5; u++) {
                assertThat(scores(loaded, u, s)).containsExactly(scores(m, u, s));
            }
        }
    }

    @Test
    void version2PayloadsStillLoad() throws Exception {
        SceneStarNetwork net = new SceneStarNetwork(3, 4, 2, 2, true, false, false, true);
        net.init(new SplittableRandom(1));
        MemoryModelIO io = new MemoryModelIO();
        io.writeInt(2);
        io.writeInt(3);
        io.writeInt(4);
        io.writeInt(2);
        io.writeInt(2);
        io.writeInt(1 | 8);
        io.writeString("scene-a");
        io.writeString("scene-b");
        for (Parameter p : net.parameters().subList(0, 8)) {
            io.writeString(p.name());
            io.writeFloats(p.value());
        }
        TrainedModel loaded = algo.load(io.reader(), Params.defaults(algo.params()));
        float[] out = scores(loaded, 1, B);
        for (int i = 0; i < 4; i++) {
            assertThat((double) out[i]).isCloseTo(net.score(1, i, 1), Offset.offset(1e-5));
        }
        assertThat(((SceneStarModel) loaded).network().attributeBias).isFalse();
    }

    @Test
    void attributeBiasGradientsMatchFiniteDifferences() {
        // 6 items, features: category (3 values) and brand (2 values); item 5 has no brand
        int[] start = {0, 2, 4, 6, 8, 10, 11};
        int[] feat = {0, 3, 1, 4, 2, 3, 0, 4, 1, 3, 2};
        ItemAttributes attrs = new ItemAttributes(5, start, feat);
        SceneStarNetwork net = new SceneStarNetwork(4, 6, 2, 5, true, true, false, true, attrs);
        SplittableRandom r = new SplittableRandom(9);
        net.init(r);
        for (Parameter p : net.parameters()) {
            float[] v = p.value();
            for (int k = 0; k < v.length; k++) {
                v[k] += (float) (0.3 * (r.nextDouble() - 0.5));
            }
        }
        float reg = 0.05f;
        float sceneReg = 0.2f;
        float attrReg = 0.4f;
        Parameter h = net.parameters().get(8);
        Offset<Double> tol = Offset.offset(2e-3);
        // (0, 3) share feature 0 (category), (1, 5) share none, (2, 4) share brand 4
        for (int[] ij : new int[][] {{0, 3}, {1, 5}, {2, 4}}) {
            int u = 1;
            int s = 1;
            net.zeroGrad();
            net.accumulate(u, ij[0], ij[1], s, reg, sceneReg, sceneReg, attrReg, 1f, true);
            for (int k = 0; k < h.value().length; k++) {
                double num = numeric(net, h.value(), k, 1e-3, u, ij[0], ij[1], s, reg, sceneReg, attrReg);
                assertThat((double) h.grad()[k]).isCloseTo(num, tol);
            }
            for (int f = 0; f < 5; f++) {
                assertThat(h.grad()[f]).isZero(); // scene 0 untouched
            }
            // the score includes H: the analytic check of the whole loss through the shared item bias
            Parameter b = net.parameters().get(2);
            int slot = b.rowGradient().slot(ij[0]);
            assertThat((double) b.rowGradient().values()[slot]).isCloseTo(
                    numeric(net, b.value(), ij[0], 1e-3, u, ij[0], ij[1], s, reg, sceneReg, attrReg), tol);
        }
        // fine-tuning: H learns, the shared part does not
        net.zeroGrad();
        net.accumulate(1, 1, 5, 1, reg, sceneReg, sceneReg, attrReg, 1f, false);
        assertThat(h.grad()[5 + 1]).isNotZero();
        assertThat(net.parameters().get(1).rowGradient().count()).isZero();
    }

    private static double numeric(SceneStarNetwork net, float[] v, int k, double eps, int u, int i, int j, int s,
                                  float reg, float sceneReg, float attrReg) {
        float old = v[k];
        v[k] = (float) (old + eps);
        double plus = net.loss(u, i, j, s, reg, sceneReg, sceneReg, attrReg);
        v[k] = (float) (old - eps);
        double minus = net.loss(u, i, j, s, reg, sceneReg, sceneReg, attrReg);
        v[k] = old;
        return (plus - minus) / (2 * eps);
    }
}
