package dev.recsys.bench.mf;

import dev.recsys.internal.linalg.Spd;
import dev.recsys.internal.parallel.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * EASE's dense step: the in-place inverse of an n x n SPD float matrix ({@link Spd#invertInPlace},
 * blocked Cholesky, triangular inverse and product, on {@code threads} threads), the code
 * {@code ease} runs on its item Gram matrix. One invocation per measurement (seconds at these
 * sizes); the matrix is rebuilt before each. The reference beside it is
 * {@code scripts/ease-inverse-reference.py} (numpy {@code inv} and the Cholesky-based inverse on
 * the same kind of matrix, OpenBLAS on the same threads). An SPD inverse costs about n^3 flops:
 * GFLOP/s = n^3 / 1e9 / seconds.
 *
 * <pre>
 * java -Xmx8g -jar benchmarks/target/benchmarks.jar EaseInverseBenchmark -p n=4000,17632
 * </pre>
 *
 * <p>Thread safety: JMH state, one per benchmark thread (run with one).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@State(Scope.Thread)
public class EaseInverseBenchmark {
    /** Matrix order (17,632: the catalogue of the EASE target). */
    @Param({"4000", "17632"})
    public int n;
    /** Threads (0: all processors). */
    @Param({"0"})
    public int threads;

    private float[] seed;
    private float[] a;
    private Parallel par;

    /**
     * Builds the matrix once: symmetric, off the diagonal {@code (R + R^T) / 2} with R uniform in
     * [-1, 1), n on the diagonal (positive definite by Gershgorin), as the reference script does.
     */
    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(1);
        seed = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                seed[i * n + j] = (float) (rnd.nextDouble() * 2 - 1);
            }
        }
        for (int i = 0; i < n; i++) {
            seed[i * n + i] = n;
            for (int j = 0; j < i; j++) {
                float v = 0.5f * (seed[i * n + j] + seed[j * n + i]);
                seed[i * n + j] = v;
                seed[j * n + i] = v;
            }
        }
        a = new float[n * n];
        par = new Parallel(threads);
    }

    /** Restores the matrix before each inversion. */
    @Setup(Level.Invocation)
    public void restore() {
        System.arraycopy(seed, 0, a, 0, a.length);
    }

    /** The inverse in place. */
    @Benchmark
    public float[] invert() {
        if (!Spd.invertInPlace(a, n, par, null)) {
            throw new IllegalStateException("not SPD");
        }
        return a;
    }
}
