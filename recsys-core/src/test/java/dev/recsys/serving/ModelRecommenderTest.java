package dev.recsys.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRecommenderTest {
    private final RecommenderModel cooc = Recommenders.train(SmallShop.dataset(), "item-cooccurrence",
            Map.of("min-support", "1", "similarity", "count", "threads", "1"), TrainingListener.NONE);

    private static List<String> ids(List<Recommendation> recs) {
        return recs.stream().map(Recommendation::itemId).toList();
    }

    @Test
    void backfillsUnscoredItemsBelowTheLowestModelScore() {
        // u4 has C, D, E: co-occurring items are A and B only
        List<Recommendation> recs = cooc.recommender().recommend("u4", Scene.HOME, 5);
        assertThat(recs).hasSize(5);
        assertThat(ids(recs).subList(0, 2)).containsExactlyInAnyOrder("A", "B");
        float lowestModel = recs.get(1).score();
        for (Recommendation r : recs.subList(2, 5)) {
            assertThat(r.score()).isLessThan(lowestModel);
            assertThat(r.explanation()).isEqualTo("popular now");
        }
        assertThat(recs.get(2).score()).isGreaterThan(recs.get(3).score());
        assertThat(recs.get(3).score()).isGreaterThan(recs.get(4).score());
    }

    @Test
    void explanationsNameTheInfluentialItem() {
        RecommendRequest detail = RecommendRequest.builder(Scene.ITEM_DETAIL, 1).currentItem("F").build();
        assertThat(cooc.recommender().recommend(detail)).singleElement()
                .satisfies(r -> {
                    assertThat(r.itemId()).isEqualTo("G");
                    assertThat(r.explanation()).isEqualTo("often viewed with F");
                });
        RecommendRequest cart = RecommendRequest.builder(Scene.CART, 1).cart(List.of("G")).build();
        assertThat(cooc.recommender().recommend(cart)).singleElement()
                .satisfies(r -> {
                    assertThat(r.itemId()).isEqualTo("F");
                    assertThat(r.explanation()).isEqualTo("often bought with G");
                });
        List<Recommendation> home = cooc.recommender().recommend("u7", Scene.HOME, 1);
        // u7 has H and A; A co-occurs three times with B
        assertThat(home.get(0).itemId()).isEqualTo("B");
        assertThat(home.get(0).explanation()).isEqualTo("because you viewed A");
    }

    @Test
    void recentEventsAreWeightedAndMerged() {
        // newcomer viewed F: G is its only neighbour
        RecommendRequest req = RecommendRequest.builder(Scene.HOME, 1).user("newcomer")
                .recentEvents(List.of(Event.of("newcomer", "F", Behavior.VIEW, 1))).build();
        List<Recommendation> recs = cooc.recommender().recommend(req);
        assertThat(recs.get(0).itemId()).isEqualTo("G");
        assertThat(recs.get(0).explanation()).isEqualTo("because you viewed F");
        // a known user's recent event adds to the training history
        RecommendRequest more = RecommendRequest.builder(Scene.HOME, 8).user("u5")
                .recentEvents(List.of(Event.of("u5", "H", Behavior.PURCHASE, 1))).build();
        assertThat(ids(cooc.recommender().recommend(more))).doesNotContain("F", "G", "H").startsWith("A");
    }

    @Test
    void recommendIndicesMatchesTheStringApi() {
        ModelRecommender r = cooc.recommender();
        for (int u = 0; u < cooc.numUsers(); u++) {
            int[] idx = r.recommendIndices(u, Scene.HOME, 3);
            List<Recommendation> recs = r.recommend(cooc.users().idOf(u), Scene.HOME, 3);
            assertThat(idx).containsExactly(recs.stream().mapToInt(Recommendation::itemIndex).toArray());
        }
        assertThat(r.recommendIndices(-1, Scene.HOME, 2)).containsExactly(1, 2); // B, C most popular
    }

    @Test
    void nanAndUnscoredModelOutputNeverReachTheCaller() {
        Algorithm weird = new Algorithm() {
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
        };
        RecommenderModel m = Recommenders.train(SmallShop.dataset(), weird, Map.of(), null, 0, null);
        List<Recommendation> recs = m.recommender().recommend("stranger", Scene.HOME, 8);
        assertThat(recs).hasSize(8);
        assertThat(recs).allSatisfy(r -> assertThat(Float.isFinite(r.score())).isTrue());
        // items 3, 5, 7 scored 1 (ties: lower index first), the rest backfilled strictly below
        assertThat(recs.subList(0, 3)).extracting(Recommendation::itemIndex).containsExactly(3, 5, 7);
        assertThat(recs.get(3).score()).isLessThan(1f);
        assertThat(recs.get(0).explanation()).isEqualTo("recommended");
    }
}
