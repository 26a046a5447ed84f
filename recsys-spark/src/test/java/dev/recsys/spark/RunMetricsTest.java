package dev.recsys.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.spark.internal.RunMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The task-metrics listener behind {@code train --metrics}: shuffle bytes of a job, heap samples. */
class RunMetricsTest {
    @Test
    void countsTheShuffleOfAJobAndSamplesTheHeap() throws InterruptedException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        List<Integer> xs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            xs.add(i);
        }
        try (RunMetrics m = RunMetrics.start(sc.sc())) {
            RunMetrics.Snapshot before = m.snapshot();
            long groups = sc.parallelize(xs, 4).mapToPair(i -> new Tuple2<>(i % 97, i)).groupByKey(3).count();
            Thread.sleep(250); // at least one heap sample
            RunMetrics.Snapshot after = m.snapshot();
            assertThat(groups).isEqualTo(97);
            assertThat(after.shuffleWrite() - before.shuffleWrite()).isPositive();
            assertThat(after.shuffleRead()).isEqualTo(after.shuffleWrite());
            assertThat(after.tasks() - before.tasks()).isEqualTo(7); // 4 map tasks, 3 reduce tasks
            assertThat(after.maxHeapUsed()).isPositive();
            assertThat(m.phase()).contains(" s: shuffle written ").contains("JVM heap used at most");
            assertThat(m.phase()).contains("shuffle written 0.0 MB"); // nothing ran since the last phase
            assertThat(m.summary()).contains("live after GC at most");
            m.resetMaxima();
            assertThat(m.snapshot().maxTaskPeakExecution()).isZero();
        }
    }
}
