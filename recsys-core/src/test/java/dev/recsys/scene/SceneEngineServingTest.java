package dev.recsys.scene;

import static dev.recsys.scene.Shop.assertValidRanking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.internal.scene.UserState;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The engine under load: records during a swap, hot users, bounded state, eviction. */
class SceneEngineServingTest {
    private static final long T = 1_800_000_000L;
    private static final RecommenderModel RETRAINED = Recommenders.train(Shop.DATASET, new CategoryFactors(), null, null,
            30, TrainingListener.NONE);

    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        final AtomicLong millis = new AtomicLong(1_000_000L);

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void recordsCompleteWhileASwapIsBuildingAndReachTheNewModelExactlyOnce() throws Exception {
        SceneEngine e = SceneEngine.builder(Shop.FACTORS).trainingData(Shop.DATASET).build();
        String cam = Shop.itemsOf("camera").get(0);
        e.record(Event.of("early", cam, Behavior.VIEW, T));
        long mark = e.sequence();
        e.record(Event.of("early", cam, Behavior.ADD_TO_CART, T + 1));
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        e.beforePublish = () -> {
            building.countDown();
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        };
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread swapper = new Thread(() -> {
            try {
                e.swap(RETRAINED, Shop.DATASET, mark);
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "swapper");
        swapper.start();
        assertThat(building.await(60, TimeUnit.SECONDS)).isTrue();

        int threads = 4;
        int perThread = 60;
        Map<String, List<Event>> byUser = new ConcurrentHashMap<>();
        CountDownLatch recorded = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        String user = "during-" + id + "-" + (i % 3);
                        // model items and items the model has never seen
                        String item = i % 4 == 3 ? "new-item-" + id + "-" + i
                                : Shop.FACTORS.items().idOf((id * 37 + i * 11) % Shop.FACTORS.numItems());
                        Behavior b = i % 5 == 4 ? Behavior.ADD_TO_CART : i % 7 == 6 ? Behavior.PURCHASE : Behavior.VIEW;
                        Event ev = Event.of(user, item, b, T + 10 + i);
                        e.record(ev);
                        byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(ev);
                        e.recommend(user, Scene.HOME, 5);
                    }
                } catch (Throwable ex) {
                    failures.add(ex);
                } finally {
                    recorded.countDown();
                }
            }, "recorder-" + t).start();
        }
        // the swap is held before publishing: every record must still complete
        assertThat(recorded.await(60, TimeUnit.SECONDS)).as("records completed while the swap was running").isTrue();
        assertThat(swapper.isAlive()).isTrue();
        assertThat(e.model()).isSameAs(Shop.FACTORS);
        release.countDown();
        swapper.join(60_000);
        assertThat(failures).isEmpty();
        assertThat(e.model()).isSameAs(RETRAINED);

        long total = 2 + (long) threads * perThread;
        assertThat(e.eventsApplied()).isEqualTo(total);
        assertThat(e.loggedEvents()).isEqualTo(total - mark);
        assertThat(e.cart("early")).containsExactly(cam);
        // each user recorded during the swap gets exactly the answers of an engine that served the
        // new model from the start and saw the same events once
        SceneEngine reference = SceneEngine.builder(RETRAINED).trainingData(Shop.DATASET).build();
        for (Map.Entry<String, List<Event>> en : byUser.entrySet()) {
            en.getValue().forEach(reference::record);
        }
        for (String user : byUser.keySet()) {
            assertThat(e.eventsApplied(user)).isEqualTo(byUser.get(user).size());
            assertThat(e.cart(user)).isEqualTo(reference.cart(user));
            for (Scene s : Scene.standard()) {
                List<Recommendation> got = e.recommend(user, s, 10);
                assertThat(got).as("%s on %s", user, s).isEqualTo(reference.recommend(user, s, 10));
                assertValidRanking(got, 10, Set.of());
            }
        }
    }

    @Test
    void aHotUsersRecordsCopyBoundedWorkAndKeepBoundedState() {
        int cap = 500;
        SceneEngine e = SceneEngine.builder(Shop.FACTORS).trainingData(Shop.DATASET).maxEventsPerUser(cap).build();
        int n = 20_000;
        long before = UserState.copiedElements();
        for (int i = 0; i < n; i++) {
            String item = i % 2 == 0 ? Shop.FACTORS.items().idOf(i % Shop.FACTORS.numItems()) : "sku-" + i;
            e.record(Event.of("hot", item, Behavior.PURCHASE, T + i));
            if (i % 5_000 == 4_999) {
                assertValidRanking(e.recommend("hot", Scene.HOME, 10), 10, Set.of());
            }
        }
        long copied = UserState.copiedElements() - before;
        // the window holds the latest 500 purchases: 250 "sku-" items and 200 distinct model items
        // per purchase: the latest purchases (at most 4 kept), the cart, and the window compacted
        // once per cap events (at most one element per event, amortised)
        assertThat(copied).as("elements copied for %d purchases", n).isLessThanOrEqualTo(8L * n);
        assertThat(e.eventsApplied("hot")).isEqualTo(n);
        assertThat(e.eventsHeld("hot")).isEqualTo(cap);
        assertThat(e.purchased("hot")).hasSize(450).contains("sku-" + (n - 1)).doesNotContain("sku-1");
        assertThat(e.loggedEvents()).isEqualTo(cap);
        for (int i = 0; i < 2 * UserState.MAX_CART; i++) {
            e.record(Event.of("cart-filler", "c" + i, Behavior.ADD_TO_CART, T + i));
        }
        assertThat(e.cart("cart-filler")).hasSize(UserState.MAX_CART).endsWith("c" + (2 * UserState.MAX_CART - 1));
    }

    @Test
    void theEventsASwapReappliesAreBoundedPerUser() {
        SceneEngine e = SceneEngine.builder(Shop.FACTORS).trainingData(Shop.DATASET).maxEventsPerUser(50).build();
        for (int i = 0; i < 3_000; i++) {
            e.record(Event.of("u" + (i % 3), Shop.FACTORS.items().idOf(i % 200), Behavior.VIEW, T + i));
        }
        assertThat(e.loggedEvents()).isEqualTo(150);
        long mark = e.sequence() - 10;
        e.swap(RETRAINED, Shop.DATASET, mark);
        assertThat(e.loggedEvents()).isEqualTo(10);
        e.swap(RETRAINED, Shop.DATASET, e.sequence());
        assertThat(e.loggedEvents()).isZero();
        assertThat(e.eventsApplied()).isEqualTo(3_000);
    }

    @Test
    void idleUsersAreEvictedAndComeBackAsNewVisitors() {
        ManualClock clock = new ManualClock();
        SceneEngine e = SceneEngine.builder(Shop.FACTORS).trainingData(Shop.DATASET).clock(clock).build();
        String cam = Shop.itemsOf("camera").get(0);
        e.record(Event.of("a", cam, Behavior.ADD_TO_CART, T));
        e.record(Event.of("b", cam, Behavior.VIEW, T));
        clock.millis.addAndGet(Duration.ofMinutes(10).toMillis());
        e.record(Event.of("c", cam, Behavior.VIEW, T + 600));
        assertThat(e.evictIdle(Duration.ofMinutes(5))).isEqualTo(2);
        assertThat(e.usersHeld()).isEqualTo(1);
        assertThat(e.usersEvicted()).isEqualTo(2);
        assertThat(e.cart("a")).isEmpty();
        assertThat(e.eventsApplied("a")).isZero();
        assertThat(e.recentViews("c")).containsExactly(cam);
        assertValidRanking(e.recommend("a", Scene.HOME, 10), 10, Set.of());
        e.record(Event.of("a", cam, Behavior.VIEW, T + 700));
        assertThat(e.eventsApplied("a")).isEqualTo(1);
        assertThat(e.eventsApplied()).isEqualTo(4);
        assertThatThrownBy(() -> e.evictIdle(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idle");
    }

    @Test
    void pastMaxUsersTheLeastRecentlyActiveAreEvicted() {
        ManualClock clock = new ManualClock();
        SceneEngine e = SceneEngine.builder(Shop.FACTORS).maxUsers(100).clock(clock).build();
        String cam = Shop.itemsOf("camera").get(0);
        e.record(Event.of("regular", cam, Behavior.ADD_TO_CART, T));
        for (int i = 0; i < 1_000; i++) {
            clock.millis.incrementAndGet();
            e.record(Event.of("visitor-" + i, cam, Behavior.VIEW, T + i));
            if (i % 10 == 0) {
                e.record(Event.of("regular", cam, Behavior.VIEW, T + i));
            }
        }
        assertThat(e.usersHeld()).isLessThanOrEqualTo(100);
        assertThat(e.usersEvicted()).isEqualTo(1_001 - e.usersHeld());
        assertThat(e.cart("regular")).containsExactly(cam);
        assertThat(e.eventsApplied("visitor-999")).isEqualTo(1);
        assertThat(e.eventsApplied("visitor-0")).isZero();
        assertThat(e.eventsApplied()).isEqualTo(1_101);
        assertThatThrownBy(() -> SceneEngine.builder(Shop.FACTORS).maxUsers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxUsers");
        assertThatThrownBy(() -> SceneEngine.builder(Shop.FACTORS).maxEventsPerUser(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEventsPerUser");
    }
}
