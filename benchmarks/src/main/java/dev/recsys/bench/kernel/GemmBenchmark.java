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
 * Square sgemm C = A B on one thread: the packed Vector API micro-kernel against jblas's bundled
 * OpenBLAS (SSE3 kernels) and the scalar loop (targets, and the same host's OpenBLAS reference
 * {@code ../shared/peers/sgemm_bench.c}, in {@code benchmarks/README.md}).
 * {@code -p impl=vector,vector[8x32]} compares the preferred micro-tile with a forced one (the
 * names are {@code MRxNR} in floats, listed in the error for an unknown one).
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class GemmBenchmark {
    /** Implementation. */
    @Param({"scalar", "vector", "jblas"})
    public String impl;
    /** Matrix order. */
    @Param({"64", "256", "512", "1024"})
    public int n;

    private FloatKernels k;
    private float[] a;
    private float[] b;
    private float[] c;

    /** Builds the inputs. */
    @Setup
    public void setup() {
        k = Impl.of(impl);
        a = Impl.random(1, n * n);
        b = Impl.random(2, n * n);
        c = new float[n * n];
    }

    /** C = A B, 2 n^3 flops. */
    @Benchmark
    public float[] gemm(Gflops f) {
        f.gflops += 2L * n * n * n;
        k.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        return c;
    }
}
