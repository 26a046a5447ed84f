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
 * Matrix-vector product y = A x with a k x k matrix (the ALS Y^T Y times a vector), in the three
 * implementations (jblas calls native sgemv from 64 x 64 on).
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class GemvBenchmark {
    /** Implementation. */
    @Param({"scalar", "vector", "jblas"})
    public String impl;
    /** Matrix order. */
    @Param({"16", "64", "256"})
    public int k;

    private FloatKernels kern;
    private float[] a;
    private float[] x;
    private float[] y;

    /** Builds the inputs. */
    @Setup
    public void setup() {
        kern = Impl.of(impl);
        a = Impl.random(1, k * k);
        x = Impl.random(2, k);
        y = new float[k];
    }

    /** y = A x, 2 k^2 flops. */
    @Benchmark
    public float[] gemv(Gflops f) {
        f.gflops += 2L * k * k;
        kern.gemv(false, k, k, 1f, a, 0, k, x, 0, 0f, y, 0);
        return y;
    }
}
