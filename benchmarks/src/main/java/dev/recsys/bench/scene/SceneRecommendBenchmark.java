package dev.recsys.bench.scene;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code SceneEngine.recommend} for one known user over 100,000 items (iALS, k = 64), top 10:
 * <ul>
 *   <li>{@code filtered}: an application scene "personal, price 0-500, in stock, history
 *       excluded" — the "scene filters and top-10" target of {@code benchmarks/README.md}, one thread;</li>
 *   <li>{@code home}: the default home scene (personal + co-view + trending, category cap 3);</li>
 *   <li>{@code itemDetail}: the default item-detail scene (cosine neighbours + co-view + taste);</li>
 *   <li>{@code filtered2Threads}: {@code filtered} on two threads (report ops/ms as throughput).</li>
 * </ul>
 * Users rotate over the first 1,000 of the model so caches do not hold one user's answer.
 *
 * <p>Thread safety: JMH state; the engine is shared by the benchmark threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@State(Scope.Benchmark)
public class SceneRecommendBenchmark {
    static final Scene FILTERED = Scene.of("bench-filtered");

    /** Number of items. */
    @Param({"100000"})
    public int items;

    private SceneEngine engine;
    private String[] users;
    private String[] pages;
    private final AtomicInteger next = new AtomicInteger();

    /** Builds the shop, trains the model and warms the engine. */
    @Setup(Level.Trial)
    public void setup() {
        ServingShop shop = new ServingShop(items);
        engine = SceneEngine.builder(shop.model).trainingData(shop.data)
                .scene(FILTERED, SceneConfig.builder().source("personal", 1).filter("in-stock")
                        .filter("price-range", "0", "500").exclude("history").build())
                .build();
        users = new String[1000];
        pages = new String[1000];
        for (int u = 0; u < users.length; u++) {
            users[u] = shop.model.users().idOf(u);
            pages[u] = shop.model.items().idOf((u * 97) % shop.model.numItems());
        }
    }

    private int nextUser() {
        return Math.floorMod(next.getAndIncrement(), users.length);
    }

    /** Application scene with filters, one thread. */
    @Benchmark
    public List<Recommendation> filtered() {
        return engine.recommend(users[nextUser()], FILTERED, 10);
    }

    /** The same on two threads. */
    @Benchmark
    @Threads(2)
    public List<Recommendation> filtered2Threads() {
        return engine.recommend(users[nextUser()], FILTERED, 10);
    }

    /** Default home scene. */
    @Benchmark
    public List<Recommendation> home() {
        return engine.recommend(users[nextUser()], Scene.HOME, 10);
    }

    /** Default item-detail scene. */
    @Benchmark
    public List<Recommendation> itemDetail() {
        int u = nextUser();
        return engine.recommend(RecommendRequest.builder(Scene.ITEM_DETAIL, 10).user(users[u]).currentItem(pages[u])
                .build());
    }
}
