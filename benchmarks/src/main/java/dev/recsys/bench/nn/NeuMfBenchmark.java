package dev.recsys.bench.nn;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.OptimizerConfig;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.NeuMfTrainer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NeuMF training throughput: embeddings 32, MLP 64 -> 32 -> 16 -> 1 (with the GMF branch), binary
 * cross-entropy, 4 sampled negatives per positive, batches of 256 samples, Adam, one thread; one
 * operation is one epoch over MovieLens 100K u1.base (80,000 positives = 400,000 samples,
 * negative sampling and shuffling included). Samples per second in the {@code samples} row.
 * The PyTorch reference and the target are in {@code benchmarks/README.md}.
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class NeuMfBenchmark {
    private NeuMfTrainer trainer;
    private int epoch;

    /**
     * Training samples processed, as an auxiliary counter (samples/s with the benchmark's unit).
     *
     * <p>Thread safety: one instance per benchmark thread.
     */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Samples {
        /** Samples trained. */
        public long samples;

        /** Resets before each iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            samples = 0;
        }
    }

    /** Loads u1.base and builds the model. */
    @Setup
    public void setup() {
        InteractionMatrix m = BenchData.u1Base();
        trainer = new NeuMfTrainer(m, new NeuMfTrainer.Config(32, 2, 4, 256, 1),
                OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(1e-3f).build().create(), Parallel.SEQUENTIAL);
    }

    /** One epoch; returns its loss. */
    @Benchmark
    public double epoch(Samples s) {
        s.samples += trainer.samplesPerEpoch();
        return trainer.epoch(++epoch);
    }
}
