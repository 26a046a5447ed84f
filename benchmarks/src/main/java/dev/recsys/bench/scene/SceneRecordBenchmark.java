package dev.recsys.bench.scene;

import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.scene.SceneEngine;
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
 * {@code SceneEngine.record(event)} at k = 64 (iALS over 100,000 items): session update and state
 * snapshot (the fold-in of the user vector happens at the user's next {@code recommend}, measured
 * by {@link SceneSwapLatencyBenchmark}). Events
 * go to 10,000 users in turn (a mix of known users and new ones), with seeded random items and
 * behaviours (target in {@code benchmarks/README.md}). Each iteration starts with a swap to the same
 * model, which empties the event log and the users' extra events, so the per-user history does not
 * grow without bound across iterations.
 *
 * <p>Thread safety: JMH state, one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@State(Scope.Thread)
public class SceneRecordBenchmark {
    private static final Behavior[] BEHAVIORS = {Behavior.VIEW, Behavior.VIEW, Behavior.VIEW, Behavior.CLICK,
        Behavior.ADD_TO_CART, Behavior.PURCHASE};

    /** Number of items. */
    @Param({"100000"})
    public int items;

    private ServingShop shop;
    private SceneEngine engine;
    private String[] users;
    private String[] itemIds;
    private SplittableRandom rnd;
    private int next;
    private long time = 1_800_000_000L;

    /** Builds the shop and the engine. */
    @Setup(Level.Trial)
    public void setup() {
        shop = new ServingShop(items);
        engine = SceneEngine.builder(shop.model).build();
        users = new String[10_000];
        for (int u = 0; u < users.length; u++) {
            users[u] = u % 2 == 0 ? shop.model.users().idOf(u) : "new-" + u;
        }
        itemIds = shop.model.items().toStringArray();
        rnd = new SplittableRandom(7);
    }

    /** Empties the event log (swap to the same model with everything recorded so far as its cut-off). */
    @Setup(Level.Iteration)
    public void trim() {
        engine.swap(shop.model, null, engine.sequence());
    }

    /** Records one event. */
    @Benchmark
    public long record() {
        String user = users[next++ % users.length];
        String item = itemIds[rnd.nextInt(itemIds.length)];
        return engine.record(Event.of(user, item, BEHAVIORS[rnd.nextInt(BEHAVIORS.length)], time++));
    }
}
