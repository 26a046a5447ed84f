package dev.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.api.Scene;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static final double EPS = 1e-9;
    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    // items get dense indices 0..5 for ids 1..6; the model prefers lower indices: score = 6 - index
    private static final String TRAIN = "a 1; a 2; b 3; c 1";
    private static final String TEST = "a 3; a 4; b 1; b 5; c 6";
    private static final String[] SIX = {"1", "2", "3", "4", "5", "6"};

    private static Fixtures.TableModel descending() {
        return new Fixtures.TableModel("descending", 6, (u, i, s) -> 6 - i);
    }

    private static Evaluator evaluator(String metrics, EvaluationOptions.Builder b) {
        return Evaluator.of(metrics, b.threads(2).build());
    }

    @Test
    void handComputedWithTrainingItemsExcluded() {
        Interactions[] d = Fixtures.pair(TRAIN, TEST);
        EvaluationResult r = evaluator("precision@2,recall@2,ndcg@2,map@2,mrr@2,hitrate@2", EvaluationOptions.builder())
                .evaluate(d[0], d[1], descending());
        // a: seen {1,2} -> list [3,4], both relevant; b: seen {3} -> [1,2], 1 relevant of {1,5};
        // c: seen {1} -> [2,3], relevant {6} missed
        assertThat(r.metric("precision@2")).isCloseTo((1 + 0.5 + 0) / 3, within(EPS));
        assertThat(r.metric("recall@2")).isCloseTo((1 + 0.5 + 0) / 3, within(EPS));
        assertThat(r.metric("ndcg@2")).isCloseTo((1 + 1 / (1 + 1 / LOG2_3)) / 3, within(EPS));
        assertThat(r.metric("map@2")).isCloseTo((1 + 0.5) / 3, within(EPS));
        assertThat(r.metric("mrr@2")).isCloseTo(2.0 / 3, within(EPS));
        assertThat(r.metric("hitrate@2")).isCloseTo(2.0 / 3, within(EPS));
        assertThat(r.usersEvaluated()).isEqualTo(3);
        assertThat(r.sampled()).isFalse();
        assertThat(r.protocol()).contains("training items excluded").contains("full catalogue").contains("6 items");
        assertThat(r.metrics().keySet()).containsExactly("precision@2", "recall@2", "ndcg@2", "map@2", "mrr@2", "hitrate@2");

        Rankings rk = r.rankings().orElseThrow();
        assertThat(rk.units()).isEqualTo(3);
        assertThat(rk.user(0)).isEqualTo("a");
        assertThat(rk.itemId(0, 0)).isEqualTo("3");
        assertThat(rk.itemId(0, 1)).isEqualTo("4");
        assertThat(rk.isHit(1, 0)).isTrue();
        assertThat(rk.isHit(1, 1)).isFalse();
        assertThat(rk.relevantCount(1)).isEqualTo(2);

        UserMetrics pu = r.perUser();
        assertThat(pu.rows()).isEqualTo(3);
        assertThat(pu.get(1, pu.column("precision@2"))).isEqualTo(0.5);
        assertThat(pu.scene(0)).isEqualTo(Scene.HOME);
    }

    @Test
    void keepingTrainingItemsInTheRankingLowersTheseResults() {
        Interactions[] d = Fixtures.pair(TRAIN, TEST);
        EvaluationResult excluded = evaluator("precision@2,recall@2", EvaluationOptions.builder()).evaluate(d[0], d[1], descending());
        EvaluationResult kept = evaluator("precision@2,recall@2", EvaluationOptions.builder().excludeTrainingItems(false))
                .evaluate(d[0], d[1], descending());
        // kept: every list is [1,2]; only b's item 1 is relevant
        assertThat(kept.metric("precision@2")).isCloseTo(0.5 / 3, within(EPS));
        assertThat(kept.metric("recall@2")).isCloseTo(0.5 / 3, within(EPS));
        assertThat(excluded.metric("precision@2")).isGreaterThan(kept.metric("precision@2"));
        assertThat(kept.protocol()).contains("training items kept in ranking");
        assertThat(kept.rankings().orElseThrow().itemId(0, 0)).isEqualTo("1");
    }

    @Test
    void relevantItemsAlreadySeenAreDroppedWhenExcluding() {
        // b's test item 3 was in b's training data: excluded from ranking, so dropped from the relevant set
        Interactions[] d = Fixtures.pair(TRAIN, "a 3; b 3; b 1", SIX);
        EvaluationResult r = evaluator("recall@2", EvaluationOptions.builder()).evaluate(d[0], d[1], descending());
        assertThat(r.relevantDroppedAsSeen()).isEqualTo(1);
        assertThat(r.rankings().orElseThrow().relevantCount(1)).isEqualTo(1);
        assertThat(r.metric("recall@2")).isEqualTo(1.0);
        EvaluationResult kept = evaluator("recall@2", EvaluationOptions.builder().excludeTrainingItems(false))
                .evaluate(d[0], d[1], descending());
        assertThat(kept.relevantDroppedAsSeen()).isZero();
        assertThat(kept.rankings().orElseThrow().relevantCount(1)).isEqualTo(2);
    }

    @Test
    void relevanceThresholdShrinksRelevantSetsAndEvaluatedUsers() {
        Interactions[] d = Fixtures.pair("a 1 4; a 2 3; b 3 5; c 1 2", "a 3 5; a 4 2; b 1 4; b 5 3; c 6 1");
        EvaluationResult all = evaluator("precision@2,recall@2", EvaluationOptions.builder()).evaluate(d[0], d[1], descending());
        EvaluationResult thr = evaluator("precision@2,recall@2", EvaluationOptions.builder().relevanceThreshold(4))
                .evaluate(d[0], d[1], descending());
        assertThat(all.usersEvaluated()).isEqualTo(3);
        assertThat(all.metric("recall@2")).isCloseTo(0.5, within(EPS));
        // threshold 4: a {3}, b {1}, c none -> c is not evaluated; both remaining users find their item
        assertThat(thr.usersEvaluated()).isEqualTo(2);
        assertThat(thr.metric("precision@2")).isCloseTo(0.5, within(EPS));
        assertThat(thr.metric("recall@2")).isCloseTo(1.0, within(EPS));
        assertThat(thr.protocol()).contains("rating >= 4");
    }

    @Test
    void sampledModeRanksTargetAgainstNegativesAndIsLabelled() {
        // one user, 50 items; the relevant item (index 19 -> id "t") is 20th in the full ranking
        StringBuilder train = new StringBuilder("x i0");
        for (int i = 1; i < 50; i++) {
            train.append("; y i").append(i);
        }
        Interactions[] d = Fixtures.pair(train.toString(), "x i19");
        Fixtures.TableModel m = new Fixtures.TableModel("desc", 50, (u, i, s) -> 50 - i);
        EvaluationResult full = evaluator("hitrate@10,ndcg@10,auc", EvaluationOptions.builder()).evaluate(d[0], d[1], m);
        EvaluationResult sampled = evaluator("hitrate@10,ndcg@10,auc", EvaluationOptions.builder().sampledNegatives(5))
                .evaluate(d[0], d[1], m);
        assertThat(full.metric("hitrate@10")).isEqualTo(0.0);
        // among 6 candidates the target is always within the top 10
        assertThat(sampled.metric("hitrate@10")).isEqualTo(1.0);
        assertThat(sampled.sampled()).isTrue();
        assertThat(sampled.sampledNegatives()).isEqualTo(5);
        assertThat(sampled.protocol()).contains("sampled").contains("5 random negatives").contains("seed 42");
        assertThat(sampled.rankings()).isEmpty();
        // full AUC: 18 candidates above the target (i0 is excluded), 30 below
        assertThat(full.metric("auc")).isCloseTo(30.0 / 48, within(EPS));
        // more negatives than candidates: all 48 are used, so it equals the full ranking
        EvaluationResult all = evaluator("hitrate@10,auc", EvaluationOptions.builder().sampledNegatives(100))
                .evaluate(d[0], d[1], m);
        assertThat(all.metric("hitrate@10")).isEqualTo(0.0);
        assertThat(all.metric("auc")).isCloseTo(30.0 / 48, within(EPS));
    }

    @Test
    void sampledModeIsSeededAndReproducible() {
        Interactions log = Fixtures.randomLog(60, 200, 12, 3);
        Interactions[] d = leaveTwoOut(log);
        Fixtures.TableModel m = Fixtures.TableModel.hashed("hash", 200, 5);
        EvaluationOptions.Builder b = EvaluationOptions.builder().sampledNegatives(20);
        EvaluationResult r1 = evaluator("ndcg@5,hitrate@5,auc", b.seed(7)).evaluate(d[0], d[1], m);
        EvaluationResult r2 = evaluator("ndcg@5,hitrate@5,auc", b.seed(7).threads(1)).evaluate(d[0], d[1], m);
        EvaluationResult r3 = evaluator("ndcg@5,hitrate@5,auc", b.seed(8)).evaluate(d[0], d[1], m);
        assertThat(r2.metrics()).isEqualTo(r1.metrics());
        assertThat(r3.metrics()).isNotEqualTo(r1.metrics());
    }

    @Test
    void beyondAccuracyMetricsHandComputed() {
        Interactions[] d = Fixtures.pair(TRAIN, TEST);
        ItemCatalog cat = new ItemCatalog(d[0].items());
        String[] cats = {"A", "A", "B", "B"};
        for (int i = 0; i < cats.length; i++) {
            cat.setCategorical(ItemCatalog.CATEGORY, i, cats[i]);
        }
        EvaluationOptions.Builder b = EvaluationOptions.builder().catalog(cat, ItemCatalog.CATEGORY);
        EvaluationResult r = evaluator("coverage@2,gini@2,popularity@2,novelty@2,ild-category@2", b)
                .evaluate(d[0], d[1], descending());
        // lists: a [2,3] b [0,1] c [1,2] (dense indices); exposure 1,2,2,1,0,0
        assertThat(r.metric("coverage@2")).isCloseTo(4.0 / 6, within(EPS));
        assertThat(r.metric("gini@2")).isCloseTo(16.0 / 36, within(EPS));
        // training users per item: 0 -> 2, 1 -> 1, 2 -> 1, others 0
        assertThat(r.metric("popularity@2")).isCloseTo((0.5 + 1.5 + 1.0) / 3, within(EPS));
        double a = LOG2_3;
        double bb = ((LOG2_3 - 1) + LOG2_3) / 2;
        assertThat(r.metric("novelty@2")).isCloseTo((a + bb + LOG2_3) / 3, within(EPS));
        assertThat(r.metric("ild-category@2")).isCloseTo(1.0 / 3, within(EPS));
        PopularityProfile pp = r.popularity().orElseThrow();
        assertThat(pp.exposure()).containsExactly(1, 2, 2, 1, 0, 0);
        assertThat(pp.popularity()).containsExactly(2, 1, 1, 0, 0, 0);
        assertThat(r.perUser().metrics()).containsExactly("popularity@2", "novelty@2", "ild-category@2");
    }

    @Test
    void perSceneMetricsAndSceneInQuery() {
        Interactions[] d = Fixtures.pair(TRAIN, "a 3 - home; a 4 - cart; b 1 - cart", SIX);
        List<Scene> seenScenes = Collections.synchronizedList(new ArrayList<>());
        // home prefers low indices, cart high ones
        Fixtures.TableModel m = new Fixtures.TableModel("scened", 6, (u, i, s) -> {
            seenScenes.add(s);
            return s.equals(Scene.CART) ? i : 6 - i;
        });
        EvaluationResult r = evaluator("precision@2,recall@2", EvaluationOptions.builder()).evaluate(d[0], d[1], m);
        // (a,home): [3,4] hit 3 -> P .5 R 1; (a,cart): [6,5] miss; (b,cart): [6,5] miss
        assertThat(r.perScene().keySet()).containsExactly("home", "cart");
        assertThat(r.sceneMetric("home", "precision@2").getAsDouble()).isCloseTo(0.5, within(EPS));
        assertThat(r.sceneMetric("home", "recall@2").getAsDouble()).isCloseTo(1.0, within(EPS));
        assertThat(r.sceneMetric("cart", "recall@2").getAsDouble()).isEqualTo(0.0);
        assertThat(r.metric("recall@2")).isCloseTo(1.0 / 3, within(EPS));
        assertThat(r.usersEvaluated()).isEqualTo(2);
        assertThat(r.unitsEvaluated()).isEqualTo(3);
        assertThat(r.usersPerScene()).containsEntry("home", 1).containsEntry("cart", 2);
        assertThat(seenScenes).contains(Scene.HOME, Scene.CART);
        assertThat(r.perUser().rows()).isEqualTo(3);
        assertThat(r.perUser().scene(1)).isEqualTo(Scene.CART);
    }

    @Test
    void ratingMetricsPoolAllTestRatingsIgnoringTheThreshold() {
        Interactions[] d = Fixtures.pair("a 1 4; b 3 5; c 1 2", "a 3 5; a 4 2; b 1 4; b 5 3; c 6 1", SIX);
        Fixtures.TableModel m = new Fixtures.TableModel("three", 6, (u, i, s) -> 6 - i, (u, i) -> 3f);
        EvaluationResult r = evaluator("rmse,mse,mae,precision@2", EvaluationOptions.builder().relevanceThreshold(4))
                .evaluate(d[0], d[1], m);
        // errors 2, -1, 1, 0, -2
        assertThat(r.metric("mse")).isCloseTo(2.0, within(EPS));
        assertThat(r.metric("rmse")).isCloseTo(Math.sqrt(2.0), within(EPS));
        assertThat(r.metric("mae")).isCloseTo(1.2, within(EPS));
        assertThat(r.ratingsEvaluated()).isEqualTo(5);
        UserMetrics pu = r.perUser();
        // c has no relevant item (rating 1) but its rating still counts
        assertThat(pu.rows()).isEqualTo(3);
        assertThat(pu.get(0, pu.column("rmse"))).isCloseTo(Math.sqrt(2.5), within(EPS));
        assertThat(pu.has(2, pu.column("precision@2"))).isFalse();
        assertThat(pu.value(2, pu.column("precision@2"))).isEmpty();
        assertThat(r.usersEvaluated()).isEqualTo(2);
    }

    @Test
    void ratingMetricsNeedARatingModel() {
        Interactions[] d = Fixtures.pair(TRAIN, TEST);
        assertThatThrownBy(() -> evaluator("rmse", EvaluationOptions.builder()).evaluate(d[0], d[1], descending()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rmse").hasMessageContaining("descending");
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Interactions log = Fixtures.randomLog(300, 400, 15, 11);
        Interactions[] d = leaveTwoOut(log);
        Fixtures.TableModel m = Fixtures.TableModel.hashed("hash", 400, 9);
        String metrics = "precision@10,recall@10,ndcg@10,map@10,auc,auc@10,coverage@10,gini@10,novelty@10";
        EvaluationResult one = Evaluator.of(metrics, EvaluationOptions.builder().threads(1).build()).evaluate(d[0], d[1], m);
        EvaluationResult four = Evaluator.of(metrics, EvaluationOptions.builder().threads(4).build()).evaluate(d[0], d[1], m);
        assertThat(four.metrics()).isEqualTo(one.metrics());
        UserMetrics a = one.perUser();
        UserMetrics b = four.perUser();
        assertThat(b.rows()).isEqualTo(a.rows());
        for (int row = 0; row < a.rows(); row++) {
            for (int c = 0; c < a.metrics().size(); c++) {
                assertThat(b.value(row, c)).isEqualTo(a.value(row, c));
            }
        }
        Rankings ra = one.rankings().orElseThrow();
        Rankings rb = four.rankings().orElseThrow();
        for (int u = 0; u < ra.units(); u++) {
            assertThat(rb.length(u)).isEqualTo(ra.length(u));
            for (int i = 0; i < ra.length(u); i++) {
                assertThat(rb.item(u, i)).isEqualTo(ra.item(u, i));
            }
        }
        assertThat(one.usersEvaluated()).isEqualTo(300);
    }

    @Test
    void recommenderAdapterAgreesWithDenseEvaluation() {
        Interactions log = Fixtures.randomLog(80, 150, 10, 21);
        Interactions[] d = leaveTwoOut(log);
        Fixtures.TableModel m = Fixtures.TableModel.hashed("hash", 150, 2);
        Fixtures.TableRecommender rec = new Fixtures.TableRecommender(m, d[0].users(), d[0].items());
        Evaluator ev = Evaluator.of("precision@5,recall@5,ndcg@5,mrr@5,auc@5,coverage@5", EvaluationOptions.defaults());
        EvaluationResult dense = ev.evaluate(d[0], d[1], m);
        EvaluationResult adapted = ev.evaluate(d[0], d[1], rec, "hash", Map.of());
        for (String k : dense.metrics().keySet()) {
            assertThat(adapted.metric(k)).as(k).isCloseTo(dense.metric(k), within(1e-12));
        }
        // sampled: same negatives (sampling does not depend on the ranker), same ranking rule
        Evaluator sampled = Evaluator.of("hitrate@5,ndcg@5", EvaluationOptions.builder().sampledNegatives(30).build());
        EvaluationResult ds = sampled.evaluate(d[0], d[1], m);
        EvaluationResult as = sampled.evaluate(d[0], d[1], rec, "hash", Map.of());
        assertThat(as.metric("ndcg@5")).isCloseTo(ds.metric("ndcg@5"), within(1e-12));
        assertThat(as.metric("hitrate@5")).isCloseTo(ds.metric("hitrate@5"), within(1e-12));
        assertThatThrownBy(() -> Evaluator.of("rmse", EvaluationOptions.defaults()).evaluate(d[0], d[1], rec, "x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rating");
    }

    @Test
    void progressReachesTheTotal() {
        Interactions log = Fixtures.randomLog(100, 50, 6, 1);
        Interactions[] d = leaveTwoOut(log);
        List<int[]> calls = Collections.synchronizedList(new ArrayList<>());
        EvaluationOptions o = EvaluationOptions.builder().threads(3)
                .listener((stage, step, total, m) -> calls.add(new int[] {step, total})).build();
        EvaluationResult r = Evaluator.of("ndcg@5", o).evaluate(d[0], d[1], Fixtures.TableModel.hashed("h", 50, 0));
        assertThat(calls).isNotEmpty();
        assertThat(calls.stream().mapToInt(c -> c[0]).max().getAsInt()).isEqualTo(r.unitsEvaluated());
        assertThat(calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(r.unitsEvaluated()));
    }

    @Test
    void rejectsNanScoresAndForeignIndices() {
        Interactions[] d = Fixtures.pair(TRAIN, TEST);
        Fixtures.TableModel nan = new Fixtures.TableModel("nan", 6, (u, i, s) -> i == 3 ? Float.NaN : 1f);
        assertThatThrownBy(() -> evaluator("ndcg@2", EvaluationOptions.builder()).evaluate(d[0], d[1], nan))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nan").hasMessageContaining("item index 3");
        Interactions[] other = Fixtures.pair(TRAIN, TEST);
        assertThatThrownBy(() -> evaluator("ndcg@2", EvaluationOptions.builder()).evaluate(d[0], other[1], descending()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share");
        assertThatThrownBy(() -> Evaluator.of("coverage@5", EvaluationOptions.builder().sampledNegatives(10).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("full-catalogue");
        assertThatThrownBy(() -> Evaluator.of("ild-category@5", EvaluationOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("catalogue");
    }

    @Test
    void unscorableItemsAreNeverRecommended() {
        Interactions[] d = Fixtures.pair(TRAIN, TEST);
        Fixtures.TableModel m = new Fixtures.TableModel("partial", 6, (u, i, s) -> i >= 4 ? Float.NEGATIVE_INFINITY : 6 - i);
        EvaluationResult r = evaluator("precision@5", EvaluationOptions.builder()).evaluate(d[0], d[1], m);
        Rankings rk = r.rankings().orElseThrow();
        // a: seen {0,1}, items 4,5 unscorable -> only [2,3]
        assertThat(rk.length(0)).isEqualTo(2);
        assertThat(r.metric("precision@5")).isCloseTo((2.0 / 5 + 1.0 / 5 + 0) / 3, within(EPS));
    }

    @Test
    void curveMatchesMetricsAtEachCutoff() {
        Interactions log = Fixtures.randomLog(50, 60, 8, 4);
        Interactions[] d = leaveTwoOut(log);
        Fixtures.TableModel m = Fixtures.TableModel.hashed("hash", 60, 1);
        CurveResult c = Evaluator.curve(d[0], d[1], m, EvaluationOptions.defaults(), 12);
        assertThat(c.maxK()).isEqualTo(12);
        for (int k : new int[] {1, 5, 12}) {
            EvaluationResult r = Evaluator.of("precision@" + k + ",recall@" + k + ",ndcg@" + k, EvaluationOptions.defaults())
                    .evaluate(d[0], d[1], m);
            assertThat(c.precision()[k - 1]).isCloseTo(r.metric("precision@" + k), within(1e-12));
            assertThat(c.recall()[k - 1]).isCloseTo(r.metric("recall@" + k), within(1e-12));
            assertThat(c.ndcg()[k - 1]).isCloseTo(r.metric("ndcg@" + k), within(1e-12));
        }
    }

    @Test
    void fullAucPerUserMatchesTheReferenceDefinition() {
        Interactions log = Fixtures.randomLog(40, 70, 12, 8);
        // two held-out items per user, then one (the evaluator has a separate path for one)
        Interactions[] two = leaveTwoOut(log);
        Fixtures.TableModel m = Fixtures.TableModel.hashed("hash", 70, 4);
        EvaluationResult r = Evaluator.of("auc", EvaluationOptions.defaults()).evaluate(two[0], two[1], m);
        dev.recsys.data.InteractionMatrix seen = dev.recsys.data.MatrixBuilder.build(two[0], dev.recsys.data.MatrixOptions.binary());
        UserMetrics pu = r.perUser();
        for (int row = 0; row < pu.rows(); row++) {
            int u = pu.userIndex(row);
            float[] scores = new float[70];
            m.score(dev.recsys.spi.Query.ofUser(u, new int[0], new float[0], Scene.HOME), scores);
            boolean[] excluded = new boolean[70];
            for (int i : seen.rowColumns(u)) {
                excluded[i] = true;
            }
            List<Integer> rel = new ArrayList<>();
            for (int e = 0; e < two[1].size(); e++) {
                if (two[1].user(e) == u) {
                    rel.add(two[1].item(e));
                }
            }
            double expected = dev.recsys.eval.metrics.RankingMetrics.auc(scores, rel.stream().mapToInt(Integer::intValue).toArray(), excluded);
            assertThat(pu.get(row, 0)).isCloseTo(expected, within(1e-12));
        }
        // single relevant item per user
        Interactions[] one = new Interactions[] {two[0], two[1].select(java.util.stream.IntStream.range(0, two[1].size())
                .filter(e -> e % 2 == 0).toArray())};
        EvaluationResult r1 = Evaluator.of("auc", EvaluationOptions.defaults()).evaluate(one[0], one[1], m);
        UserMetrics p1 = r1.perUser();
        for (int row = 0; row < p1.rows(); row++) {
            int u = p1.userIndex(row);
            float[] scores = new float[70];
            m.score(dev.recsys.spi.Query.ofUser(u, new int[0], new float[0], Scene.HOME), scores);
            boolean[] excluded = new boolean[70];
            for (int i : seen.rowColumns(u)) {
                excluded[i] = true;
            }
            int target = -1;
            for (int e = 0; e < one[1].size(); e++) {
                if (one[1].user(e) == u) {
                    target = one[1].item(e);
                }
            }
            assertThat(p1.get(row, 0)).isCloseTo(dev.recsys.eval.metrics.RankingMetrics.auc(scores, new int[] {target}, excluded),
                    within(1e-12));
        }
    }

    @Test
    void coldTestUsersAreQueriedAsUnknownAndCounted() {
        Interactions[] d = Fixtures.pair("a 1 4; a 2 3; b 3 5", "a 3 5; z 1 4", SIX);
        List<Integer> queried = Collections.synchronizedList(new ArrayList<>());
        TrainedModelWithUnknown m = new TrainedModelWithUnknown(queried);
        EvaluationResult r = Evaluator.of("precision@2,rmse", EvaluationOptions.builder().threads(1).build()).evaluate(d[0], d[1], m);
        int z = d[0].users().indexOf("z");
        assertThat(queried).contains(-1).doesNotContain(z);
        assertThat(r.unitsWithoutScores()).isEqualTo(1);
        assertThat(r.usersEvaluated()).isEqualTo(2);
        // a: [3,4] holds 3 -> 0.5; z: nothing -> 0
        assertThat(r.metric("precision@2")).isCloseTo(0.25, within(EPS));
        assertThat(r.ratingsEvaluated()).isEqualTo(1);
        assertThat(r.ratingsSkipped()).isEqualTo(1);
        assertThat(r.metric("rmse")).isCloseTo(2.0, within(EPS));
    }

    /** Descending scores for known users, nothing for unknown ones; predicts 3. */
    private static final class TrainedModelWithUnknown implements dev.recsys.spi.TrainedModel {
        private final List<Integer> queried;

        TrainedModelWithUnknown(List<Integer> queried) {
            this.queried = queried;
        }

        @Override
        public String algorithm() {
            return "known-only";
        }

        @Override
        public dev.recsys.spi.Params params() {
            return dev.recsys.spi.Params.defaults(List.of());
        }

        @Override
        public int numItems() {
            return 6;
        }

        @Override
        public boolean score(dev.recsys.spi.Query q, float[] out) {
            queried.add(q.user());
            if (q.user() < 0) {
                return false;
            }
            for (int i = 0; i < 6; i++) {
                out[i] = 6 - i;
            }
            return true;
        }

        @Override
        public boolean predictsRatings() {
            return true;
        }

        @Override
        public float predict(int user, int item) {
            return 3f;
        }

        @Override
        public void save(dev.recsys.spi.ModelOutput out) {
        }
    }

    /** The last two events of each user go to test. */
    static Interactions[] leaveTwoOut(Interactions log) {
        List<Integer> tr = new ArrayList<>();
        List<Integer> te = new ArrayList<>();
        int n = log.size();
        for (int e = 0; e < n; e++) {
            boolean last2 = e + 2 >= n || log.user(e + 2) != log.user(e);
            (last2 ? te : tr).add(e);
        }
        return new Interactions[] {log.select(tr.stream().mapToInt(Integer::intValue).toArray()),
                log.select(te.stream().mapToInt(Integer::intValue).toArray())};
    }
}
