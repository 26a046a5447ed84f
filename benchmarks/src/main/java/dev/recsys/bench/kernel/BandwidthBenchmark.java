package dev.recsys.bench.kernel;

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
 * Baseline for {@link ScoringBenchmark}: the single-thread read bandwidth, as a plain sum over an
 * int array of the same byte size as the scored matrix (C2 vectorizes integer sum reductions, so
 * the loop is memory-bound). GB/s = bytes / time.
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class BandwidthBenchmark {
    /** Array length in 4-byte words: 1682 x 64 (430 KB) or 100,000 x 64 (25.6 MB). */
    @Param({"107648", "6400000"})
    public int words;

    private int[] data;

    /** Builds the array. */
    @Setup
    public void setup() {
        data = new int[words];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < words; i++) {
            data[i] = rnd.nextInt();
        }
    }

    /** Plain sum of the array. */
    @Benchmark
    public int arraySum() {
        int s = 0;
        for (int v : data) {
            s += v;
        }
        return s;
    }
}
