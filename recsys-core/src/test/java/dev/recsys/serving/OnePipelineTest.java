package dev.recsys.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.scene.SceneEngine;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way of holding a model serves through the one scene pipeline. */
class OnePipelineTest {
    private final RecommenderModel cooc = Recommenders.train(SmallShop.dataset(), "item-cooccurrence",
            Map.of("min-support", "1", "similarity", "count", "threads", "1"), TrainingListener.NONE);

    private static List<String> ids(List<Recommendation> recs) {
        return recs.stream().map(Recommendation::itemId).toList();
    }

    private static List<RecommendRequest> requests() {
        List<RecommendRequest> out = new ArrayList<>();
        for (Scene s : Scene.standard()) {
            for (String u : new String[] {"u1", "u3", "u5", "u7", "stranger"}) {
                out.add(RecommendRequest.builder(s, 5).user(u).build());
                out.add(RecommendRequest.builder(s, 5).user(u).currentItem("F").cart(List.of("A")).build());
            }
            out.add(RecommendRequest.builder(s, 4).candidates(List.of("H", "E", "A", "F")).build());
        }
        return out;
    }

    @Test
    void modelRecommenderAndSceneEnginesGiveTheSameAnswers() {
        SceneEngine own = SceneEngine.builder(cooc).build();
        SceneEngine withData = SceneEngine.builder(cooc).trainingData(SmallShop.dataset()).build();
        assertThat(cooc.recommender()).isSameAs(cooc.recommender());
        assertThat(cooc.hasTrainingSummary()).isTrue();
        for (RecommendRequest r : requests()) {
            List<Recommendation> a = cooc.recommender().recommend(r);
            assertThat(own.recommend(r)).as("%s %s", r.scene(), r.user()).isEqualTo(a);
            assertThat(withData.recommend(r)).as("%s %s", r.scene(), r.user()).isEqualTo(a);
        }
    }

    @Test
    void itemDetailAndCartUseTheContextForAModelWithoutItemVectors() {
        RecommendRequest detail = RecommendRequest.builder(Scene.ITEM_DETAIL, 1).currentItem("F").build();
        assertThat(cooc.recommender().recommend(detail)).singleElement().satisfies(r -> {
            assertThat(r.itemId()).isEqualTo("G"); // F's co-occurring item, of F's category
            assertThat(r.explanation()).isEqualTo("similar to F");
        });
        RecommendRequest shoes = RecommendRequest.builder(Scene.ITEM_DETAIL, 2).currentItem("A").build();
        assertThat(ids(cooc.recommender().recommend(shoes))).containsExactlyInAnyOrder("B", "C");
        RecommendRequest cart = RecommendRequest.builder(Scene.CART, 1).cart(List.of("G")).build();
        assertThat(cooc.recommender().recommend(cart)).singleElement().satisfies(r -> {
            assertThat(r.itemId()).isEqualTo("F");
            assertThat(r.explanation()).isEqualTo("often bought with G");
        });
        List<Recommendation> home = cooc.recommender().recommend("u7", Scene.HOME, 1);
        // u7 has H and A; A co-occurs three times with B
        assertThat(home.get(0).itemId()).isEqualTo("B");
        assertThat(home.get(0).explanation()).isEqualTo("because you viewed A");
    }

    @Test
    void reviewPageWithoutAnItemFollowsTheLatestPurchase() {
        // u1 bought C (shoes); u5 bought G (bags)
        assertThat(cooc.recommender().recommend("u1", Scene.AFTER_SALE_REVIEW, 2)).extracting(Recommendation::itemId)
                .containsExactlyInAnyOrder("A", "B");
        assertThat(cooc.recommender().recommend("u5", Scene.AFTER_SALE_REVIEW, 1)).singleElement()
                .satisfies(r -> assertThat(r.explanation()).isIn("similar to G", "often viewed with G"));
    }

    @Test
    void backfillsBelowTheLowestRankedScore() {
        // u4 has C, D, E: only A and B co-occur with them
        List<Recommendation> recs = cooc.recommender().recommend("u4", Scene.HOME, 5);
        assertThat(recs).hasSize(5);
        assertThat(ids(recs).subList(0, 2)).containsExactlyInAnyOrder("A", "B");
        for (int i = 2; i < 5; i++) {
            assertThat(recs.get(i).score()).isLessThan(recs.get(i - 1).score());
            assertThat(recs.get(i).explanation()).startsWith("trending in ");
        }
    }

    @Test
    void nanAndUnscoredModelOutputNeverReachTheCaller() {
        RecommenderModel m = Recommenders.train(SmallShop.dataset(), new Weird(), Map.of(), null, 0, null);
        RecommendRequest anonymousWithHistory = RecommendRequest.builder(Scene.HOME, 8)
                .recentEvents(List.of(dev.recsys.data.Event.of("x", "A", dev.recsys.data.Behavior.VIEW, 1))).build();
        for (RecommendRequest r : List.of(anonymousWithHistory, RecommendRequest.builder(Scene.ITEM_DETAIL, 8)
                .currentItem("B").build())) {
            List<Recommendation> recs = m.recommender().recommend(r);
            assertThat(recs).hasSize(7);
            assertThat(recs).allSatisfy(x -> assertThat(Float.isFinite(x.score())).isTrue());
        }
        // the items scored 1 (3, 5, 7) lead the home page; A is the user's own
        List<Recommendation> home = m.recommender().recommend(anonymousWithHistory);
        assertThat(home.subList(0, 3)).extracting(Recommendation::itemIndex).containsExactlyInAnyOrder(3, 5, 7);
    }

    /** Scores NaN for even items, -Infinity for item 1, 1 for the others. */
    private static final class Weird implements Algorithm {
        @Override
        public String name() {
            return "weird";
        }

        @Override
        public String description() {
            return "scores NaN for even items, -Infinity for item 1, 1 for others";
        }

        @Override
        public List<ParamSpec> params() {
            return List.of();
        }

        @Override
        public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
            int n = data.numItems();
            return new TrainedModel() {
                @Override
                public String algorithm() {
                    return "weird";
                }

                @Override
                public Params params() {
                    return params;
                }

                @Override
                public int numItems() {
                    return n;
                }

                @Override
                public boolean score(Query query, float[] out) {
                    for (int i = 0; i < n; i++) {
                        out[i] = i % 2 == 0 ? Float.NaN : (i == 1 ? Float.NEGATIVE_INFINITY : 1f);
                    }
                    return true;
                }

                @Override
                public void save(ModelOutput out) {
                }
            };
        }

        @Override
        public TrainedModel load(ModelInput in, Params params) {
            throw new UnsupportedOperationException();
        }
    }
}
