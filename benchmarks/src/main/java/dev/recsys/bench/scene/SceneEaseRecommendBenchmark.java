package dev.recsys.bench.scene;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.eval.SceneData;
import dev.recsys.data.Dataset;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * One question: does serving a scene-aware model cost more than its scene-blind version?
 * {@code SceneEngine.recommend} for a known user of the scene comparison's synthetic shop (3,000
 * users, 2,000 items, six scenes), top 10, in the home and cart scenes, with {@code algorithm} =
 * {@code ease} and {@code scene-ease} (a matrix per scene), {@code ials} and {@code scene-ials}
 * (k = 64 both; the scene's item vectors are precomputed). Each pair runs in the same trial set;
 * target: the scene-aware model within 1.2x of its scene-blind version. One pair only:
 * {@code -p algorithm=ials,scene-ials}.
 *
 * <p>Thread safety: JMH state, one per trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class SceneEaseRecommendBenchmark {
    /** The algorithm served: a scene-blind baseline or its scene-aware version. */
    @Param({"ease", "scene-ease", "ials", "scene-ials"})
    public String algorithm;

    private SceneEngine engine;
    private String[] users;
    private final AtomicInteger next = new AtomicInteger();

    /** Builds the shop, trains the model and warms the engine. */
    @Setup(Level.Trial)
    public void setup() {
        Dataset data = SceneData.syntheticShop(42);
        RecommenderModel model = Recommenders.train(data, algorithm, Map.of(), TrainingListener.NONE);
        engine = SceneEngine.builder(model).trainingData(data).build();
        users = new String[1000];
        for (int u = 0; u < users.length; u++) {
            users[u] = model.users().idOf(u);
        }
    }

    private int nextUser() {
        return Math.floorMod(next.getAndIncrement(), users.length);
    }

    /** Default home scene. */
    @Benchmark
    public List<Recommendation> home() {
        return engine.recommend(users[nextUser()], Scene.HOME, 10);
    }

    /** Default cart scene (no cart: history only). */
    @Benchmark
    public List<Recommendation> cart() {
        return engine.recommend(users[nextUser()], Scene.CART, 10);
    }
}
