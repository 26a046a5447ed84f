package dev.recsys.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.ItemFilter;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Recommender;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.scene.Exclusion;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link Recommender} contract, checked on both baselines. */
class RecommenderContractTest {

    static Stream<Arguments> recommenders() {
        return Stream.of(
                Arguments.of("popularity", Recommenders.train(SmallShop.dataset(), "popularity", Map.of(), TrainingListener.NONE)),
                Arguments.of("item-cooccurrence", Recommenders.train(SmallShop.dataset(), "item-cooccurrence",
                        Map.of("min-support", "1", "threads", "1"), TrainingListener.NONE)));
    }

    private static List<String> ids(List<Recommendation> recs) {
        return recs.stream().map(Recommendation::itemId).toList();
    }

    private static void assertWellFormed(List<Recommendation> recs) {
        assertThat(ids(recs)).doesNotHaveDuplicates();
        for (int i = 0; i < recs.size(); i++) {
            Recommendation r = recs.get(i);
            assertThat(Float.isFinite(r.score())).as("score of %s", r.itemId()).isTrue();
            assertThat(r.explanation()).isNotBlank();
            if (i > 0) {
                assertThat(r.score()).isLessThanOrEqualTo(recs.get(i - 1).score());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void returnsExactlyK(String name, RecommenderModel m) {
        Recommender r = m.recommender();
        for (String u : new String[] {"u1", "u2", "u3", "u4", "u5", "u6", "u7"}) {
            for (Scene s : Scene.standard()) {
                for (int k = 1; k <= 4; k++) {
                    List<Recommendation> recs = r.recommend(u, s, k);
                    assertThat(recs).as("%s %s k=%d", u, s, k).hasSize(k);
                    assertWellFormed(recs);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void fewerOnlyWhenFewerCandidatesRemain(String name, RecommenderModel m) {
        // u1 has A, B, C in history: 5 items remain on the home page
        List<Recommendation> recs = m.recommender().recommend("u1", Scene.HOME, 100);
        assertThat(ids(recs)).containsExactlyInAnyOrder("D", "E", "F", "G", "H");
        assertWellFormed(recs);
        // and an unknown user gets all 8
        assertThat(m.recommender().recommend("nobody", Scene.HOME, 100)).hasSize(8);
        // Integer.MAX_VALUE does not allocate a huge buffer
        assertThat(m.recommender().recommend("u1", Scene.HOME, Integer.MAX_VALUE)).hasSize(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void unknownUserGetsPopularItems(String name, RecommenderModel m) {
        List<Recommendation> recs = m.recommender().recommend("stranger", Scene.HOME, 3);
        assertThat(recs).hasSize(3);
        // B: view + view + cart(3) + buy(5) = 10; C: buy(5) + view = 6; A, G: 5
        assertThat(ids(recs)).startsWith("B", "C");
        assertThat(recs).allSatisfy(r -> assertThat(r.explanation()).startsWith("trending in "));
        RecommendRequest anonymous = RecommendRequest.builder(Scene.HOME, 2).build();
        assertThat(ids(m.recommender().recommend(anonymous))).containsExactly("B", "C");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void badArgumentsNameTheArgument(String name, RecommenderModel m) {
        Recommender r = m.recommender();
        assertThatThrownBy(() -> r.recommend("u1", Scene.HOME, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k");
        assertThatThrownBy(() -> r.recommend("u1", Scene.HOME, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k");
        assertThatThrownBy(() -> r.recommend("u1", null, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scene");
        assertThatThrownBy(() -> r.recommend((String) null, Scene.HOME, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user");
        assertThatThrownBy(() -> r.recommend((RecommendRequest) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void excludedCurrentAndCartItemsNeverReturned(String name, RecommenderModel m) {
        for (Scene s : Scene.standard()) {
            RecommendRequest req = RecommendRequest.builder(s, 100).user("u6").currentItem("B")
                    .cart(List.of("C", "nonexistent")).exclude(Set.of("D", "zzz")).allowRepeats(true).build();
            List<Recommendation> recs = m.recommender().recommend(req);
            // the request's exclusions always apply; current and cart items as the scene says
            Set<String> gone = new HashSet<>(Set.of("D"));
            Set<Exclusion> exclusions = m.recommender().config(s).exclusions();
            if (exclusions.contains(Exclusion.CURRENT)) {
                gone.add("B");
            }
            if (exclusions.contains(Exclusion.CART)) {
                gone.add("C");
            }
            assertThat(ids(recs)).as("scene %s", s).doesNotContainAnyElementsOf(gone)
                    .hasSize(8 - gone.size()).contains("A", "E", "F", "G", "H");
            assertWellFormed(recs);
        }
        assertThat(m.recommender().config(Scene.HOME).exclusions()).contains(Exclusion.CURRENT, Exclusion.CART);
        assertThat(m.recommender().config(Scene.CHECKOUT).exclusions()).contains(Exclusion.CURRENT, Exclusion.CART);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void candidatesAreReRanked(String name, RecommenderModel m) {
        RecommendRequest req = RecommendRequest.builder(Scene.SEARCH, 10).user("u3")
                .candidates(List.of("H", "E", "unknown", "A", "E", "F")).build();
        List<Recommendation> recs = m.recommender().recommend(req);
        // search excludes only purchases (u3 viewed A); the unknown id is ignored; E appears once
        assertThat(ids(recs)).containsExactlyInAnyOrder("H", "E", "A", "F");
        assertWellFormed(recs);
        RecommendRequest two = RecommendRequest.builder(Scene.SEARCH, 2).user("u3")
                .candidates(List.of("H", "E", "F", "G")).build();
        assertThat(ids(m.recommender().recommend(two))).hasSize(2).isSubsetOf("H", "E", "F", "G");
        RecommendRequest none = RecommendRequest.builder(Scene.SEARCH, 3).user("u3").candidates(List.of()).build();
        assertThat(m.recommender().recommend(none)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void filterIsHonoured(String name, RecommenderModel m) {
        RecommendRequest bags = RecommendRequest.builder(Scene.HOME, 10).user("u1").filter(ItemFilter.category("bags")).build();
        assertThat(ids(m.recommender().recommend(bags))).containsExactlyInAnyOrder("F", "G", "H");
        RecommendRequest cheap = RecommendRequest.builder(Scene.HOME, 10).user("u5")
                .filter(ItemFilter.priceBetween(0f, 35f)).build();
        assertThat(ids(m.recommender().recommend(cheap))).containsExactlyInAnyOrder("A", "B", "C");
        RecommendRequest nothing = RecommendRequest.builder(Scene.HOME, 10).user("u5")
                .filter((item, c) -> false).build();
        assertThat(m.recommender().recommend(nothing)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void repeatsFollowTheRequestAndScene(String name, RecommenderModel m) {
        RecommendRequest allow = RecommendRequest.builder(Scene.HOME, 8).user("u1").allowRepeats(true).build();
        assertThat(ids(m.recommender().recommend(allow))).contains("A", "B", "C").hasSize(8);
        RecommendRequest deny = RecommendRequest.builder(Scene.CHECKOUT, 8).user("u1").allowRepeats(false).build();
        assertThat(ids(m.recommender().recommend(deny))).doesNotContain("A", "B", "C").hasSize(5);
        // default: checkout repeats no purchase of a non-repeatable category (u1 bought C; see
        // RepeatsAndExplanationsTest), home nothing the user touched
        assertThat(ids(m.recommender().recommend("u1", Scene.CHECKOUT, 8))).doesNotContain("C").hasSize(7);
        assertThat(ids(m.recommender().recommend("u1", Scene.HOME, 8))).doesNotContain("A", "B", "C");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void historyExclusionCoversEventsTheMatrixLeftOut(String name, RecommenderModel ignored) {
        // ratings-only matrix options keep u9's rating and nothing else: the other users' views and
        // purchases are still their history (a model trained on ratings must not serve them back)
        dev.recsys.data.Dataset ds = SmallShop.dataset();
        ds.interactions().add(new Event("u9", "H", Behavior.RATING, 4f, 1_700_100_000L, null));
        RecommenderModel m = Recommenders.train(ds, name, Map.of(), dev.recsys.data.MatrixOptions.ratings(),
                TrainingListener.NONE);
        assertThat(m.history().rowColumns(m.users().indexOf("u1"))).isEmpty();
        for (Scene s : new Scene[] {Scene.HOME, Scene.of("my-page")}) {
            assertThat(ids(m.recommender().recommend("u1", s, 8))).as("scene %s", s)
                    .doesNotContain("A", "B", "C").hasSize(5);
        }
        assertThat(ids(m.recommender().recommend("u2", Scene.HOME, 8))).doesNotContain("A", "B").hasSize(6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void aTrendingBackfillKeepsScoresOnTheBlendedScale(String name, RecommenderModel m) {
        // an anonymous visitor on an item page the model does not know: nothing but the backfill
        List<Recommendation> recs = m.recommender().recommend(RecommendRequest.builder(Scene.ITEM_DETAIL, 5)
                .currentItem("not-an-item").build());
        assertThat(recs).isNotEmpty();
        assertWellFormed(recs);
        assertThat(recs.get(0).score()).isEqualTo(1f);
        for (int j = 1; j < recs.size(); j++) {
            assertThat(recs.get(j).score()).isLessThan(recs.get(j - 1).score()).isBetween(-1e-30f, 1f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void recordedEventsTheModelGivesNoWeightAreHistoryToo(String name, RecommenderModel ignored) {
        // a ratings-only model gives views no weight; a view recorded on the engine still excludes the item
        dev.recsys.data.Dataset ds = SmallShop.dataset();
        RecommenderModel m = Recommenders.train(ds, name, Map.of(), dev.recsys.data.MatrixOptions.ratings(),
                TrainingListener.NONE);
        dev.recsys.scene.SceneEngine engine = dev.recsys.scene.SceneEngine.builder(m).build();
        List<String> before = ids(engine.recommend("newcomer", Scene.HOME, 3));
        assertThat(before).isNotEmpty();
        String seen = before.get(0);
        engine.record(Event.of("newcomer", seen, Behavior.VIEW, 1_700_200_000L));
        assertThat(ids(engine.recommend("newcomer", Scene.HOME, 3))).doesNotContain(seen);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void recentEventsCountAsHistory(String name, RecommenderModel m) {
        RecommendRequest req = RecommendRequest.builder(Scene.HOME, 8).user("newcomer")
                .recentEvents(List.of(Event.of("newcomer", "F", Behavior.VIEW, 1), Event.of("newcomer", "nope", Behavior.VIEW, 2)))
                .build();
        List<Recommendation> recs = m.recommender().recommend(req);
        assertThat(ids(recs)).doesNotContain("F").hasSize(7);
        assertWellFormed(recs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommenders")
    void concurrentCallsAgreeWithSequentialOnes(String name, RecommenderModel m) throws Exception {
        Recommender r = m.recommender();
        String[] users = {"u1", "u2", "u3", "u4", "u5", "u6", "u7", "x"};
        Map<String, List<Recommendation>> expected = new java.util.HashMap<>();
        for (String u : users) {
            expected.put(u, r.recommend(u, Scene.HOME, 4));
        }
        List<Thread> threads = new ArrayList<>();
        Set<String> failures = java.util.Collections.synchronizedSet(new HashSet<>());
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    for (String u : users) {
                        if (!r.recommend(u, Scene.HOME, 4).equals(expected.get(u))) {
                            failures.add(u);
                        }
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(failures).isEmpty();
    }
}
