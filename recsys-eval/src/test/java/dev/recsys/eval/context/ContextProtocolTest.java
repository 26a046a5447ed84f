package dev.recsys.eval.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.eval.output.CsvOutput;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.io.StringWriter;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Basket and session protocols on small synthetic logs built here. */
class ContextProtocolTest {
    private static final long HOUR = 3600;

    /**
     * Training: 30 users put the planted pair (a, b) in one basket, 60 users buy two random filler
     * items, everyone views fillers; test: 20 new users each with a basket {a, b} (and a one-item
     * basket, which is skipped).
     */
    private static Interactions[] plantedBaskets() {
        Interactions train = new Interactions();
        SplittableRandom rng = new SplittableRandom(7);
        long t = 1_000_000;
        for (int u = 0; u < 30; u++) {
            train.add(ev("p" + u, "a", Behavior.ADD_TO_CART, t));
            train.add(ev("p" + u, "b", Behavior.PURCHASE, t + 60));
            train.add(ev("p" + u, "f" + rng.nextInt(40), Behavior.VIEW, t + 120));
            t += 10 * HOUR;
        }
        for (int u = 0; u < 60; u++) {
            int x = rng.nextInt(40);
            int y = (x + 1 + rng.nextInt(39)) % 40;
            train.add(ev("r" + u, "f" + x, Behavior.ADD_TO_CART, t));
            train.add(ev("r" + u, "f" + y, Behavior.PURCHASE, t + 30));
            t += 10 * HOUR;
        }
        Interactions test = new Interactions(train.users(), train.items(), 64);
        for (int u = 0; u < 20; u++) {
            test.add(ev("t" + u, "a", Behavior.ADD_TO_CART, t));
            test.add(ev("t" + u, "b", Behavior.ADD_TO_CART, t + 100));
            test.add(ev("t" + u, "f3", Behavior.PURCHASE, t + 100 + 5 * HOUR)); // alone: skipped
            t += 20 * HOUR;
        }
        return new Interactions[] {train, test};
    }

    /** Training: 40 users view x then y; 80 users view random fillers; test: 15 new users view x then y. */
    private static Interactions[] plantedSessions() {
        Interactions train = new Interactions();
        SplittableRandom rng = new SplittableRandom(11);
        long t = 1_000_000;
        for (int u = 0; u < 40; u++) {
            train.add(ev("p" + u, "x", Behavior.VIEW, t));
            train.add(ev("p" + u, "y", Behavior.VIEW, t + 60));
            t += 10 * HOUR;
        }
        for (int u = 0; u < 80; u++) {
            for (int j = 0; j < 3; j++) {
                train.add(ev("r" + u, "f" + rng.nextInt(50), Behavior.VIEW, t + j * 60));
            }
            t += 10 * HOUR;
        }
        Interactions test = new Interactions(train.users(), train.items(), 64);
        for (int u = 0; u < 15; u++) {
            test.add(ev("t" + u, "x", Behavior.VIEW, t));
            test.add(ev("t" + u, "x", Behavior.VIEW, t + 10)); // repeat: merged
            test.add(ev("t" + u, "y", Behavior.VIEW, t + 60));
            t += 20 * HOUR;
        }
        return new Interactions[] {train, test};
    }

    private static dev.recsys.data.Event ev(String u, String i, Behavior b, long t) {
        return dev.recsys.data.Event.of(u, i, b, t);
    }

    private static RecommenderModel train(Interactions train, String algo) {
        return Recommenders.train(new Dataset(train, new ItemCatalog(train.items())), algo, Map.of(), TrainingListener.NONE);
    }

    @Test
    void plantedCoPurchasePairIsFoundByItemCooccurrence() {
        Interactions[] d = plantedBaskets();
        RecommenderModel m = train(d[0], "item-cooccurrence");
        ContextResult r = new BasketProtocol(HOUR, 10, 42, 2).evaluate(m, d[1], "item-cooccurrence");
        assertThat(r.caseCount()).isEqualTo(20);
        assertThat(r.skipped()).containsEntry(BasketProtocol.TOO_SMALL, 20).containsEntry(BasketProtocol.UNKNOWN, 0);
        for (ContextCase c : r.cases()) {
            assertThat(c.context()).hasSize(1);
            assertThat(c.target()).isIn("a", "b");
            assertThat(c.context().get(0)).isNotEqualTo(c.target()).isIn("a", "b");
        }
        assertThat(r.metrics()).containsEntry("hitrate@10", 1.0).containsEntry("mrr@10", 1.0).containsEntry("ndcg@10", 1.0);
        // both items are held out for some basket (the seeded choice is not constant)
        assertThat(r.cases().stream().map(ContextCase::target).distinct().count()).isEqualTo(2);
    }

    @Test
    void plantedNextItemIsFoundThroughTheItemDetailScene() {
        Interactions[] d = plantedSessions();
        RecommenderModel m = train(d[0], "item-cooccurrence");
        ContextResult r = new SessionProtocol(HOUR, 10, 42, 2).evaluate(m, d[1], "item-cooccurrence");
        assertThat(r.caseCount()).isEqualTo(15);
        for (ContextCase c : r.cases()) {
            assertThat(c.context()).containsExactly("x"); // the repeated view of x is merged
            assertThat(c.events()).hasSize(1);
            assertThat(c.target()).isEqualTo("y");
        }
        assertThat(r.metrics().get("hitrate@10")).isEqualTo(1.0);
        assertThat(r.metrics().get("mrr@10")).isEqualTo(1.0);
    }

    @Test
    void gapSplitsBasketsAndSessions() {
        Interactions[] d = plantedBaskets();
        RecommenderModel m = train(d[0], "popularity");
        // with a 50 s gap a and b (100 s apart) are separate one-item baskets: no case at all
        assertThatThrownBy(() -> new BasketProtocol(50, 10, 42, 1).evaluate(m, d[1], "popularity"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no basket case");
        // with a 6 h gap the lone purchase joins the basket: 3 items, 2 in the cart
        assertThat(new BasketProtocol(6 * HOUR, 10, 42, 1).cases(m, d[1])).hasSize(20)
                .allSatisfy(c -> assertThat(c.context()).hasSize(2));
    }

    @Test
    void resultsDoNotDependOnTheThreadCountAndFollowTheSeed() {
        Interactions train = new Interactions();
        Interactions test = new Interactions(train.users(), train.items(), 0);
        SplittableRandom rng = new SplittableRandom(3);
        long t = 0;
        for (int u = 0; u < 300; u++) {
            Interactions log = u < 200 ? train : test;
            for (int s = 0; s < 2; s++) {
                for (int j = 0; j < 2 + rng.nextInt(4); j++) {
                    Behavior b = rng.nextInt(3) == 0 ? Behavior.VIEW : rng.nextBoolean() ? Behavior.ADD_TO_CART : Behavior.PURCHASE;
                    log.add(ev("u" + u, "i" + (int) (60 * Math.pow(rng.nextDouble(), 2)), b, t));
                    t += 30;
                }
                t += 2 * HOUR;
            }
        }
        RecommenderModel m = train(train, "item-cooccurrence");
        for (boolean basket : new boolean[] {true, false}) {
            ContextProtocol one = basket ? new BasketProtocol(HOUR, 10, 5, 1) : new SessionProtocol(HOUR, 10, 5, 1);
            ContextProtocol four = basket ? new BasketProtocol(HOUR, 10, 5, 4) : new SessionProtocol(HOUR, 10, 5, 4);
            ContextResult a = one.evaluate(m, test, "ic");
            ContextResult b = four.evaluate(m, test, "ic");
            assertThat(a.caseCount()).isGreaterThan(50);
            assertThat(b.metrics()).isEqualTo(a.metrics());
            assertThat(b.cases()).isEqualTo(a.cases());
            assertThat(rankings(b)).isEqualTo(rankings(a));
            ContextProtocol other = basket ? new BasketProtocol(HOUR, 10, 6, 4) : new SessionProtocol(HOUR, 10, 6, 4);
            assertThat(other.cases(m, test)).isNotEqualTo(a.cases());
        }
    }

    private static String rankings(ContextResult r) {
        StringWriter w = new StringWriter();
        try {
            CsvOutput.writeRankings(w, r);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return w.toString();
    }

    @Test
    void heldOutAndRankingsFilesMatchTheResult() throws Exception {
        Interactions[] d = plantedBaskets();
        RecommenderModel m = train(d[0], "item-cooccurrence");
        ContextResult r = new BasketProtocol(HOUR, 5, 42, 1).evaluate(m, d[1], "ic");
        StringWriter held = new StringWriter();
        CsvOutput.writeHeldOut(held, r);
        String[] lines = held.toString().split("\n");
        assertThat(lines[0]).isEqualTo("case,user,item,context_size");
        assertThat(lines).hasSize(21);
        assertThat(lines[1]).startsWith(r.cases().get(0).id() + "," + r.cases().get(0).user() + "," + r.cases().get(0).target());
        String rk = rankings(r);
        assertThat(rk.split("\n")[0]).isEqualTo("case,user,rank,item,score");
        assertThat(rk.split("\n")).hasSize(1 + 20 * 5);
    }

    @Test
    void badSettingsNameTheParameter() {
        assertThatThrownBy(() -> new BasketProtocol(-1, 10, 42, 0)).hasMessageContaining("gapSeconds");
        assertThatThrownBy(() -> new SessionProtocol(HOUR, 0, 42, 0)).hasMessageContaining("k must");
        assertThatThrownBy(() -> new SessionProtocol(HOUR, ContextProtocol.MAX_K + 1, 42, 0)).hasMessageContaining("k must");
        assertThatThrownBy(() -> new BasketProtocol(HOUR, 10, 42, -2)).hasMessageContaining("threads");
        Interactions[] d = plantedBaskets();
        RecommenderModel m = train(d[0], "popularity");
        assertThatThrownBy(() -> new BasketProtocol().evaluate(m, d[1], " ")).hasMessageContaining("algorithm");
        assertThatThrownBy(() -> new BasketProtocol().evaluate(null, d[1], "x")).hasMessageContaining("model");
        assertThatThrownBy(() -> new SessionProtocol().evaluate(m, null, "x")).hasMessageContaining("test");
    }
}
