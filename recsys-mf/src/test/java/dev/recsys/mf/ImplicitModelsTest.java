package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.api.Scene;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ials, bpr and ease on clustered implicit data. */
class ImplicitModelsTest {
    private static final int USERS = 200;
    private static final int ITEMS = 100;
    private static final int CLUSTERS = 4;
    private static TrainingData data;

    @BeforeAll
    static void setUp() {
        data = Synthetic.implicit(USERS, ITEMS, CLUSTERS, 20, 11);
    }

    static TrainedModel train(Algorithm a, Map<String, String> p) {
        return a.train(data, Params.parse(a.params(), p), TrainingListener.NONE);
    }

    static float[] values(InteractionMatrix m, int u) {
        return Arrays.copyOfRange(m.values(), m.rowPtr()[u], m.rowPtr()[u + 1]);
    }

    /** Fraction of each user's top-10 unseen items that lie in the user's own cluster block. */
    static double inClusterPrecision(TrainedModel m) {
        InteractionMatrix hist = data.matrix();
        int block = ITEMS / CLUSTERS;
        float[] s = new float[m.numItems()];
        int good = 0;
        int total = 0;
        for (int u = 0; u < USERS; u++) {
            assertThat(m.score(Query.ofUser(u, hist.rowColumns(u), values(hist, u), Scene.HOME), s)).isTrue();
            for (int it : hist.rowColumns(u)) {
                s[it] = Float.NEGATIVE_INFINITY;
            }
            for (int it : Harness.top(s, 10)) {
                good += it / block == u % CLUSTERS ? 1 : 0;
                total++;
            }
        }
        return (double) good / total;
    }

    @Test
    void everyModelRecommendsFromTheUsersCluster() {
        assertThat(inClusterPrecision(train(new ImplicitAls(), Map.of("factors", "8", "reg", "1"))))
                .as("ials cg").isGreaterThan(0.9);
        assertThat(inClusterPrecision(train(new ImplicitAls(), Map.of("factors", "8", "reg", "1", "solver", "cholesky"))))
                .as("ials cholesky").isGreaterThan(0.9);
        assertThat(inClusterPrecision(train(new Bpr(), Map.of("factors", "8", "epochs", "30"))))
                .as("bpr uniform").isGreaterThan(0.9);
        assertThat(inClusterPrecision(train(new Bpr(), Map.of("factors", "8", "epochs", "30", "sampling", "popularity"))))
                .as("bpr popularity").isGreaterThan(0.9);
        assertThat(inClusterPrecision(train(new Ease(), Map.of("lambda", "10")))).as("ease").isGreaterThan(0.9);
    }

    @Test
    void ialsFoldInEqualsTheFullSolveForThatUser() {
        // Cholesky training ends with a user pass against the final item factors: the fold-in
        // (closed-form solve from the user's events with the same item factors) must reproduce it.
        ImplicitFactorModel m = (ImplicitFactorModel) train(new ImplicitAls(),
                Map.of("factors", "16", "solver", "cholesky", "iterations", "5", "threads", "2"));
        InteractionMatrix hist = data.matrix();
        double worst = 0;
        for (int u = 0; u < USERS; u++) {
            float[] folded = m.foldIn(hist.rowColumns(u), values(hist, u));
            float[] trained = m.userVector(u);
            for (int f = 0; f < folded.length; f++) {
                worst = Math.max(worst, Math.abs(folded[f] - trained[f]) / (1e-3 + Math.abs(trained[f])));
                assertThat(folded[f]).isCloseTo(trained[f], within(1e-5f + 1e-4f * Math.abs(trained[f])));
            }
        }
        assertThat(worst).isLessThan(1e-3);
    }

    @Test
    void ialsConjugateGradientVectorsApproachTheExactSolve() {
        ImplicitFactorModel m = (ImplicitFactorModel) train(new ImplicitAls(),
                Map.of("factors", "16", "iterations", "15", "cg-steps", "3"));
        InteractionMatrix hist = data.matrix();
        double num = 0;
        double den = 0;
        for (int u = 0; u < USERS; u++) {
            float[] exact = m.foldIn(hist.rowColumns(u), values(hist, u));
            float[] cg = m.userVector(u);
            for (int f = 0; f < exact.length; f++) {
                num += (exact[f] - cg[f]) * (exact[f] - cg[f]);
                den += exact[f] * exact[f];
            }
        }
        assertThat(Math.sqrt(num / den)).isLessThan(0.05);
    }

    @Test
    void ialsIsIdenticalWhateverTheThreadCount() {
        for (String solver : new String[] {"cg", "cholesky"}) {
            Map<String, String> p = new HashMap<>(Map.of("factors", "8", "iterations", "4", "solver", solver));
            p.put("threads", "1");
            byte[] one = MemoryModelIo.bytes(train(new ImplicitAls(), p));
            p.put("threads", "2");
            byte[] two = MemoryModelIo.bytes(train(new ImplicitAls(), p));
            p.put("threads", "5");
            byte[] five = MemoryModelIo.bytes(train(new ImplicitAls(), p));
            assertThat(two).as(solver).isEqualTo(one);
            assertThat(five).as(solver).isEqualTo(one);
        }
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        Object[][] cases = {
            {new ImplicitAls(), Map.of("factors", "8", "iterations", "3")},
            {new Bpr(), Map.of("factors", "8", "epochs", "3")},
            {new Bpr(), Map.of("factors", "8", "epochs", "3", "sampling", "popularity")},
        };
        for (Object[] c : cases) {
            Algorithm a = (Algorithm) c[0];
            Map<String, String> p = (Map<String, String>) c[1];
            byte[] one = MemoryModelIo.bytes(train(a, p));
            assertThat(MemoryModelIo.bytes(train(a, p))).as(a.name()).isEqualTo(one);
            Map<String, String> other = new HashMap<>(p);
            other.put("seed", "99");
            assertThat(MemoryModelIo.bytes(train(a, other))).as(a.name()).isNotEqualTo(one);
        }
        assertThat(MemoryModelIo.bytes(train(new Ease(), Map.of("threads", "1"))))
                .isEqualTo(MemoryModelIo.bytes(train(new Ease(), Map.of("threads", "2"))));
    }

    @Test
    void foldInForAnUnknownUserRecommendsTheirCluster() {
        InteractionMatrix hist = data.matrix();
        int block = ITEMS / CLUSTERS;
        for (TrainedModel m : new TrainedModel[] {
            train(new ImplicitAls(), Map.of("factors", "8", "reg", "1")),
            train(new Bpr(), Map.of("factors", "8", "epochs", "30")),
            train(new Ease(), Map.of("lambda", "10"))}) {
            // a new user who viewed five items of cluster 2
            int[] items = {2 * block + 1, 2 * block + 3, 2 * block + 5, 2 * block + 7, 2 * block + 9};
            float[] w = {1, 1, 1, 1, 5};
            float[] s = new float[m.numItems()];
            assertThat(m.score(new Query(-1, items, w, -1, null, Scene.HOME), s)).as(m.algorithm()).isTrue();
            for (int it : items) {
                s[it] = Float.NEGATIVE_INFINITY;
            }
            int good = 0;
            for (int it : Harness.top(s, 10)) {
                good += it / block == 2 ? 1 : 0;
            }
            assertThat(good).as(m.algorithm()).isGreaterThanOrEqualTo(9);
            if (m instanceof FactorModel f) {
                float[] a = f.foldIn(items, w);
                float[] b = f.foldIn(items, w);
                assertThat(a).as("fold-in is deterministic").isEqualTo(b);
            }
        }
        assertThat(hist.rows()).isEqualTo(USERS);
    }

    @Test
    void foldInValidatesItsInput() {
        FactorModel m = (FactorModel) train(new ImplicitAls(), Map.of("factors", "4", "iterations", "1"));
        assertThatThrownBy(() -> m.foldIn(new int[] {ITEMS}, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("items[0]");
        assertThatThrownBy(() -> m.foldIn(new int[] {1}, new float[] {Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[0]");
        assertThatThrownBy(() -> m.foldIn(new int[] {1, 2}, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights");
        assertThatThrownBy(() -> m.userVector(USERS)).isInstanceOf(IllegalArgumentException.class);
        // duplicates are summed: the same as one entry with the summed weight
        assertThat(m.foldIn(new int[] {3, 3}, new float[] {1, 2})).isEqualTo(m.foldIn(new int[] {3}, new float[] {3}));
    }

    @Test
    void easeRejectsCataloguesAboveMaxItems() {
        assertThatThrownBy(() -> train(new Ease(), Map.of("max-items", "50")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100 items").hasMessageContaining("max-items=50");
    }

    @Test
    void easeWeightsMatchADoublePrecisionReference() {
        EaseModel m = (EaseModel) train(new Ease(), Map.of("lambda", "20"));
        InteractionMatrix x = data.matrix();
        int n = ITEMS;
        double[][] g = new double[n][n];
        for (int u = 0; u < x.rows(); u++) {
            int[] row = x.rowColumns(u);
            for (int a : row) {
                for (int b : row) {
                    g[a][b] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i][i] += 20;
        }
        double[][] p = invert(g);
        for (int i = 0; i < n; i += 7) {
            for (int j = 0; j < n; j += 5) {
                double expected = i == j ? 0 : -p[i][j] / p[j][j];
                assertThat((double) m.weight(i, j)).isCloseTo(expected, within(1e-4 + 1e-3 * Math.abs(expected)));
            }
        }
    }

    /** Gauss-Jordan with partial pivoting in double. */
    static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            double d = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, out[i], 0, n);
        }
        return out;
    }

    @Test
    void aDivergingBprLearningRateIsAnErrorNotANanModel() {
        assertThatThrownBy(() -> train(new Bpr(), Map.of("factors", "8", "epochs", "20",
                        "learning-rate", "10", "lr-decay", "1", "reg", "0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bpr SGD training diverged");
    }
}
