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
 * Element-wise updates: axpy and scale at factor sizes. (The scalar loops are simple enough for
 * C2's auto-vectorizer, so the gap is smaller than for reductions.)
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class AxpyBenchmark {
    /** Implementation. */
    @Param({"scalar", "vector"})
    public String impl;
    /** Vector length. */
    @Param({"16", "64", "256"})
    public int n;

    private FloatKernels k;
    private float[] x;
    private float[] y;
    private float alpha = 1e-3f;

    /** Builds the inputs. */
    @Setup
    public void setup() {
        k = Impl.of(impl);
        x = Impl.random(1, n);
        y = Impl.random(2, n);
    }

    /** y += alpha x, 2n flops. */
    @Benchmark
    public float[] axpy(Gflops f) {
        f.gflops += 2L * n;
        k.axpy(n, alpha, x, 0, y, 0);
        return y;
    }

    /** x *= alpha (alternating alpha and 1/alpha keeps values bounded), n flops. */
    @Benchmark
    public float[] scale(Gflops f) {
        f.gflops += n;
        alpha = 1f / alpha;
        k.scale(n, alpha, x, 0);
        return x;
    }
}
