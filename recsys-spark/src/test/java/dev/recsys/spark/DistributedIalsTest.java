package dev.recsys.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.ColumnMapping;
import dev.recsys.mf.internal.ImplicitAlsTrainer;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Distributed iALS against the single-machine trainer, in local[2]. */
class DistributedIalsTest {
    private static InteractionMatrix matrix;
    private static SparkInteractions data;

    @BeforeAll
    static void setUp() {
        var log = SyntheticGenerator.generate(SyntheticConfig.builder().users(400).items(300).categories(12).brands(5)
                .days(20).meanSessionsPerUser(4).seed(5).build()).dataset().interactions();
        matrix = TestSpark.compact(MatrixBuilder.build(log, MatrixOptions.implicitDefaults()));
        data = SparkEvents.read(TestSpark.asEvents(matrix), ColumnMapping.defaults(), MatrixOptions.implicitDefaults());
    }

    @Test
    void readsTheMatrixWithTheSameIndices() {
        assertThat(data.numUsers()).isEqualTo(matrix.rows());
        assertThat(data.numItems()).isEqualTo(matrix.cols());
        assertThat(data.nnz()).isEqualTo(matrix.nnz());
        List<dev.recsys.spark.internal.Entry> entries = data.entries().collect();
        for (var e : entries) {
            assertThat(e.weight()).isEqualTo(matrix.get(e.user(), e.item()));
        }
    }

    @Test
    void fromTheSameInitialFactorsGivesTheSingleMachineModel() {
        for (String variant : List.of("cg", "cholesky", "cg count", "cholesky count")) {
            String solver = variant.split(" ")[0];
            boolean count = variant.endsWith("count");
            // count-scaled reg (weighted lambda): reg 0.3 per entry
            ImplicitAlsTrainer.Config c = new ImplicitAlsTrainer.Config(8, 3, 0.5f, count ? 0.3f : 3f,
                    solver.equals("cg"), 3, 0.01f, 1, 7L, count);
            float[] x0;
            float[] y0;
            float[] x;
            float[] y;
            try (ImplicitAlsTrainer t = new ImplicitAlsTrainer(matrix, c)) {
                x0 = t.userFactors().clone();
                y0 = t.itemFactors().clone();
                t.train(dev.recsys.spi.TrainingListener.NONE);
                x = t.userFactors();
                y = t.itemFactors();
            }
            DistributedIals d = DistributedIals.of(Map.of("factors", "8", "iterations", "3", "alpha", "0.5",
                    "reg", count ? "0.3" : "3", "reg-mode", count ? "count" : "fixed", "solver", solver, "seed", "7"), 3);
            List<Integer> progress = new ArrayList<>();
            IalsFactors f = d.train(data, (stage, done, total, m) -> progress.add(done), x0, y0);
            assertThat(progress).containsExactly(1, 2, 3);
            assertClose(f.collectUsers(), x, variant + " users");
            assertClose(f.collectItems(), y, variant + " items");
            f.unpersist();
        }
    }

    @Test
    void sameSeedAndBlocksGiveTheSameBits() {
        Map<String, String> p = Map.of("factors", "6", "iterations", "2", "seed", "3");
        IalsFactors a = DistributedIals.of(p, 3).train(data, null);
        IalsFactors b = DistributedIals.of(p, 3).train(data, null);
        assertThat(a.collectItems()).containsExactly(b.collectItems());
        assertThat(a.collectUsers()).containsExactly(b.collectUsers());
        a.unpersist();
        b.unpersist();
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double maxDiff = 0;
        double maxAbs = 0;
        for (int q = 0; q < actual.length; q++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[q] - expected[q]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[q]));
        }
        assertThat(maxDiff).as(what + ": largest difference, largest value " + maxAbs).isLessThan(1e-3 * maxAbs);
    }
}
