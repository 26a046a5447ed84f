package dev.recsys.bench.ann;

import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.serving.FactorStorage;
import java.util.Locale;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Exact top-10 of one user over every item (rows x 64), one thread, per item storage: float (the
 * trained factors), int8 (per-row scale) and bf16. Target: int8 time &lt;= 0.4x float in the same
 * run; the storage's bytes are printed at set-up (target: int8 &lt;= 0.3x float).
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Thread)
public class QuantScoringBenchmark {
    /** Item storage. */
    @Param({"float", "int8", "bf16"})
    public String storage;
    /** Item rows. */
    @Param({"100000", "1000000"})
    public int rows;

    private QuantizedFactors q;
    private float[][] users;
    private int next;
    private final int[] topRows = new int[10];
    private final float[] topScores = new float[10];

    /** Builds the inputs. */
    @Setup
    public void setup() {
        float[] f = AnnData.items(rows, 1);
        q = QuantizedFactors.of(FactorStorage.valueOf(storage.toUpperCase(Locale.ROOT)), f, rows, AnnData.DIM, null);
        users = AnnData.users(64, 1);
        System.out.printf("%n%s storage of %d x %d: %.1f MB (float %.1f MB)%n", storage, rows, AnnData.DIM,
                q.factorBytes() / 1e6, 4.0 * rows * AnnData.DIM / 1e6);
    }

    /** Fused scoring and top-10 selection in the storage. */
    @Benchmark
    public void top10(Blackhole bh) {
        float[] u = users[next++ & 63];
        bh.consume(q.topK(u, 0, 10, null, topRows, topScores));
        bh.consume(topRows);
    }
}
