package dev.recsys.bench.mf;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.mf.internal.PowerLawMatrix;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Real-time fold-in: the user vector computed from {@code events} events of a user the model has
 * never seen, at k = 64, for {@code ials}, {@code als}, {@code biased-mf} and {@code bpr}. Models
 * are trained briefly (one iteration or epoch: fold-in cost does not depend on model quality) on a
 * synthetic 5,000 users x 20,000 items x 250,000 interactions power-law set. Score: microseconds
 * per fold-in.
 *
 * <p>Thread safety: JMH state, one per benchmark thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class FoldInBenchmark {
    /** Algorithm (CLI name). */
    @Param({"ials", "als", "biased-mf", "bpr"})
    public String algo;

    /** Latent factors. */
    @Param({"64"})
    public int k;

    /** Events of the folded-in user. */
    @Param({"50"})
    public int events;

    private FactorModel model;
    private int[] items;
    private float[] weights;

    /** Trains the model and draws the user's events. */
    @Setup
    public void setUp() {
        Algorithm a = Algorithms.byName(algo);
        InteractionMatrix m = PowerLawMatrix.generate(5_000, 20_000, 250_000, 0.8, a.explicit(), 3L);
        Interactions log = new Interactions();
        for (int u = 0; u < m.rows(); u++) {
            log.users().add("u" + u);
        }
        for (int i = 0; i < m.cols(); i++) {
            log.items().add("i" + i);
        }
        for (int u = 0; u < m.rows(); u++) {
            for (int p = m.rowPtr()[u]; p < m.rowPtr()[u + 1]; p++) {
                log.add(u, m.colIdx()[p], a.explicit() ? Behavior.RATING : Behavior.VIEW, m.values()[p],
                        1000L + p, Interactions.NO_SCENE);
            }
        }
        TrainingData data = new TrainingData(Dataset.of(log),
                a.explicit() ? MatrixOptions.ratings() : MatrixOptions.implicitDefaults());
        Map<String, String> p = switch (algo) {
            case "ials", "als" -> Map.of("factors", Integer.toString(k), "iterations", "1", "threads", "1");
            case "biased-mf" -> Map.of("factors", Integer.toString(k), "epochs", "1", "validation-fraction", "0");
            default -> Map.of("factors", Integer.toString(k), "epochs", "1");
        };
        model = (FactorModel) a.train(data, Params.parse(a.params(), p), TrainingListener.NONE);
        SplittableRandom r = new SplittableRandom(5);
        items = r.ints(0, m.cols()).distinct().limit(events).sorted().toArray();
        weights = new float[events];
        for (int e = 0; e < events; e++) {
            weights[e] = a.explicit() ? 1 + r.nextInt(5) : 1 + r.nextInt(3);
        }
    }

    /** One fold-in. */
    @Benchmark
    public float[] foldIn() {
        return model.foldIn(items, weights);
    }
}
