package dev.recsys.bench.nn;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.OptimizerConfig;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.MultVaeTrainer;
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
 * One training epoch of the Mult-VAE autoencoder 1682 -> 600 -> 200 -> 600 -> 1682 (tanh, input
 * dropout 0.5, multinomial likelihood + KL, Adam) over the 943 users of MovieLens 100K u1.base in
 * batches of 128, one thread. The input layer is sparse (CSR x dense), so it costs what the 80,000
 * non-zeros cost. The PyTorch reference and the target are in {@code benchmarks/README.md}.
 * {@code threads} = 1 is the single-thread figure they compare; {@code threads} = 2
 * runs the same epoch with a two-thread runner (split products and optimizer steps, bit-identical
 * model), as training through the algorithm does by default on this machine.
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class AutoencoderEpochBenchmark {
    /** Threads for the epoch's products and updates. */
    @Param({"1", "2"})
    public int threads;

    private MultVaeTrainer trainer;
    private int epoch;

    /** Loads u1.base and builds the model. */
    @Setup
    public void setup() {
        InteractionMatrix m = BenchData.u1Base();
        trainer = new MultVaeTrainer(m, new MultVaeTrainer.Config(600, 200, 128, 0.5f, 0.2f, 0, true, 1),
                OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(1e-3f).build().create(), 1000, new Parallel(threads));
    }

    /** One epoch; returns its loss. */
    @Benchmark
    public double epoch() {
        int e = ++epoch;
        return trainer.epoch(e);
    }
}
