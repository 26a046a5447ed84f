package dev.recsys.bench.ann;

import dev.recsys.internal.ann.HnswIndex;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.serving.FactorStorage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building the HNSW graph over rows x 64 item factors (Lucene's builder, M 16, beam 100, one
 * thread), one shot per iteration: the "index build time for 1M items" figure.
 *
 * <p>Thread safety: JMH state.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class HnswBuildBenchmark {
    /** Item rows. */
    @Param({"100000", "1000000"})
    public int rows;

    private float[] items;

    /** Generates the factors. */
    @Setup
    public void setup() {
        items = AnnData.items(rows, 1);
    }

    /** One build. */
    @Benchmark
    public HnswIndex build() {
        return HnswIndex.build(QuantizedFactors.of(FactorStorage.FLOAT, items, rows, AnnData.DIM, null), 16, 100, 42, null);
    }
}
