package dev.recsys.bench.mf;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.kernel.SgdKernels;
import dev.recsys.mf.internal.BiasedMfTrainer;
import dev.recsys.mf.internal.PowerLawMatrix;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Biased-MF SGD on one thread: nanoseconds per rating per epoch (the score is per rating thanks to
 * {@code @OperationsPerInvocation}) over a MovieLens-100K-shaped synthetic set (943 x 1682,
 * 100,000 ratings 1..5, power-law item popularity). {@code impl=scalar} is the plain-Java baseline,
 * {@code impl=vector} the Vector API kernels, measured in the same run. {@code epoch} is what
 * training does: a new random user order, then the ratings user by user, two users interleaved
 * ({@code SgdKernels.mfUsers}). {@code pass} repeats the current user order without drawing a new
 * one (training always draws a new order; the two are compared in {@code benchmarks/README.md}).
 * The same-host reference is {@code benchmarks/native/sgd_reference.c} built with {@code -DK=64}
 * and {@code -DK=128}; run with {@code -jvmArgsAppend "--add-modules=jdk.incubator.vector -XX:UseAVX=2"} (and the C file with
 * {@code -mno-avx512f}) for the 256-bit kernels on an AVX-512 host.
 *
 * <p>Thread safety: JMH state, one per benchmark thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class SgdEpochBenchmark {
    static final int RATINGS = 100_000;

    /** Kernel implementation: scalar or vector. */
    @Param({"scalar", "vector"})
    public String impl;

    /** Latent factors: 64, and 128 (biased-mf's default). */
    @Param({"64", "128"})
    public int k;

    private BiasedMfTrainer.Epochs epochs;

    /** Builds the data and a fresh training state. */
    @Setup
    public void setUp() {
        InteractionMatrix m = PowerLawMatrix.generate(943, 1682, RATINGS, 0.8, true, 7L);
        SgdKernels kern = Kernels.createSgd(impl).orElseThrow(
                () -> new IllegalStateException(impl + " SGD kernels unavailable: " + Kernels.unavailableReason(impl)));
        BiasedMfTrainer.Config c = new BiasedMfTrainer.Config(k, 1, 0.005f, 1f, 0.08f, 0.05f, 0.01f, 0, 1, false,
                false, 0.9f, 0.999f, 42L);
        epochs = new BiasedMfTrainer(c, kern).epochs(m);
        if (epochs.ratings() != RATINGS) {
            throw new IllegalStateException("expected " + RATINGS + " ratings, got " + epochs.ratings());
        }
    }

    /** One training epoch (new user order + updates); score = ns per rating. */
    @Benchmark
    @OperationsPerInvocation(RATINGS)
    public double epoch() {
        return epochs.shuffledEpoch();
    }

    /** One pass of updates in the current user order; score = ns per rating. */
    @Benchmark
    @OperationsPerInvocation(RATINGS)
    public double pass() {
        return epochs.pass();
    }
}
