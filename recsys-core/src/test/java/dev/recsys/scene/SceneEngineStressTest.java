package dev.recsys.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Readers and writers on many threads against one engine, with model swaps running alongside:
 * known users, new users and one-off visitors, items the model knows and items it has never seen.
 * No event is lost or applied twice, no exception escapes, every answer is a valid ranking.
 */
class SceneEngineStressTest {
    private static final int WRITERS = 4;
    private static final int READERS = 4;
    private static final int USERS_PER_WRITER = 25;
    private static final int EVENTS_PER_WRITER = 2_000;
    private static final Behavior[] BEHAVIORS = {Behavior.VIEW, Behavior.VIEW, Behavior.VIEW, Behavior.CLICK,
        Behavior.ADD_TO_CART, Behavior.PURCHASE, Behavior.FAVORITE};

    private static final int SWAPS = 3;

    @Test
    void concurrentReadersWritersAndSwapsLoseNothing() throws Exception {
        SceneEngine engine = SceneEngine.builder(Shop.FACTORS).trainingData(Shop.DATASET).build();
        RecommenderModel retrained = Recommenders.train(Shop.DATASET, new CategoryFactors(), null, null, 30,
                TrainingListener.NONE);
        Map<String, Long> firstSeq = new ConcurrentHashMap<>();
        // writers stop at each quarter until that swap has built its model, so they record while it
        // publishes and re-applies (and swaps never all land after the last event)
        CountDownLatch[] building = new CountDownLatch[SWAPS];
        for (int k = 0; k < SWAPS; k++) {
            building[k] = new CountDownLatch(1);
        }
        AtomicInteger swapsBuilt = new AtomicInteger();
        engine.beforePublish = () -> building[swapsBuilt.getAndIncrement()].countDown();
        int quarter = EVENTS_PER_WRITER / (SWAPS + 1);
        int numItems = Shop.FACTORS.numItems();
        String[] trainedUsers = Shop.FACTORS.users().toStringArray();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Map<String, List<Event>> expected = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong answers = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int id = w;
            writers.add(new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(1000 + id);
                try {
                    start.await();
                    for (int e = 0; e < EVENTS_PER_WRITER; e++) {
                        if (e > 0 && e % quarter == 0 && e / quarter <= SWAPS) {
                            assertThat(building[e / quarter - 1].await(60, TimeUnit.SECONDS)).isTrue();
                        }
                        // own users (new ones), one-off visitors and some users of the training data
                        int who = rnd.nextInt(20);
                        String user = who < 4 ? trainedUsers[id * 10 + rnd.nextInt(10)]
                                : who == 4 ? "visitor-" + id + "-" + e : "w" + id + "-u" + rnd.nextInt(USERS_PER_WRITER);
                        // items of the model and items it has never seen
                        String item = rnd.nextInt(6) == 0 ? "new-item-" + rnd.nextInt(40)
                                : Shop.FACTORS.items().idOf(rnd.nextInt(numItems));
                        Event ev = Event.of(user, item, BEHAVIORS[rnd.nextInt(BEHAVIORS.length)], 1_800_000_000L + e);
                        long seq = engine.record(ev);
                        firstSeq.putIfAbsent(user, seq);
                        expected.computeIfAbsent(user, u -> new ArrayList<>()).add(ev);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "writer-" + w));
        }
        List<Thread> readers = new ArrayList<>();
        Scene[] scenes = Scene.standard();
        for (int r = 0; r < READERS; r++) {
            int id = r;
            readers.add(new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(2000 + id);
                try {
                    start.await();
                    while (writing.get()) {
                        String user = switch (rnd.nextInt(3)) {
                            case 0 -> "w" + rnd.nextInt(WRITERS) + "-u" + rnd.nextInt(USERS_PER_WRITER);
                            case 1 -> trainedUsers[rnd.nextInt(trainedUsers.length)];
                            default -> null;
                        };
                        Scene scene = scenes[rnd.nextInt(scenes.length)];
                        int k = 1 + rnd.nextInt(20);
                        String current = Shop.FACTORS.items().idOf(rnd.nextInt(numItems));
                        String banned = Shop.FACTORS.items().idOf(rnd.nextInt(numItems));
                        RecommendRequest.Builder b = RecommendRequest.builder(scene, k).user(user).currentItem(current)
                                .exclude(Set.of(banned));
                        if (scene == Scene.SEARCH) {
                            List<String> cands = new ArrayList<>();
                            for (int c = 0; c < 30; c++) {
                                cands.add(Shop.FACTORS.items().idOf(rnd.nextInt(numItems)));
                            }
                            b.candidates(cands);
                        }
                        if (rnd.nextInt(8) == 0) {
                            b.recentEvents(List.of(Event.of(user == null ? "anonymous" : user,
                                    "new-item-" + rnd.nextInt(40), Behavior.VIEW, 1_900_000_000L)));
                        }
                        List<Recommendation> recs = engine.recommend(b.build());
                        Set<String> excluded = new HashSet<>(Set.of(banned));
                        if (scene != Scene.SEARCH && scene != Scene.CHECKOUT) {
                            excluded.add(current);
                        }
                        Shop.assertValidRanking(recs, k, excluded);
                        answers.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "reader-" + r));
        }
        writers.forEach(Thread::start);
        readers.forEach(Thread::start);
        start.countDown();

        // swap models (the retrained one and back) at a quarter, half and three quarters of the events
        long total = (long) WRITERS * EVENTS_PER_WRITER;
        long mark = 0;
        RecommenderModel last = Shop.FACTORS;
        for (int k = 1; k <= SWAPS; k++) {
            while (engine.sequence() < (long) WRITERS * quarter * k && writers.stream().anyMatch(Thread::isAlive)) {
                Thread.onSpinWait();
            }
            mark = engine.sequence();
            last = k % 2 == 1 ? retrained : Shop.FACTORS;
            engine.swap(last, Shop.DATASET, mark);
        }

        for (Thread t : writers) {
            t.join(60_000);
        }
        writing.set(false);
        for (Thread t : readers) {
            t.join(60_000);
        }
        assertThat(failures).isEmpty();
        assertThat(engine.model()).isSameAs(last);
        assertThat(answers.get()).isPositive();
        assertThat(engine.sequence()).isEqualTo(total);
        assertThat(engine.eventsApplied()).isEqualTo(total);
        assertThat(engine.loggedEvents()).isEqualTo((int) (total - mark));
        long perUser = 0;
        for (Map.Entry<String, List<Event>> en : expected.entrySet()) {
            String user = en.getKey();
            List<Event> evs = en.getValue();
            perUser += engine.eventsApplied(user);
            assertThat(engine.eventsApplied(user)).as("events of %s", user).isEqualTo(evs.size());
            // replay the user's events in order: the engine's session state must match
            LinkedHashSet<String> cart = new LinkedHashSet<>();
            Set<String> bought = new HashSet<>();
            List<String> views = new ArrayList<>();
            for (Event e : evs) {
                switch (e.behavior()) {
                    case ADD_TO_CART -> cart.add(e.item());
                    case PURCHASE -> {
                        cart.remove(e.item());
                        bought.add(e.item());
                    }
                    case VIEW, CLICK -> {
                        views.remove(e.item());
                        views.add(e.item());
                    }
                    default -> {
                    }
                }
            }
            assertThat(engine.cart(user)).as("cart of %s", user).containsExactlyElementsOf(cart);
            assertThat(engine.purchased(user)).as("purchases of %s", user).isEqualTo(bought);
            assertThat(engine.recentViews(user)).as("views of %s", user)
                    .containsExactlyElementsOf(views.subList(Math.max(0, views.size() - 10), views.size()));
            // purchased items of non-repeatable categories never come back on home
            Set<String> noRepeat = new HashSet<>();
            for (String it : bought) {
                if (!Shop.repeatable(it)) {
                    noRepeat.add(it);
                }
            }
            for (Scene s : scenes) {
                Shop.assertValidRanking(engine.recommend(user, s, 20), 20, noRepeat);
            }
        }
        assertThat(perUser).isEqualTo(total);
        // users whose every event came after the last swap's mark: answers as from an engine that
        // served the last model from the start and saw each of their events once
        SceneEngine reference = SceneEngine.builder(last).trainingData(Shop.DATASET).build();
        List<String> late = new ArrayList<>();
        for (Map.Entry<String, Long> en : firstSeq.entrySet()) {
            if (en.getValue() > mark) {
                late.add(en.getKey());
                expected.get(en.getKey()).forEach(reference::record);
            }
        }
        assertThat(late).isNotEmpty();
        for (String user : late) {
            for (Scene s : scenes) {
                assertThat(engine.recommend(user, s, 10)).as("%s on %s", user, s).isEqualTo(reference.recommend(user, s, 10));
            }
        }
    }
}
