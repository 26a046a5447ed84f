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

/**
 * Reductions: how much faster is the Vector API dot (and sum of squares) than the tuned
 * four-accumulator scalar loop? (Target in {@code benchmarks/README.md}.)
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class DotBenchmark {
    /** Implementation. */
    @Param({"scalar", "vector"})
    public String impl;
    /** Vector length. */
    @Param({"16", "64", "256", "1024"})
    public int n;

    private FloatKernels k;
    private float[] a;
    private float[] b;

    /** Builds the inputs. */
    @Setup
    public void setup() {
        k = Impl.of(impl);
        a = Impl.random(1, n);
        b = Impl.random(2, n);
    }

    /** Dot product, 2n flops. */
    @Benchmark
    public float dot(Gflops f) {
        f.gflops += 2L * n;
        return k.dot(a, 0, b, 0, n);
    }

    /** Sum of squares, 2n flops. */
    @Benchmark
    public float sumSquares(Gflops f) {
        f.gflops += 2L * n;
        return k.sumSquares(a, 0, n);
    }
}
