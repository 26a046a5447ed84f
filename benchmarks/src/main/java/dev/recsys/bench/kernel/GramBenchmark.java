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
 * The Gram matrices of ALS: the full Y^T Y over 20,000 item rows (syrk, through gemm), and the
 * per-user weighted update G += sum_j w_j y_j y_j^T over 100 gathered rows (gramUpdate, Java only).
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class GramBenchmark {
    private static final int ITEMS = 20_000;
    private static final int USER_ITEMS = 100;

    /** Implementation (jblas uses native gemm for syrk; gramUpdate is Java in every one). */
    @Param({"scalar", "vector", "jblas"})
    public String impl;
    /** Factor dimension. */
    @Param({"16", "64", "256"})
    public int k;

    private FloatKernels kern;
    private float[] y;
    private float[] g;
    private int[] rows;
    private float[] w;

    /** Builds the inputs. */
    @Setup
    public void setup() {
        kern = Impl.of(impl);
        y = Impl.random(1, ITEMS * k);
        g = new float[k * k];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        rows = new int[USER_ITEMS];
        w = new float[USER_ITEMS];
        for (int j = 0; j < USER_ITEMS; j++) {
            rows[j] = rnd.nextInt(ITEMS);
            w[j] = (float) rnd.nextDouble(0, 40);
        }
    }

    /** G = Y^T Y, 2 n k^2 flops (computed in full, both triangles). */
    @Benchmark
    public float[] syrk(Gflops f) {
        f.gflops += 2L * ITEMS * k * k;
        kern.syrk(ITEMS, k, 1f, y, 0, k, 0f, g, 0, k);
        return g;
    }

    /** G += sum_j w_j y_j y_j^T over 100 rows, 2 * 100 * k^2 flops. */
    @Benchmark
    public float[] gramUpdate(Gflops f) {
        f.gflops += 2L * USER_ITEMS * k * k;
        kern.gramUpdate(k, USER_ITEMS, y, 0, k, rows, 0, w, 0, g, 0, k);
        return g;
    }
}
