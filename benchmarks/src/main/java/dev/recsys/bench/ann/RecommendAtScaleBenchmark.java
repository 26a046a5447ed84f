package dev.recsys.bench.ann;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.util.List;
import java.util.Map;
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
 * {@code SceneEngine.recommend} with the default home scene for one known user over a synthetic
 * shop of {@code items} items (20,000 users; iALS k = 64, one iteration), one thread, as latency
 * samples, per serving option: {@code exact} (no serving options: float scan), {@code hnsw},
 * {@code int8+hnsw}. Target at 1,000,000 items: p50 &lt;= 2 ms.
 *
 * <p>Thread safety: JMH state, shared; the engine is thread-safe.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@State(Scope.Benchmark)
public class RecommendAtScaleBenchmark {
    /** Number of items. */
    @Param({"1000000"})
    public int items;
    /** Serving option ({@code exact}: none). */
    @Param({"exact", "hnsw", "int8+hnsw"})
    public String serving;

    private SceneEngine engine;
    private String[] users;
    private int next;

    /** Builds the shop, trains, attaches the serving options. */
    @Setup(Level.Trial)
    public void setup() {
        Dataset data = SyntheticGenerator.generate(SyntheticConfig.builder().users(20_000).items(items).categories(200)
                .brands(300).days(30).meanSessionsPerUser(3).seed(42).build()).dataset();
        RecommenderModel m = Recommenders.train(data, "ials", Map.of("factors", "64", "iterations", "1", "seed", "42"),
                TrainingListener.NONE);
        if (!serving.equals("exact")) {
            m = m.withServing(ServingOptions.parse(serving));
        }
        engine = SceneEngine.builder(m).trainingData(data).build();
        users = new String[1000];
        for (int u = 0; u < users.length; u++) {
            users[u] = m.users().idOf(u);
        }
    }

    /** Default home scene, top 10. */
    @Benchmark
    public List<Recommendation> home() {
        return engine.recommend(users[next++ % users.length], Scene.HOME, 10);
    }
}
