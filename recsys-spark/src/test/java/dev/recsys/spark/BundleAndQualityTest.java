package dev.recsys.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.ColumnMapping;
import dev.recsys.mf.internal.ImplicitAlsTrainer;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.spark.internal.FactorNdcg;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distributed iALS quality against single-machine iALS, and its model bundle loaded by the core. */
class BundleAndQualityTest {
    private static final Map<String, String> PARAMS = Map.of("factors", "16", "iterations", "10", "seed", "42");
    private static InteractionMatrix train;
    private static InteractionMatrix test;
    private static SparkInteractions data;
    private static IalsFactors factors;

    @BeforeAll
    static void setUp() {
        var log = SyntheticGenerator.generate(SyntheticConfig.builder().users(1200).items(600).categories(20).brands(8)
                .days(30).meanSessionsPerUser(6).seed(9).build()).dataset().interactions();
        InteractionMatrix all = TestSpark.compact(MatrixBuilder.build(log, MatrixOptions.implicitDefaults()));
        InteractionMatrix[] split = split(all);
        train = split[0];
        test = split[1];
        data = SparkEvents.read(TestSpark.asEvents(train), ColumnMapping.defaults(), MatrixOptions.implicitDefaults());
        factors = DistributedIals.of(PARAMS, 4).train(data, null);
    }

    @Test
    void ndcgAt10MatchesSingleMachineIals() {
        double distributed = FactorNdcg.mean(place(factors.collectUsers(), data.users(), train.rows()),
                place(factors.collectItems(), data.items(), train.cols()), 16, train, test, 10);
        double[] single = new double[2];
        for (int s = 0; s < 2; s++) {
            ImplicitAlsTrainer.Config c = new ImplicitAlsTrainer.Config(16, 10, 0.5f, 30f, true, 3, 0.01f, 1, 42L + s);
            try (ImplicitAlsTrainer t = new ImplicitAlsTrainer(train, c)) {
                t.train(TrainingListener.NONE);
                single[s] = FactorNdcg.mean(t.userFactors(), t.itemFactors(), 16, train, test, 10);
            }
        }
        System.out.printf("ndcg@10 distributed %.5f, single machine %.5f (seed 42) %.5f (seed 43)%n", distributed,
                single[0], single[1]);
        assertThat(distributed).isGreaterThan(0.05);
        // not worse than one machine by more than 0.5% (2026-12-07: 0.10935 vs 0.10842 and 0.10788; the two
        // single-machine seeds differ by 0.5% themselves; from the same initial factors the factors agree to
        // rounding, DistributedIalsTest)
        assertThat(distributed).isGreaterThanOrEqualTo(single[0] * 0.995);
    }

    @Test
    void bundleLoadsIntoTheEngineWithAndWithoutUserFactors(@TempDir Path dir) throws IOException {
        Path with = dir.resolve("with-users");
        ModelBundleExport.write(data, factors, with, true, 16_384);
        RecommenderModel m = ModelFiles.load(with);
        assertThat(m.numUsers()).isEqualTo(data.numUsers());
        assertThat(m.numItems()).isEqualTo(data.numItems());
        assertThat(Files.list(with).count()).isGreaterThan(8);
        FactorModel fm = (FactorModel) m.model();
        float[] users = factors.collectUsers();
        float[] items = factors.collectItems();
        assertThat(fm.itemFactors()).containsExactly(items);
        int u = m.users().indexOf(17L);
        assertThat(u).isEqualTo(idx(data.users(), 17));
        assertThat(fm.userVector(u)).containsExactly(java.util.Arrays.copyOfRange(users, u * 16, u * 16 + 16));
        List<Recommendation> recs = m.recommender().recommend(RecommendRequest.builder(Scene.HOME, 5).user("17").build());
        assertThat(recs).hasSize(5);

        Path without = dir.resolve("without-users");
        ModelBundleExport.write(data, factors, without, false);
        RecommenderModel folded = ModelFiles.load(without);
        assertThat(folded.numUsers()).isZero();
        var engine = folded.recommender();
        engine.record(Event.of("new-user", folded.items().idOf(3), Behavior.PURCHASE, 1_000L));
        engine.record(Event.of("new-user", folded.items().idOf(5), Behavior.VIEW, 1_001L));
        assertThat(engine.recommend(RecommendRequest.builder(Scene.HOME, 5).user("new-user").build())).hasSize(5);

        try (FileChannel ch = FileChannel.open(with.resolve("item-factors-00001"), StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, 40);
            b.flip();
            byte x = b.get();
            ch.write(ByteBuffer.wrap(new byte[] {(byte) (x ^ 1)}), 40);
        }
        assertThatThrownBy(() -> ModelFiles.load(with)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("item-factors-00001").hasMessageContaining("CRC32");
        assertThatThrownBy(() -> ModelBundleExport.write(data, factors, without, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
    }

    @Test
    void importsAnMllibAlsModel(@TempDir Path dir) throws IOException {
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType(
                new org.apache.spark.sql.types.StructField[] {
                        org.apache.spark.sql.types.DataTypes.createStructField("user",
                                org.apache.spark.sql.types.DataTypes.IntegerType, false),
                        org.apache.spark.sql.types.DataTypes.createStructField("item",
                                org.apache.spark.sql.types.DataTypes.IntegerType, false),
                        org.apache.spark.sql.types.DataTypes.createStructField("rating",
                                org.apache.spark.sql.types.DataTypes.FloatType, false)});
        var ratings = TestSpark.session().createDataFrame(data.entries()
                .map(e -> org.apache.spark.sql.RowFactory.create(e.user(), e.item(), e.weight())), schema);
        var als = new org.apache.spark.ml.recommendation.ALS().setImplicitPrefs(true).setRank(8).setMaxIter(5)
                .setAlpha(0.5).setRegParam(0.1)
                .setSeed(1).setUserCol("user").setItemCol("item").setRatingCol("rating");
        var mllib = als.fit(ratings);
        Path saved = dir.resolve("als");
        mllib.save(saved.toString());
        Path bundle = dir.resolve("bundle");
        MllibImport.write(saved.toString(), bundle, 0.5,
                MllibImport.recsysReg(0.1, (double) data.nnz() / data.numUsers()), true);
        RecommenderModel m = ModelFiles.load(bundle);
        FactorModel fm = (FactorModel) m.model();
        assertThat(fm.factors()).isEqualTo(8);
        Row item = mllib.itemFactors().orderBy("id").first();
        int i = m.items().indexOf((long) item.getInt(0));
        List<Float> f = item.getList(1);
        for (int q = 0; q < 8; q++) {
            assertThat(fm.itemFactors()[i * 8 + q]).isEqualTo(f.get(q));
        }
        assertThat(m.recommender().recommend(RecommendRequest.builder(Scene.HOME, 3).user(
                Long.toString(mllib.userFactors().first().getInt(0))).build())).hasSize(3);
        float[] users = new float[data.numUsers() * 8];
        for (Row r : mllib.userFactors().collectAsList()) {
            List<Float> v = r.getList(1);
            for (int q = 0; q < 8; q++) {
                users[r.getInt(0) * 8 + q] = v.get(q);
            }
        }
        float[] items = new float[data.numItems() * 8];
        for (Row r : mllib.itemFactors().collectAsList()) {
            List<Float> v = r.getList(1);
            for (int q = 0; q < 8; q++) {
                items[r.getInt(0) * 8 + q] = v.get(q);
            }
        }
        // exact import: MLlib's regParam with count-scaled regularisation; MLlib computes its users last,
        // from the final item factors, so folding a user's entries in reproduces MLlib's user vector
        Path exact = dir.resolve("exact");
        MllibImport.writeExact(saved.toString(), exact, 0.5, 0.1, false);
        RecommenderModel me = ModelFiles.load(exact);
        assertThat(me.metadata().params().toString()).contains("reg-mode=count");
        FactorModel fe = (FactorModel) me.model();
        Row user = mllib.userFactors().orderBy("id").first();
        int u = user.getInt(0);
        List<dev.recsys.spark.internal.Entry> mine = data.entries().filter(e -> e.user() == u).collect();
        int[] idx = new int[mine.size()];
        float[] w = new float[mine.size()];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = me.items().indexOf((long) mine.get(j).item());
            w[j] = mine.get(j).weight();
        }
        float[] folded = fe.foldIn(idx, w);
        List<Float> expected = user.getList(1);
        float scale = 0;
        for (Float x : expected) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int q = 0; q < 8; q++) {
            assertThat(folded[q]).as("factor %d of user %d folded in against MLlib's", q, u)
                .isCloseTo(expected.get(q), org.assertj.core.data.Offset.offset(2e-3f * scale));
        }
        System.out.printf("ndcg@10 mllib ALS implicitPrefs rank 8, 5 iterations, regParam 0.1: %.5f%n", FactorNdcg.mean(
                place(users, data.users(), train.rows(), 8), place(items, data.items(), train.cols(), 8), 8, train,
                test, 10));
    }

    private static int idx(org.apache.spark.sql.Dataset<Row> dict, long id) {
        return dict.where(dict.col("id").equalTo(id)).first().getInt(1);
    }

    /** Factor rows placed at the row given by their dictionary id (a compact index here); missing rows 0. */
    static float[] place(float[] rows, org.apache.spark.sql.Dataset<Row> dict, int n) {
        return place(rows, dict, n, 16);
    }

    static float[] place(float[] rows, org.apache.spark.sql.Dataset<Row> dict, int n, int k) {
        float[] out = new float[n * k];
        for (Row r : dict.collectAsList()) {
            int id = (int) r.getLong(0);
            int idx = r.getInt(1);
            System.arraycopy(rows, idx * k, out, id * k, k);
        }
        return out;
    }

    /** Every fifth entry (by a hash) of users with at least 5 entries is held out. */
    static InteractionMatrix[] split(InteractionMatrix m) {
        int[] tp = new int[m.rows() + 1];
        int[] sp = new int[m.rows() + 1];
        int[] tc = new int[m.nnz()];
        float[] tv = new float[m.nnz()];
        int[] sc = new int[m.nnz()];
        float[] sv = new float[m.nnz()];
        int nt = 0;
        int ns = 0;
        for (int u = 0; u < m.rows(); u++) {
            for (int p = m.rowPtr()[u]; p < m.rowPtr()[u + 1]; p++) {
                int i = m.colIdx()[p];
                boolean held = m.rowLength(u) >= 5 && Math.floorMod((u * 31 + i) * 0x9E3779B1, 5) == 0;
                if (held) {
                    sc[ns] = i;
                    sv[ns++] = m.values()[p];
                } else {
                    tc[nt] = i;
                    tv[nt++] = m.values()[p];
                }
            }
            tp[u + 1] = nt;
            sp[u + 1] = ns;
        }
        return new InteractionMatrix[] {
                new InteractionMatrix(m.rows(), m.cols(), tp, java.util.Arrays.copyOf(tc, nt), java.util.Arrays.copyOf(tv, nt)),
                new InteractionMatrix(m.rows(), m.cols(), sp, java.util.Arrays.copyOf(sc, ns), java.util.Arrays.copyOf(sv, ns))};
    }
}
