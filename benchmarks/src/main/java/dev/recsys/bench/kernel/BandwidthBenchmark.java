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
 * Baseline for {@link ScoringBenchmark}: the single-thread read bandwidth over an array of the same
 * byte size as the scored matrix, as a plain Java sum over an int array (which C2 vectorizes) and
 * as the Vector API sum of squares over a float array (the fastest streaming read we have).
 * GB/s = bytes / time.
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
    private float[] floats;
    private dev.recsys.internal.kernel.FloatKernels vector;

    /** Builds the array. */
    @Setup
    public void setup() {
        data = new int[words];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < words; i++) {
            data[i] = rnd.nextInt();
        }
        floats = Impl.random(2, words);
        vector = Impl.of("vector");
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

    /** Vector API sum of squares of a float array of the same size. */
    @Benchmark
    public float vectorSumSquares() {
        return vector.sumSquares(floats, 0, words);
    }
}
