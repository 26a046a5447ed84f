package dev.recsys.bench.scene;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.scene.SceneEngine;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency distribution (p50, p99, p99.9: {@code Mode.SampleTime}) of {@code SceneEngine.record}
 * and {@code recommend} (home scene, top 10) over 100,000 items (iALS, k = 64) while model swaps
 * run back to back on a background thread ({@code swapping = true}: each swap rebuilds trending
 * scores and associations from the training data and re-applies the events since its mark), and
 * the same calls with no swap running ({@code swapping = false}) as the baseline, measured in the
 * same run. Events go to 10,000 users in turn (half known to the model, half new), with seeded
 * random items (one in ten unknown to the model) and behaviours; {@code recommend} asks for the
 * same users, so it folds in the events {@code record} left. The swap count per iteration is
 * printed at its end.
 *
 * <p>Thread safety: JMH state, one benchmark thread plus the swapping thread.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@State(Scope.Benchmark)
public class SceneSwapLatencyBenchmark {
    private static final Behavior[] BEHAVIORS = {Behavior.VIEW, Behavior.VIEW, Behavior.VIEW, Behavior.CLICK,
        Behavior.ADD_TO_CART, Behavior.PURCHASE};

    /** Number of items. */
    @Param({"100000"})
    public int items;

    /** Whether swaps run in the background during the measurement. */
    @Param({"false", "true"})
    public boolean swapping;

    private ServingShop shop;
    private SceneEngine engine;
    private String[] users;
    private String[] itemIds;
    private SplittableRandom rnd;
    private int next;
    private long time = 1_800_000_000L;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong swaps = new AtomicLong();
    private Thread swapper;

    /** Builds the shop and the engine, and gives every user a few events. */
    @Setup(Level.Trial)
    public void setup() {
        shop = new ServingShop(items);
        engine = SceneEngine.builder(shop.model).trainingData(shop.data).build();
        users = new String[10_000];
        for (int u = 0; u < users.length; u++) {
            users[u] = u % 2 == 0 ? shop.model.users().idOf(u) : "new-" + u;
        }
        itemIds = shop.model.items().toStringArray();
        rnd = new SplittableRandom(7);
        for (int i = 0; i < 3 * users.length; i++) {
            record();
        }
    }

    /** Starts the background swaps (when {@code swapping}). */
    @Setup(Level.Iteration)
    public void startSwaps() {
        swaps.set(0);
        if (!swapping) {
            return;
        }
        running.set(true);
        swapper = new Thread(() -> {
            while (running.get()) {
                // the model is trained up to a little before now: the latest events are re-applied
                engine.swap(shop.model, shop.data, Math.max(0, engine.sequence() - 5_000));
                swaps.incrementAndGet();
            }
        }, "swapper");
        swapper.setDaemon(true);
        swapper.start();
    }

    /** Stops the background swaps and reports how many ran. */
    @TearDown(Level.Iteration)
    public void stopSwaps() throws InterruptedException {
        if (swapper != null) {
            running.set(false);
            swapper.join();
            swapper = null;
            System.out.println("swaps completed during the iteration: " + swaps.get());
        }
    }

    /** Records one event. */
    @Benchmark
    public long record() {
        String user = users[next++ % users.length];
        String item = rnd.nextInt(10) == 0 ? "unknown-" + rnd.nextInt(1000) : itemIds[rnd.nextInt(itemIds.length)];
        return engine.record(Event.of(user, item, BEHAVIORS[rnd.nextInt(BEHAVIORS.length)], time++));
    }

    /** Recommends the home scene, top 10, for the next user. */
    @Benchmark
    public List<Recommendation> recommend() {
        return engine.recommend(users[next++ % users.length], Scene.HOME, 10);
    }
}
