package dev.recsys.bench.nn;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.optim.OptimizerConfig;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.mf.internal.PowerLawMatrix;
import dev.recsys.nn.internal.CdaeTrainer;
import dev.recsys.nn.internal.EpochTrainer;
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
 * One training epoch of Mult-VAE or CDAE (default architectures and defaults of the algorithms:
 * Mult-VAE 600/200, batches of 500, sampled softmax of 512 draws; CDAE code 200, 10 negatives,
 * batches of 64, shared negative pool) on a hetrec-Last.fm-shaped synthetic matrix: 1,892 users x
 * 17,632 items, 92,800 entries with power-law popularity ({@link PowerLawMatrix}, seed 42). Both
 * take their large-catalogue path (item-major output with lazy Adam). 100 epochs are the
 * algorithms' default, so 100 x the score is the training time of {@code recsys train} on such a
 * file without loading. No Vector API flag: the figure {@code java -jar recsys.jar} gets (the JVM
 * argument line can add {@code --add-modules jdk.incubator.vector}).
 *
 * <p>Thread safety: JMH state, one per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CatalogueScaleEpochBenchmark {
    /** {@code mult-vae} or {@code cdae}. */
    @Param({"mult-vae", "cdae"})
    public String algo;

    /** Threads for the epoch's products and updates. */
    @Param({"1", "2"})
    public int threads;

    private EpochTrainer trainer;
    private int epoch;

    /** Builds the matrix and the model. */
    @Setup
    public void setup() {
        InteractionMatrix m = PowerLawMatrix.generate(1892, 17_632, 92_800, 1.0, false, 42);
        Optimizer adam = OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(1e-3f).build().create();
        Parallel par = new Parallel(threads);
        trainer = algo.equals("cdae")
                ? new CdaeTrainer(m, new CdaeTrainer.Config(200, "sigmoid", 0.5f, 10, 64, 42, 4096), adam, par)
                : new MultVaeTrainer(m, new MultVaeTrainer.Config(600, 200, 500, 0.5f, 1.0f, 0, true, 42, false, 4096, 512),
                        adam, 100, par);
    }

    /** One epoch; returns its loss. */
    @Benchmark
    public double epoch() {
        return trainer.epoch(++epoch);
    }
}
