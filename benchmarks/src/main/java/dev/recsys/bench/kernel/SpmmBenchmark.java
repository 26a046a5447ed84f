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
 * Sparse x dense: a 943 x 1682 CSR matrix with 100,000 entries (the shape of MovieLens 100k,
 * random positions) times a 1682 x k dense factor matrix, and the transposed product.
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class SpmmBenchmark {
    private static final int USERS = 943;
    private static final int ITEMS = 1682;
    private static final int NNZ = 100_000;

    /** Implementation (jblas delegates to the vector kernels here). */
    @Param({"scalar", "vector"})
    public String impl;
    /** Dense columns. */
    @Param({"16", "64", "256"})
    public int k;

    private FloatKernels kern;
    private int[] rowPtr;
    private int[] colIdx;
    private float[] values;
    private float[] items;
    private float[] users;
    private float[] usersOut;
    private float[] itemsOut;

    /** Builds a random CSR matrix with sorted, distinct columns per row. */
    @Setup
    public void setup() {
        kern = Impl.of(impl);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
        boolean[] mark = new boolean[USERS * ITEMS];
        int placed = 0;
        while (placed < NNZ) {
            int p = rnd.nextInt(mark.length);
            if (!mark[p]) {
                mark[p] = true;
                placed++;
            }
        }
        rowPtr = new int[USERS + 1];
        colIdx = new int[NNZ];
        values = new float[NNZ];
        int q = 0;
        for (int u = 0; u < USERS; u++) {
            for (int i = 0; i < ITEMS; i++) {
                if (mark[u * ITEMS + i]) {
                    colIdx[q] = i;
                    values[q++] = 1 + rnd.nextInt(5);
                }
            }
            rowPtr[u + 1] = q;
        }
        items = Impl.random(5, ITEMS * k);
        users = Impl.random(6, USERS * k);
        usersOut = new float[USERS * k];
        itemsOut = new float[ITEMS * k];
    }

    /** U = R Y (943 x k), 2 nnz k flops. */
    @Benchmark
    public float[] spmm(Gflops f) {
        f.gflops += 2L * NNZ * k;
        kern.spmm(false, USERS, ITEMS, rowPtr, colIdx, values, k, 1f, items, 0, k, 0f, usersOut, 0, k);
        return usersOut;
    }

    /** Y = R^T U (1682 x k), 2 nnz k flops. */
    @Benchmark
    public float[] spmmTransposed(Gflops f) {
        f.gflops += 2L * NNZ * k;
        kern.spmm(true, USERS, ITEMS, rowPtr, colIdx, values, k, 1f, users, 0, k, 0f, itemsOut, 0, k);
        return itemsOut;
    }
}
