package dev.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Behavior;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.eval.ColdStartEvaluation.ItemHoldout;
import dev.recsys.eval.ColdStartEvaluation.Result;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ColdStartEvaluationTest {
    private static final Interactions LOG = ratings(Fixtures.randomLog(60, 40, 8, 3));

    /** The same events as ratings of 4 (the protocol reads RATING and REVIEW events). */
    private static Interactions ratings(Interactions views) {
        Interactions log = new Interactions(views.users(), views.items(), views.size());
        for (int e = 0; e < views.size(); e++) {
            log.add(views.user(e), views.item(e), Behavior.RATING, 4f, views.time(e), Interactions.NO_SCENE);
        }
        return log;
    }

    @Test
    void holdOutPutsEveryEventOfTheChosenItemsOnTheTestSide() {
        ItemHoldout h = ColdStartEvaluation.holdOutItems(LOG, 0.25, 11);
        int seen = (int) Arrays.stream(events(LOG)).distinct().count();
        assertThat(h.seenItems()).isEqualTo(seen);
        assertThat(h.coldCount()).isEqualTo((int) Math.floor(0.25 * seen));
        assertThat(h.coldItems()).isSorted().doesNotHaveDuplicates();
        assertThat(h.train().size() + h.test().size()).isEqualTo(LOG.size());
        for (int i : events(h.test())) {
            assertThat(h.coldItems()).contains(i);
        }
        for (int i : events(h.train())) {
            assertThat(h.coldItems()).doesNotContain(i);
        }
        assertThat(h.train().items()).isSameAs(LOG.items());
    }

    @Test
    void sameSeedSameItemsOtherSeedOtherItems() {
        assertThat(ColdStartEvaluation.holdOutItems(LOG, 0.25, 11).coldItems())
                .containsExactly(ColdStartEvaluation.holdOutItems(LOG, 0.25, 11).coldItems());
        assertThat(ColdStartEvaluation.holdOutItems(LOG, 0.25, 12).coldItems())
                .isNotEqualTo(ColdStartEvaluation.holdOutItems(LOG, 0.25, 11).coldItems());
    }

    @Test
    void badFractionNamesTheParameter() {
        assertThatThrownBy(() -> ColdStartEvaluation.holdOutItems(LOG, 1.0, 1)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> ColdStartEvaluation.holdOutItems(LOG, Double.NaN, 1)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> ColdStartEvaluation.holdOutItems(LOG, 0.001, 1))
                .hasMessageContaining("holds out 0 items");
    }

    @Test
    void oracleModelFindsEveryHeldOutItemAndRandomIsTheExactExpectation() {
        ItemHoldout h = ColdStartEvaluation.holdOutItems(LOG, 0.25, 11);
        InteractionMatrix test = testMatrix(h);
        ItemCatalog catalog = new ItemCatalog(LOG.items());
        int k = 50; // more than the held-out items: every relevant item is in the top K
        Result r = ColdStartEvaluation.evaluate(h, catalog, new Fixtures.TableModel("oracle", LOG.items().size(),
                (u, i, s) -> u < test.rows() && test.get(u, i) != 0f ? 1f : 0f), k);
        assertThat(r.model()).isEqualTo(1.0);
        assertThat(r.fullCatalogue()).isEqualTo(1.0);
        double expected = 0;
        int users = 0;
        for (int u = 0; u < test.rows(); u++) {
            int rel = test.rowLength(u);
            if (rel > 0) {
                users++;
                expected += (double) k * rel / h.coldCount() / Math.min(k, rel);
            }
        }
        assertThat(r.users()).isEqualTo(users);
        assertThat(r.random()).isCloseTo(expected / users, org.assertj.core.data.Offset.offset(1e-12));
        // no attributes: every held-out item scores 0, ties broken by index, recall in [0, 1]
        assertThat(r.attributePopularity()).isBetween(0.0, 1.0);
    }

    @Test
    void eventsOtherThanRatingsAreNotRelevant() {
        ItemHoldout h = ColdStartEvaluation.holdOutItems(Fixtures.randomLog(60, 40, 8, 3), 0.25, 11);
        assertThatThrownBy(() -> ColdStartEvaluation.evaluate(h, new ItemCatalog(h.train().items()),
                new Fixtures.TableModel("x", 40, (u, i, s) -> 0f), 5))
                .hasMessageContaining("no user has an event on a held-out item");
    }

    @Test
    void modelThatRanksHeldOutItemsLastMissesThemInTheFullCatalogue() {
        ItemHoldout h = ColdStartEvaluation.holdOutItems(LOG, 0.25, 11);
        boolean[] cold = new boolean[LOG.items().size()];
        for (int i : h.coldItems()) {
            cold[i] = true;
        }
        Result r = ColdStartEvaluation.evaluate(h, new ItemCatalog(LOG.items()),
                new Fixtures.TableModel("warm", LOG.items().size(), (u, i, s) -> cold[i] ? Float.NaN : 1f), 3);
        assertThat(r.fullCatalogue()).isZero();
        assertThat(r.model()).isZero(); // NaN scores never enter a top K
        assertThatThrownBy(() -> ColdStartEvaluation.evaluate(h, new ItemCatalog(LOG.items()),
                new Fixtures.TableModel("x", 1, (u, i, s) -> 0f), 0)).hasMessageContaining("k must be >= 1");
    }

    @Test
    void attributePopularityAveragesWarmItemsSharingAValue() {
        IdIndex ids = new IdIndex();
        for (int i = 0; i < 4; i++) {
            ids.add(i);
        }
        ItemCatalog c = new ItemCatalog(ids);
        c.setCategorical("category", 0, "a");
        c.setCategorical("category", 1, "a");
        c.setCategorical("category", 2, "b");
        c.setCategorical("category", 3, "a");
        c.setNumeric("flag", 0, 1f);
        c.setNumeric("flag", 3, 1f);
        // users x items: item 0 has 3 events, item 1 has 1, item 2 has 2, item 3 (cold) none
        InteractionMatrix m = new InteractionMatrix(3, 4, new int[] {0, 3, 5, 6},
                new int[] {0, 1, 2, 0, 2, 0}, new float[] {1, 1, 1, 1, 1, 1});
        float[] p = ColdStartEvaluation.attributePopularity(c, m, 4);
        assertThat(p[3]).isEqualTo(2.5f); // mean of category a (items 0 and 1: 2) and flag (item 0: 3)
        assertThat(p[2]).isEqualTo(2f);
    }

    private static int[] events(Interactions log) {
        int[] items = new int[log.size()];
        for (int e = 0; e < log.size(); e++) {
            items[e] = log.item(e);
        }
        return items;
    }

    private static InteractionMatrix testMatrix(ItemHoldout h) {
        return dev.recsys.data.MatrixBuilder.build(h.test(), dev.recsys.data.MatrixOptions.ratings());
    }
}
