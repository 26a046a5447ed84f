package dev.recsys.bench.nn;

import dev.recsys.bench.kernel.Gflops;
import dev.recsys.nn.internal.layers.Dense;
import dev.recsys.nn.internal.layers.Init;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 1024 x 1024 dense layer with bias on a batch of 256, forward (y = x W + b) plus backward
 * (dW = x^T dy, db, dx = dy W^T): three 256 x 1024 x 1024 products, 3 x 2 x 256 x 1024^2 flops,
 * on one thread with the active kernels (Vector API in the fork). The PyTorch reference and the
 * target are in {@code benchmarks/README.md}.
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class DenseLayerBenchmark {
    private static final int N = 1024;
    private static final int BATCH = 256;

    private Dense layer;
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] dx;

    /** Builds the layer and inputs. */
    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        layer = new Dense("bench", N, N).init(Init.XAVIER_UNIFORM, r.split());
        x = new float[BATCH * N];
        dy = new float[BATCH * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() - 0.5);
            dy[i] = (float) (r.nextDouble() - 0.5) * 1e-3f;
        }
        y = new float[BATCH * N];
        dx = new float[BATCH * N];
    }

    /** Forward + backward; GFLOP/s in the {@code gflops} row. */
    @Benchmark
    public float[] forwardBackward(Gflops f) {
        f.gflops += 3L * 2 * BATCH * N * N;
        layer.forward(x, y, BATCH, true);
        layer.backward(x, y, dy, dx, BATCH);
        return dx;
    }
}
