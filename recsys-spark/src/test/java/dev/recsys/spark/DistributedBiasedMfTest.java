package dev.recsys.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Aggregation;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.ColumnMapping;
import dev.recsys.data.io.SharedData;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.spark.internal.RatingRuns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distributed biased MF (DSGD) in local[2]: determinism, the bundle, and MovieLens 100K against one machine. */
class DistributedBiasedMfTest {
    private static final MatrixOptions RATINGS_MAX = new MatrixOptions(MatrixOptions.ratings().weights(),
            Aggregation.MAX, 0);
    private static InteractionMatrix matrix;
    private static SparkInteractions data;

    @BeforeAll
    static void setUp() {
        matrix = TestSpark.compact(syntheticRatings(300, 200, 8000, 11));
        data = SparkEvents.read(TestSpark.asEvents(matrix), ColumnMapping.defaults(), RATINGS_MAX);
    }

    /** Ratings 1..5 from a rank-4 model plus user and item offsets and noise, at random (user, item) pairs. */
    static InteractionMatrix syntheticRatings(int users, int items, int ratings, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int k = 4;
        double[] p = new double[users * k];
        double[] q = new double[items * k];
        double[] bu = new double[users];
        double[] bi = new double[items];
        for (int j = 0; j < p.length; j++) {
            p[j] = r.nextGaussian() * 0.6;
        }
        for (int j = 0; j < q.length; j++) {
            q[j] = r.nextGaussian() * 0.6;
        }
        for (int u = 0; u < users; u++) {
            bu[u] = r.nextGaussian() * 0.4;
        }
        for (int i = 0; i < items; i++) {
            bi[i] = r.nextGaussian() * 0.5;
        }
        float[][] dense = new float[users][items];
        for (int n = 0; n < ratings; n++) {
            int u = r.nextInt(users);
            int i = r.nextInt(items);
            double v = 3.5 + bu[u] + bi[i] + r.nextGaussian() * 0.5;
            for (int f = 0; f < k; f++) {
                v += p[u * k + f] * q[i * k + f];
            }
            dense[u][i] = (float) Math.max(1, Math.min(5, Math.rint(v)));
        }
        List<Integer> col = new ArrayList<>();
        List<Float> val = new ArrayList<>();
        int[] ptr = new int[users + 1];
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (dense[u][i] != 0f) {
                    col.add(i);
                    val.add(dense[u][i]);
                }
            }
            ptr[u + 1] = col.size();
        }
        int[] c = col.stream().mapToInt(Integer::intValue).toArray();
        float[] v = new float[val.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = val.get(j);
        }
        return new InteractionMatrix(users, items, ptr, c, v);
    }

    @Test
    void sameSeedAndBlocksGiveTheSameBits() {
        Map<String, String> p = Map.of("factors", "8", "epochs", "6", "seed", "3");
        List<Integer> progress = new ArrayList<>();
        BiasedMfFactors a = DistributedBiasedMf.of(p, 3).train(data, (stage, done, total, m) -> progress.add(done));
        BiasedMfFactors b = DistributedBiasedMf.of(p, 3).train(data, null);
        assertThat(progress).isNotEmpty();
        assertThat(a.epochs()).isEqualTo(b.epochs());
        assertThat(a.globalMean()).isEqualTo(b.globalMean());
        assertThat(a.collectUsers()).containsExactly(b.collectUsers());
        assertThat(a.collectItems()).containsExactly(b.collectItems());
        assertThat(a.collectUserBiases()).containsExactly(b.collectUserBiases());
        assertThat(a.collectItemBiases()).containsExactly(b.collectItemBiases());
        assertThat(a.collectItems()).isNotEqualTo(new float[a.collectItems().length]);
        a.unpersist();
        b.unpersist();
    }

    @Test
    void bundleLoadsAsABiasedMfModelPredictingTheTrainedRatings(@TempDir Path dir) throws Exception {
        BiasedMfFactors f = DistributedBiasedMf.of(Map.of("factors", "6", "epochs", "4", "validation-fraction", "0",
                "seed", "5"), 2).train(data, null);
        ModelBundleExport.write(data, f, dir.resolve("bundle"), true, 8192);
        RecommenderModel loaded = ModelFiles.load(dir.resolve("bundle"));
        assertThat(loaded.model().algorithm()).isEqualTo("biased-mf");
        assertThat(loaded.model().predictsRatings()).isTrue();
        assertThat(loaded.numUsers()).isEqualTo(matrix.rows());
        assertThat(loaded.numItems()).isEqualTo(matrix.cols());
        float[] bu = f.collectUserBiases();
        float[] bi = f.collectItemBiases();
        float[] p = f.collectUsers();
        float[] q = f.collectItems();
        int k = f.factors();
        for (int u = 0; u < matrix.rows(); u += 7) {
            for (int i = 0; i < matrix.cols(); i += 5) {
                double[] one = RatingRuns.rmse(f.globalMean(), bu, bi, p, q, k, f.minRating(), f.maxRating(),
                        new int[] {u}, new int[] {i}, new float[] {0f});
                int lu = loaded.users().indexOf((long) u);
                int li = loaded.items().indexOf((long) i);
                assertThat((double) loaded.model().predict(lu, li)).isCloseTo(one[0], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
        f.unpersist();
        // without user factors the bundle has no users (folded in on request) and still loads
        ModelBundleExport.write(data, f, dir.resolve("items-only"), false);
        assertThat(ModelFiles.load(dir.resolve("items-only")).numUsers()).isZero();
    }

    @Test
    void refusesAdam() {
        assertThatThrownBy(() -> DistributedBiasedMf.of(Map.of("optimizer", "adam"), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optimizer");
    }

    /**
     * MovieLens 100K u1.base / u1.test with the {@code biased-mf} defaults (early stopping, refit)
     * except k = 64 and at most 40 epochs to keep the run short (the defaults run about 220 epochs;
     * the five folds with the defaults are in the README, from {@code SparkMain compare-mf}): the
     * distributed RMSE within 0.5 % of the single machine's with the same parameters and seed.
     */
    @Test
    void movieLensU1RmseWithinHalfAPercentOfOneMachine() {
        Optional<Path> base = SharedData.file("ml-100k/u1.base");
        Assumptions.assumeTrue(base.isPresent(),
                "MovieLens 100K not found (../shared/data/ml-100k): skipping the distributed biased-mf RMSE test");
        Path dir = base.get().getParent();
        var spark = TestSpark.session();
        ColumnMapping mapping = ColumnMapping.parse(SparkMain.MOVIELENS_COLUMNS);
        SparkInteractions train = SparkEvents.read(SparkMain.movieLens(spark, dir.resolve("u1.base").toString()),
                mapping, MatrixOptions.ratings());
        SparkInteractions test = SparkEvents.read(SparkMain.movieLens(spark, dir.resolve("u1.test").toString()),
                mapping, MatrixOptions.ratings());
        DistributedBiasedMf dist = DistributedBiasedMf.of(Map.of("factors", "64", "epochs", "40", "seed", "42"),
                2);
        MfComparison c = MfComparison.run(spark, train, test, dist, 2);
        System.out.printf("ml-100k u1 biased-mf k=64 epochs<=40: distributed (2 blocks) RMSE %.4f, %d epochs, %.3f s/epoch;"
                        + " single machine RMSE %.4f, %d epochs, %.3f s/epoch%n", c.distributedRmse(),
                c.distributedEpochs(), c.distributedSecondsPerEpoch(), c.singleRmse(), c.singleEpochs(),
                c.singleSecondsPerEpoch());
        assertThat(c.rated()).isGreaterThan(19_000);
        assertThat(c.singleRmse()).isLessThan(0.93);
        assertThat(Math.abs(c.distributedRmse() / c.singleRmse() - 1)).isLessThan(0.005);
        c.factors().unpersist();
    }
}
