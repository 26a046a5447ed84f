package dev.recsys.scene;

import static dev.recsys.scene.Shop.assertValidRanking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SceneEngineTest {
    private static final long T = 1_800_000_000L;

    private static SceneEngine engine() {
        return SceneEngine.builder(Shop.FACTORS).trainingData(Shop.DATASET).build();
    }

    private static List<String> ids(List<Recommendation> recs) {
        return recs.stream().map(Recommendation::itemId).toList();
    }

    @Test
    void unknownSourceFilterOrExclusionNamesTheValidOnes() {
        assertThatThrownBy(() -> SceneConfig.builder().source("magic", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic")
                .hasMessageContaining("personal").hasMessageContaining("complementary");
        assertThatThrownBy(() -> SceneConfig.builder().filter("cheap"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-stock")
                .hasMessageContaining("price-range");
        assertThatThrownBy(() -> SceneConfig.builder().exclude("seen"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purchased");
        assertThatThrownBy(() -> SceneConfig.builder().filter("price-range", "10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MIN and MAX");
        assertThatThrownBy(() -> SceneConfig.builder().build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newUserGetsTrendingThenIsFoldedInByTheFirstEvents() {
        SceneEngine e = engine();
        List<Recommendation> cold = e.recommend(RecommendRequest.builder(Scene.HOME, 10).user("newbie").build());
        assertThat(cold).hasSize(10);
        assertThat(cold).allSatisfy(r -> assertThat(r.explanation()).startsWith("trending"));
        assertValidRanking(cold, 10, Set.of());

        List<String> cameras = Shop.itemsOf("camera");
        e.record(Event.of("newbie", cameras.get(0), Behavior.VIEW, T));
        e.record(Event.of("newbie", cameras.get(1), Behavior.VIEW, T + 10));
        List<Recommendation> warm = e.recommend("newbie", Scene.HOME, 10);
        assertValidRanking(warm, 10, Set.of(cameras.get(0), cameras.get(1)));
        assertThat(ids(warm)).isNotEqualTo(ids(cold));
        assertThat(warm.get(0).explanation()).matches("because you viewed .*|often viewed with .*");
        assertThat(Shop.category(warm.get(0).itemId())).isEqualTo("camera");
        assertThat(e.recentViews("newbie")).containsExactly(cameras.get(0), cameras.get(1));
    }

    @Test
    void recordingChangesAKnownUsersNextAnswerWithoutRetraining() {
        SceneEngine e = engine();
        String user = Shop.FACTORS.users().idOf(5);
        List<String> before = ids(e.recommend(user, Scene.HOME, 10));
        for (String toy : Shop.itemsOf("video-game").subList(0, 4)) {
            e.record(Event.of(user, toy, Behavior.PURCHASE, T));
        }
        List<Recommendation> after = e.recommend(user, Scene.HOME, 10);
        assertThat(ids(after)).isNotEqualTo(before);
        assertThat(after).anySatisfy(r -> assertThat(r.explanation()).startsWith("because you bought "));
        assertThat(e.model()).isSameAs(Shop.FACTORS);
        assertThat(e.eventsApplied(user)).isEqualTo(4);
    }

    @Test
    void everyStandardSceneHasADefaultConfiguration() {
        for (Scene s : Scene.standard()) {
            SceneConfig c = SceneConfig.defaults(s);
            assertThat(c.sources()).isNotEmpty();
            assertThat(c.sources().keySet()).allSatisfy(src -> assertThat(SceneConfig.SOURCES).contains(src.label()));
        }
        assertThat(SceneConfig.defaults(Scene.CHECKOUT).sources()).containsKeys(Source.COMPLEMENTARY, Source.REPLENISH);
        assertThat(SceneConfig.defaults(Scene.CHECKOUT).exclusions()).contains(Exclusion.PURCHASED)
                .doesNotContain(Exclusion.HISTORY);
        assertThat(SceneConfig.defaults(Scene.CART).exclusions()).contains(Exclusion.CART, Exclusion.CART_NEAR_DUPLICATES);
        assertThat(SceneConfig.defaults(Scene.of("my-page")).sources()).isEqualTo(SceneConfig.defaults(Scene.HOME).sources());
    }

    @Test
    void explanationsNameTheActualBehaviour() {
        SceneEngine e = engine();
        String lamp = Shop.itemsOf("lamp").get(0);
        e.record(Event.of("carter", lamp, Behavior.ADD_TO_CART, T));
        List<Recommendation> home = e.recommend("carter", Scene.HOME, 5);
        assertThat(home).extracting(Recommendation::explanation)
                .contains("because you added " + lamp + " to your cart")
                .noneMatch(s -> s.contains("viewed " + lamp));
    }

    @Test
    void itemDetailNeverReturnsTheCurrentItemAndFavoursItsNeighbours() {
        SceneEngine e = engine();
        String phone = Shop.itemsOf("phone").get(0);
        List<Recommendation> recs = e.recommend(RecommendRequest.builder(Scene.ITEM_DETAIL, 10).user("u1")
                .currentItem(phone).build());
        assertValidRanking(recs, 10, Set.of(phone));
        assertThat(recs).hasSize(10);
        assertThat(Shop.category(recs.get(0).itemId())).isEqualTo("phone");
        assertThat(recs.get(0).explanation()).isIn("similar to " + phone, "often viewed with " + phone);
    }

    @Test
    void cartShowsComplementsAndNoNearDuplicates() {
        SceneEngine e = engine();
        String phone = Shop.itemsOf("phone").get(0);
        e.record(Event.of("shopper", phone, Behavior.ADD_TO_CART, T));
        assertThat(e.cart("shopper")).containsExactly(phone);
        List<Recommendation> recs = e.recommend("shopper", Scene.CART, 10);
        assertValidRanking(recs, 10, Set.of(phone));
        for (Recommendation r : recs) {
            boolean dup = "phone".equals(Shop.category(r.itemId())) && Shop.brand(r.itemId()) == Shop.brand(phone);
            assertThat(dup).as("near-duplicate %s", r.itemId()).isFalse();
        }
        assertThat(recs).anySatisfy(r -> {
            assertThat(Shop.category(r.itemId())).isEqualTo("phone-case");
            assertThat(r.explanation()).isEqualTo("often bought with " + phone);
        });
    }

    @Test
    void purchaseLeavesTheCartAndRepeatsOnlyRepeatableCategoriesAtCheckout() {
        SceneEngine e = engine();
        String beans = Shop.itemsOf("coffee-beans").get(0);
        String machine = Shop.itemsOf("coffee-machine").get(0);
        assertThat(Shop.repeatable(beans)).isTrue();
        assertThat(Shop.repeatable(machine)).isFalse();
        e.record(Event.of("buyer", beans, Behavior.ADD_TO_CART, T));
        e.record(Event.of("buyer", machine, Behavior.ADD_TO_CART, T + 1));
        e.record(Event.of("buyer", beans, Behavior.PURCHASE, T + 2));
        e.record(Event.of("buyer", machine, Behavior.PURCHASE, T + 3));
        assertThat(e.cart("buyer")).isEmpty();
        assertThat(e.purchased("buyer")).containsExactlyInAnyOrder(beans, machine);
        for (Scene s : Scene.standard()) {
            List<Recommendation> recs = e.recommend("buyer", s, 20);
            assertValidRanking(recs, 20, Set.of(machine));
        }
        // the tail of the checkout list may repeat only the repeatable purchase
        RecommendRequest checkout = RecommendRequest.builder(Scene.CHECKOUT, 400).user("buyer").build();
        List<Recommendation> all = e.recommend(checkout);
        assertThat(ids(all)).doesNotContain(machine);
        SceneConfig replenishOnly = SceneConfig.builder().source("replenish", 1).exclude("purchased").build();
        SceneEngine e2 = SceneEngine.builder(Shop.FACTORS).trainingData(Shop.DATASET)
                .scene(Scene.of("reorder"), replenishOnly).build();
        e2.record(Event.of("buyer", beans, Behavior.PURCHASE, T));
        e2.record(Event.of("buyer", machine, Behavior.PURCHASE, T + 1));
        List<Recommendation> again = e2.recommend("buyer", Scene.of("reorder"), 3);
        assertThat(again.get(0).itemId()).isEqualTo(beans);
        assertThat(again.get(0).explanation()).isEqualTo("buy again");
        assertThat(ids(again)).doesNotContain(machine);
    }

    @Test
    void negativeReviewGivesOtherBrandsOfTheSameCategory() {
        SceneEngine e = engine();
        String phone = Shop.itemsOf("phone").get(0);
        e.record(new Event("critic", phone, Behavior.REVIEW, 1f, T, Scene.AFTER_SALE_REVIEW));
        List<Recommendation> bad = e.recommend("critic", Scene.AFTER_SALE_REVIEW, 5);
        assertThat(bad).isNotEmpty();
        assertThat(bad).allSatisfy(r -> {
            assertThat(Shop.category(r.itemId())).isEqualTo("phone");
            assertThat(Shop.brand(r.itemId())).isNotEqualTo(Shop.brand(phone));
        });
        e.record(new Event("fan", phone, Behavior.REVIEW, 5f, T, Scene.AFTER_SALE_REVIEW));
        List<Recommendation> good = e.recommend("fan", Scene.AFTER_SALE_REVIEW, 5);
        assertValidRanking(good, 5, Set.of(phone));
        assertThat(good.get(0).explanation()).isIn("similar to " + phone, "often viewed with " + phone);
    }

    @Test
    void searchReranksOnlyTheCandidates() {
        SceneEngine e = engine();
        List<String> cands = List.of(Shop.itemsOf("book").get(0), Shop.itemsOf("toy").get(0),
                Shop.itemsOf("camera").get(0), "no-such-item");
        e.record(Event.of("reader", Shop.itemsOf("book").get(1), Behavior.PURCHASE, T));
        List<Recommendation> recs = e.recommend(RecommendRequest.builder(Scene.SEARCH, 10).user("reader")
                .candidates(cands).build());
        assertValidRanking(recs, 10, Set.of());
        assertThat(ids(recs)).containsExactlyInAnyOrderElementsOf(cands.subList(0, 3));
        assertThat(recs.get(0).itemId()).isEqualTo(cands.get(0));
    }

    @Test
    void applicationSceneAppliesFiltersAndCategoryCap() {
        SceneConfig deals = SceneConfig.builder().source("trending", 1).source("personal", 0.5)
                .filter("price-range", "0", "30").diversity(Diversity.categoryCap(2)).exclude("history").build();
        SceneConfig mmr = SceneConfig.builder().source("personal", 1).diversity(Diversity.mmr(0.3)).build();
        SceneEngine e = SceneEngine.builder(Shop.FACTORS).trainingData(Shop.DATASET)
                .scene(Scene.of("deals"), deals).scene(Scene.of("mixed"), mmr).build();
        assertThat(e.config(Scene.of("deals"))).isSameAs(deals);
        List<Recommendation> recs = e.recommend("u3", Scene.of("deals"), 12);
        assertValidRanking(recs, 12, Set.of());
        assertThat(recs).isNotEmpty();
        Map<String, Long> perCat = recs.stream().collect(java.util.stream.Collectors.groupingBy(
                r -> String.valueOf(Shop.category(r.itemId())), java.util.stream.Collectors.counting()));
        assertThat(perCat.values()).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(2));
        assertThat(recs).allSatisfy(r -> assertThat(Shop.catalog().price(r.itemIndex(), -1f)).isBetween(0f, 30f));
        List<Recommendation> mixed = e.recommend("u3", Scene.of("mixed"), 10);
        assertValidRanking(mixed, 10, Set.of());
        assertThat(mixed.stream().map(r -> Shop.category(r.itemId())).distinct().count()).isGreaterThan(1);
    }

    @Test
    void worksWithANonFactorModelAndAnonymousVisitors() {
        RecommenderModel cooc = Recommenders.train(Shop.DATASET, "item-cooccurrence", Map.of("threads", "1"),
                TrainingListener.NONE);
        SceneEngine e = SceneEngine.builder(cooc).trainingData(Shop.DATASET).build();
        String phone = Shop.itemsOf("phone").get(0);
        for (Scene s : Scene.standard()) {
            RecommendRequest anon = RecommendRequest.builder(s, 8).currentItem(phone).cart(List.of(phone)).build();
            List<Recommendation> recs = e.recommend(anon);
            assertValidRanking(recs, 8, Set.of(phone));
            assertThat(recs).isNotEmpty();
        }
        e.record(Event.of("visitor", phone, Behavior.VIEW, T));
        List<Recommendation> home = e.recommend("visitor", Scene.HOME, 5);
        assertValidRanking(home, 5, Set.of(phone));
        assertThat(home).anySatisfy(r -> assertThat(r.explanation()).contains(phone));
    }

    @Test
    void requestCanOverrideRepeatsAndMismatchedTrainingDataIsRejected() {
        SceneEngine e = engine();
        String lamp = Shop.itemsOf("lamp").get(0);
        e.record(Event.of("again", lamp, Behavior.PURCHASE, T));
        RecommendRequest all = RecommendRequest.builder(Scene.of("again"), 400).user("again").allowRepeats(true).build();
        assertThat(ids(e.recommend(all))).contains(lamp);
        assertThat(ids(e.recommend(RecommendRequest.builder(Scene.HOME, 400).user("again").build()))).doesNotContain(lamp);
        dev.recsys.data.Dataset other = dev.recsys.synth.SyntheticGenerator.generate(dev.recsys.synth.SyntheticConfig
                .builder().users(50).items(100).seed(99).build()).dataset();
        assertThatThrownBy(() -> SceneEngine.builder(Shop.FACTORS).trainingData(other).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trained on");
    }

    @Test
    void swapReappliesEventsRecordedAfterTheMark() {
        SceneEngine e = engine();
        String cam = Shop.itemsOf("camera").get(0);
        String card = Shop.itemsOf("memory-card").get(0);
        e.record(Event.of("late", cam, Behavior.VIEW, T));
        long mark = e.sequence();
        e.record(Event.of("late", card, Behavior.ADD_TO_CART, T + 5));
        e.record(Event.of("late", cam, Behavior.VIEW, T + 6));
        List<Recommendation> before = e.recommend("late", Scene.HOME, 10);
        RecommenderModel retrained = Recommenders.train(Shop.DATASET, new CategoryFactors(), null, null, 30,
                TrainingListener.NONE);
        e.swap(retrained, Shop.DATASET, mark);
        assertThat(e.model()).isSameAs(retrained);
        assertThat(e.eventsApplied("late")).isEqualTo(3);
        assertThat(e.cart("late")).containsExactly(card);
        assertThat(e.loggedEvents()).isEqualTo(2);
        List<Recommendation> after = e.recommend("late", Scene.HOME, 10);
        assertValidRanking(after, 10, Set.of(cam, card));
        // the user is not in the new model's training data: only re-applied events personalise
        assertThat(after.get(0).explanation()).doesNotStartWith("trending");
        assertThat(ids(after)).isNotEmpty();
        assertThat(before).isNotEmpty();
        assertThatThrownBy(() -> e.swap(retrained, null, e.sequence() + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trainedUpTo");
    }
}
