package dev.recsys.bench.kernel;

import dev.recsys.internal.kernel.FloatKernels;
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
 * Serving: one user vector against every item row (rows x 64), all scores materialised, and fused
 * with top-10 selection, one thread (target and results in {@code benchmarks/README.md}). The
 * matrix (25.6 MB at 100k rows) is the same size as {@link BandwidthBenchmark}'s array, so
 * bandwidth time / score time is the fraction of the measured read bandwidth reached.
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class ScoringBenchmark {
    static final int DIM = 64;

    /** Implementation (jblas delegates scoring to the vector kernels). */
    @Param({"scalar", "vector"})
    public String impl;
    /** Item rows: MovieLens 100k's 1682 items, or 100,000. */
    @Param({"1682", "100000"})
    public int rows;

    private FloatKernels k;
    private float[] items;
    private float[] user;
    private float[] scores;
    private final int[] topRows = new int[10];
    private final float[] topScores = new float[10];

    /** Builds the inputs. */
    @Setup
    public void setup() {
        k = Impl.of(impl);
        items = Impl.random(1, rows * DIM);
        user = Impl.random(2, DIM);
        scores = new float[rows];
    }

    /** All scores into an array. */
    @Benchmark
    public float[] scoreAll() {
        k.scoreRows(items, rows, DIM, user, 0, scores, 0);
        return scores;
    }

    /** Fused scoring and top-10 selection. */
    @Benchmark
    public void scoreTop10(Blackhole bh) {
        bh.consume(k.scoreTopK(items, 0, rows, DIM, user, 0, 10, null, topRows, topScores));
        bh.consume(topRows);
    }
}
