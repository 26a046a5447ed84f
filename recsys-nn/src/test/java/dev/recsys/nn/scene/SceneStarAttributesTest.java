package dev.recsys.nn.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;
import dev.recsys.nn.internal.layers.Parameter;
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

/**
 * The low-parameter scene parts of scene-star: per-scene item-attribute biases {@code H}
 * ({@code scene-attributes}), the scene mixing matrix {@code M} ({@code scene-mix}) and the
 * shrinkage of sparse scenes' parts towards the other scenes' ({@code scene-shrink}).
 */
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
            int n = dev.recsys.nn.internal.train.RankingValidator.topK(sc, 10, top);
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
        assertThat(after).isGreaterThan(before + 0.15); // seed 11: 0.69 -> 0.94
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
        SceneStarNetwork net = new SceneStarNetwork(4, 6, 2, 5, true, true, false, true, attrs, false);
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
            net.accumulate(u, ij[0], ij[1], s, new SceneStarNetwork.Penalties(reg, sceneReg, sceneReg, attrReg, 0f), 1f, true);
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
        net.accumulate(1, 1, 5, 1, new SceneStarNetwork.Penalties(reg, sceneReg, sceneReg, attrReg, 0f), 1f, false);
        assertThat(h.grad()[5 + 1]).isNotZero();
        assertThat(net.parameters().get(1).rowGradient().count()).isZero();
    }

    @Test
    void mixingGradientsMatchFiniteDifferences() {
        int[] start = {0, 1, 2, 3, 4, 5, 6};
        int[] feat = {0, 1, 0, 1, 0, 1};
        SceneStarNetwork net = new SceneStarNetwork(4, 6, 3, 5, true, true, false, true,
                new ItemAttributes(2, start, feat), true);
        assertThat(net.mix).isTrue();
        SplittableRandom r = new SplittableRandom(13);
        net.init(r);
        for (Parameter p : net.parameters()) {
            float[] v = p.value();
            for (int k = 0; k < v.length; k++) {
                v[k] += (float) (0.3 * (r.nextDouble() - 0.5));
            }
        }
        float reg = 0.05f;
        float sceneReg = 0.2f;
        float attrReg = 0.3f;
        float mixReg = 0.6f;
        int u = 2;
        int i = 1;
        int j = 4;
        int s = 2;
        net.zeroGrad();
        net.accumulate(u, i, j, s, new SceneStarNetwork.Penalties(reg, sceneReg, sceneReg, attrReg, mixReg), 1f, true);
        Offset<Double> tol = Offset.offset(2e-3);
        Parameter d = net.parameters().get(3);
        Parameter c = net.parameters().get(4);
        Parameter m = net.parameters().get(9);
        for (int k = 0; k < m.value().length; k++) {
            double num = numericMix(net, m.value(), k, u, i, j, s, reg, sceneReg, attrReg, mixReg);
            if (k / 3 != s || k % 3 == s) {
                assertThat(num).isCloseTo(0.0, tol); // other scenes' rows and the diagonal do not count
            }
            assertThat((double) m.grad()[k]).isCloseTo(num, tol);
        }
        for (int k = 0; k < d.value().length; k++) { // every scene's gate gets gradient through M[s, .]
            assertThat((double) d.grad()[k]).isCloseTo(
                    numericMix(net, d.value(), k, u, i, j, s, reg, sceneReg, attrReg, mixReg), tol);
        }
        for (int t = 0; t < 3; t++) {
            for (int item : new int[] {i, j}) {
                int row = t * net.items + item;
                int slot = c.rowGradient().slot(row);
                assertThat((double) c.rowGradient().values()[slot]).isCloseTo(
                        numericMix(net, c.value(), row, u, i, j, s, reg, sceneReg, attrReg, mixReg), tol);
            }
        }
        Parameter p = net.parameters().get(0);
        int slot = p.rowGradient().slot(u);
        for (int f = 0; f < net.factors; f++) {
            assertThat((double) p.rowGradient().values()[slot * net.factors + f]).isCloseTo(
                    numericMix(net, p.value(), u * net.factors + f, u, i, j, s, reg, sceneReg, attrReg, mixReg), tol);
        }
        // scoreAll agrees with score under mixing
        float[] out = new float[net.items];
        net.scoreAll(net.userFactors(), u * net.factors, s, new float[net.factors], out);
        for (int item = 0; item < net.items; item++) {
            assertThat((double) out[item]).isCloseTo(net.score(u, item, s), Offset.offset(1e-4));
        }
    }

    @Test
    void shrinkageMovesEachScenePartTowardsTheOtherScenesByItsSize() {
        int[] start = {0, 1, 2, 3, 4, 5, 6};
        int[] feat = {0, 1, 0, 1, 0, 1};
        SceneStarNetwork net = new SceneStarNetwork(4, 6, 3, 5, true, false, false, false,
                new ItemAttributes(2, start, feat), false);
        SplittableRandom r = new SplittableRandom(17);
        net.init(r);
        for (Parameter p : net.parameters()) {
            float[] v = p.value();
            for (int k = 0; k < v.length; k++) {
                v[k] += (float) (r.nextDouble() - 0.5);
            }
        }
        float[][] before = new float[net.parameters().size()][];
        for (int k = 0; k < before.length; k++) {
            before[k] = net.parameters().get(k).value().clone();
        }
        long[] n = {900, 100, 0};
        net.shrinkScenes(n, 100);
        // shared rows untouched
        for (int k = 0; k < 3; k++) {
            assertThat(net.parameters().get(k).value()).containsExactly(before[k]);
        }
        float[] d0 = before[3];
        float[] d = net.parameters().get(3).value();
        for (int f = 0; f < 5; f++) {
            // scene 0: w = 0.9, pooled = scene 1 (scene 2 has no triples)
            assertThat((double) d[f]).isCloseTo(0.9 * d0[f] + 0.1 * d0[5 + f], Offset.offset(1e-5));
            // scene 1: w = 0.5, pooled = scene 0
            assertThat((double) d[5 + f]).isCloseTo(0.5 * d0[5 + f] + 0.5 * d0[f], Offset.offset(1e-5));
            // scene 2 (no triples): w = 0, pooled = 0.9 scene 0 + 0.1 scene 1
            assertThat((double) d[10 + f]).isCloseTo(0.9 * d0[f] + 0.1 * d0[5 + f], Offset.offset(1e-5));
        }
        float[] c0 = before[4];
        float[] c = net.parameters().get(4).value();
        for (int i = 0; i < 6; i++) {
            assertThat((double) c[6 + i]).isCloseTo(0.5 * c0[6 + i] + 0.5 * c0[i], Offset.offset(1e-5));
        }
        float[] h0 = before[8];
        float[] h = net.parameters().get(8).value();
        assertThat((double) h[2 + 1]).isCloseTo(0.5 * h0[2 + 1] + 0.5 * h0[1], Offset.offset(1e-5));
    }

    @Test
    void shrinkagePullsTheSparseSceneTowardsTheDenseSceneAndKeepsTheDenseScene() {
        // scene B (150 triples) prefers category c0, scene A (~1150 triples) does not; scene-shrink 0.5
        // (k ~ 325 triples) gives B w ~ 0.32 of its own part, A w ~ 0.78: B's top-10 moves towards A's,
        // A's moves less
        Params p = params.with(Map.of("scene-attributes", "none", "scene-shrink", "0"));
        TrainedModel off = algo.train(data, p, null);
        TrainedModel shrunk = algo.train(data, p.with(Map.of("scene-shrink", "0.5")), null);
        double bOff = c0Share(off, B);
        double bShrunk = c0Share(shrunk, B);
        double aOff = c0Share(off, A);
        double aShrunk = c0Share(shrunk, A);
        assertThat(bShrunk).as("B off %.3f shrunk %.3f, A off %.3f shrunk %.3f", bOff, bShrunk, aOff, aShrunk)
                .isLessThan(bOff - 0.1).isGreaterThan(aShrunk);
        assertThat(Math.abs(aShrunk - aOff)).isLessThan((bOff - bShrunk) / 2); // the dense scene moves less
        // the shared part is the same training, untouched by the shrinkage
        assertThat(((SceneStarModel) shrunk).network().userFactors())
                .containsExactly(((SceneStarModel) off).network().userFactors());
    }

    private static double numericMix(SceneStarNetwork net, float[] v, int k, int u, int i, int j, int s, float reg,
                                     float sceneReg, float attrReg, float mixReg) {
        double eps = 1e-3;
        float old = v[k];
        v[k] = (float) (old + eps);
        double plus = net.loss(u, i, j, s, new SceneStarNetwork.Penalties(reg, sceneReg, sceneReg, attrReg, mixReg));
        v[k] = (float) (old - eps);
        double minus = net.loss(u, i, j, s, new SceneStarNetwork.Penalties(reg, sceneReg, sceneReg, attrReg, mixReg));
        v[k] = old;
        return (plus - minus) / (2 * eps);
    }

    private static double numeric(SceneStarNetwork net, float[] v, int k, double eps, int u, int i, int j, int s,
                                  float reg, float sceneReg, float attrReg) {
        float old = v[k];
        v[k] = (float) (old + eps);
        double plus = net.loss(u, i, j, s, new SceneStarNetwork.Penalties(reg, sceneReg, sceneReg, attrReg, 0f));
        v[k] = (float) (old - eps);
        double minus = net.loss(u, i, j, s, new SceneStarNetwork.Penalties(reg, sceneReg, sceneReg, attrReg, 0f));
        v[k] = old;
        return (plus - minus) / (2 * eps);
    }
}
