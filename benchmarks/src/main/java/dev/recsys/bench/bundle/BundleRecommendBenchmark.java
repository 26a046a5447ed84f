package dev.recsys.bench.bundle;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.ServingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * {@code SceneEngine.recommend} with the default home scene, top 10, one thread, as latency
 * samples, over a model bundle written by {@link SyntheticBundle} (1,000,000 items x 64 and
 * 10,000,000 users x 64 in the README figures): {@code users=mapped} asks for random known users
 * of {@code bundle}, whose user factors are memory-mapped ({@code ModelFiles.load}'s default);
 * {@code users=fold-in} asks for unknown users of {@code foldInBundle} (no user factors) with
 * {@code events} recent views each, folded in on request. {@code serving}: {@code exact} (float
 * scan) or a {@link ServingOptions} text ({@code int8}: quantised scan). The bundles must exist
 * (write them first; they are large, keep them out of the repository).
 *
 * <p>Thread safety: JMH state, shared; the engine is thread-safe.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
@State(Scope.Benchmark)
public class BundleRecommendBenchmark {
    /** Bundle with user factors. */
    @Param({"/tmp/recsys-bundles/ials-1m-10m"})
    public String bundle;
    /** Bundle without user factors. */
    @Param({"/tmp/recsys-bundles/ials-1m-0"})
    public String foldInBundle;
    /** {@code mapped} (known users) or {@code fold-in} (unknown users with recent events). */
    @Param({"mapped", "fold-in"})
    public String users;
    /** Serving option ({@code exact}: none). */
    @Param({"exact", "int8"})
    public String serving;
    /** Recent events of a folded-in user. */
    @Param({"20"})
    public int events;

    private SceneEngine engine;
    private RecommendRequest[] requests;
    private int next;

    /** Loads the bundle, attaches the serving options, makes 4,096 requests. */
    @Setup(Level.Trial)
    public void setup() throws IOException {
        boolean mapped = users.equals("mapped");
        Path dir = Path.of(mapped ? bundle : foldInBundle);
        RecommenderModel m = serving.equals("exact") ? ModelFiles.load(dir)
                : ModelFiles.load(dir, ServingOptions.parse(serving));
        engine = SceneEngine.builder(m).build();
        SplittableRandom rnd = new SplittableRandom(42);
        requests = new RecommendRequest[4096];
        long now = System.currentTimeMillis();
        for (int r = 0; r < requests.length; r++) {
            if (mapped) {
                requests[r] = RecommendRequest.builder(Scene.HOME, 10).user(m.users().idOf(rnd.nextInt(m.numUsers())))
                        .build();
            } else {
                String user = "new-" + r;
                List<Event> recent = new ArrayList<>();
                for (int e = 0; e < events; e++) {
                    // skewed to popular items: the square of a uniform
                    double x = rnd.nextDouble();
                    int item = (int) (x * x * m.numItems());
                    recent.add(Event.of(user, m.items().idOf(item), Behavior.VIEW, now - 60_000L * (events - e)));
                }
                requests[r] = RecommendRequest.builder(Scene.HOME, 10).user(user).recentEvents(recent).build();
            }
        }
    }

    /** Default home scene, top 10. */
    @Benchmark
    public List<Recommendation> home() {
        return engine.recommend(requests[next++ & (requests.length - 1)]);
    }
}
