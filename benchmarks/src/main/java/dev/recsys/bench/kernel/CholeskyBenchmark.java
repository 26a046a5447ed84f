package dev.recsys.bench.kernel;

import dev.recsys.internal.linalg.Spd;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_FDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
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
 * The ALS normal-equation solve (k x k SPD, one right-hand side) as ALS, implicit ALS and fold-in
 * run it ({@link Spd#solveRidged}: copy kept for the ridge retry, factor, solve; on the active
 * kernels, vector in these forks) against EJML's float Cholesky solver. The n x n inverse of EASE
 * is {@code dev.recsys.bench.mf.EaseInverseBenchmark}.
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class CholeskyBenchmark {
    /** Matrix order. */
    @Param({"16", "64", "256"})
    public int k;

    private float[] spd;
    private float[] rhs;
    private float[] work;
    private float[] copy;
    private float[] x;
    private FMatrixRMaj ejmlA;
    private FMatrixRMaj ejmlB;
    private FMatrixRMaj ejmlX;
    private LinearSolverDense<FMatrixRMaj> ejml;

    /** Builds a random SPD matrix Y^T Y / k + 0.1 I. */
    @Setup
    public void setup() {
        float[] y = Impl.random(1, k * k);
        spd = new float[k * k];
        dev.recsys.internal.kernel.Kernels.get().syrk(k, k, 1f / k, y, 0, k, 0f, spd, 0, k);
        for (int i = 0; i < k; i++) {
            spd[i * k + i] += 0.1f;
        }
        rhs = Impl.random(2, k);
        work = new float[k * k];
        copy = new float[k * k];
        x = new float[k];
        ejmlA = new FMatrixRMaj(k, k);
        ejmlB = new FMatrixRMaj(k, 1);
        ejmlX = new FMatrixRMaj(k, 1);
        ejml = LinearSolverFactory_FDRM.chol(k);
    }

    /** The models' solve: copy the system in, {@link Spd#solveRidged} (factor in place, solve). */
    @Benchmark
    public float[] recsys() {
        System.arraycopy(spd, 0, work, 0, work.length);
        System.arraycopy(rhs, 0, x, 0, k);
        Spd.solveRidged(work, copy, k, x);
        return x;
    }

    /** EJML: copy, setA (factor), solve. */
    @Benchmark
    public FMatrixRMaj ejml() {
        System.arraycopy(spd, 0, ejmlA.data, 0, spd.length);
        System.arraycopy(rhs, 0, ejmlB.data, 0, k);
        if (!ejml.setA(ejmlA)) {
            throw new IllegalStateException("not SPD");
        }
        ejml.solve(ejmlB, ejmlX);
        return ejmlX;
    }
}
