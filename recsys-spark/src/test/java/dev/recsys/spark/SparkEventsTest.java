package dev.recsys.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Interactions;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.ColumnMapping;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.InteractionLoader;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark input against the core CSV loader and matrix builder on the same file. */
class SparkEventsTest {
    @Test
    void sameEntriesAsTheCoreLoaderWithTheSameMappingAndWeights(@TempDir Path dir) {
        Path events = dir.resolve("events.csv");
        SyntheticGenerator.generate(SyntheticConfig.builder().users(150).items(100).categories(10).brands(4).days(10)
                .meanSessionsPerUser(3).seed(2).build()).writeCsv(events, dir.resolve("items.csv"));
        ColumnMapping mapping = ColumnMapping.parse("user=user,item=item,behavior=behavior,value=value?,"
                + "time=timestamp,behavior-weights=view:1,cart:4,purchase:7");
        MatrixOptions options = mapping.matrixOptions(MatrixOptions.implicitDefaults());
        for (MatrixOptions o : new MatrixOptions[] {options, options.withAggregation(dev.recsys.data.Aggregation.MAX)}) {
            Interactions log = InteractionLoader.load(events, DataFormat.CSV).dataset().interactions();
            InteractionMatrix m = MatrixBuilder.build(log, o);
            Dataset<Row> df = TestSpark.session().read().option("header", "true").csv(events.toString());
            SparkInteractions data = SparkEvents.read(df, mapping, o);
            Map<String, Integer> users = new HashMap<>();
            Map<String, Integer> items = new HashMap<>();
            for (Row r : data.users().collectAsList()) {
                users.put(r.getString(0), r.getInt(1));
            }
            for (Row r : data.items().collectAsList()) {
                items.put(r.getString(0), r.getInt(1));
            }
            Map<Long, Float> spark = new HashMap<>();
            for (var e : data.entries().collect()) {
                spark.put((long) e.user() << 32 | e.item(), e.weight());
            }
            assertThat(data.nnz()).isEqualTo(m.nnz());
            for (int u = 0; u < m.rows(); u++) {
                for (int p = m.rowPtr()[u]; p < m.rowPtr()[u + 1]; p++) {
                    int su = users.get(log.users().idOf(u));
                    int si = items.get(log.items().idOf(m.colIdx()[p]));
                    assertThat(spark.get((long) su << 32 | si)).isCloseTo(m.values()[p],
                            org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        }
    }

    @Test
    void namesTheMissingColumn() {
        Dataset<Row> df = TestSpark.session().sql("select 1 as visitor, 2 as sku, 'view' as behavior");
        assertThatThrownBy(() -> SparkEvents.read(df, ColumnMapping.defaults(), MatrixOptions.implicitDefaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user column 'user'");
        assertThatThrownBy(() -> SparkEvents.read(df, ColumnMapping.parse("user=visitor,item=sku,behavior=behavior"),
                MatrixOptions.implicitDefaults().withHalfLife(3600)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("half-life");
    }
}
