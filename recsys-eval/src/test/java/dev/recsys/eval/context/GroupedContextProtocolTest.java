package dev.recsys.eval.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.Behavior;
import dev.recsys.data.DataField;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Baskets and sessions grouped by an id column instead of the time-gap rule. */
class GroupedContextProtocolTest {
    private static final long HOUR = 3600;

    /** Training: 30 users each buy {a, f3} and {b, f5} and view f7, so every test item is known. */
    private static Interactions training() {
        Interactions train = new Interactions();
        long t = 1_000_000;
        for (int u = 0; u < 30; u++) {
            for (String i : new String[] {"a", "f3", "b", "f5", "f7", "x", "y"}) {
                train.add(Event.of("p" + u, i, Behavior.PURCHASE, t));
                t += 60;
            }
            t += 10 * HOUR;
        }
        return train;
    }

    private static RecommenderModel model(Interactions train) {
        return Recommenders.train(new Dataset(train, new ItemCatalog(train.items())), "item-cooccurrence", Map.of(),
                TrainingListener.NONE);
    }

    /**
     * Test: per user, order O1 = {a at t (cart), f3 at t + 5 h (purchase)}, order O2 = {b, f5} 10 and
     * 20 s after f3, and a view without an order id. The time-gap rule (1 h) cuts {a} and {f3, b, f5};
     * the ids cut {a, f3} and {b, f5}.
     */
    private static Interactions orders(Interactions train, boolean withIds) {
        Interactions test = new Interactions(train.users(), train.items(), 64);
        long t = 2_000_000;
        for (int u = 0; u < 10; u++) {
            String user = "t" + u;
            int e1 = test.add(Event.of(user, "a", Behavior.ADD_TO_CART, t));
            int e2 = test.add(Event.of(user, "f3", Behavior.PURCHASE, t + 5 * HOUR));
            int e3 = test.add(Event.of(user, "b", Behavior.ADD_TO_CART, t + 5 * HOUR + 10));
            int e4 = test.add(Event.of(user, "f5", Behavior.PURCHASE, t + 5 * HOUR + 20));
            test.add(Event.of(user, "f7", Behavior.VIEW, t + 5 * HOUR + 30));
            if (withIds) {
                test.setBasket(e1, test.basketCode("O1-" + u));
                test.setBasket(e2, test.basketCode("O1-" + u));
                test.setBasket(e3, test.basketCode("O2-" + u));
                test.setBasket(e4, test.basketCode("O2-" + u));
            }
            t += 20 * HOUR;
        }
        return test;
    }

    @Test
    void basketsComeFromTheIdColumnWhenTheLogHasOne() {
        Interactions train = training();
        RecommenderModel m = model(train);
        BasketProtocol p = new BasketProtocol(HOUR, 10, 42, 2);

        Interactions byTime = orders(train, false);
        ContextResult gap = p.evaluate(m, byTime, "item-cooccurrence");
        assertThat(gap.caseCount()).isEqualTo(10);
        assertThat(gap.skipped()).containsEntry(BasketProtocol.TOO_SMALL, 10);
        assertThat(gap.rule()).isEqualTo(p.rule()).contains("time gap");
        assertThat(p.reads(byTime)).containsExactly(DataField.CATEGORY);

        Interactions byId = orders(train, true);
        ContextResult ids = p.evaluate(m, byId, "item-cooccurrence");
        assertThat(ids.caseCount()).isEqualTo(20);
        assertThat(ids.skipped()).containsEntry(BasketProtocol.TOO_SMALL, 0)
                .containsEntry("test events without a basket id", 10);
        assertThat(ids.rule()).isEqualTo(p.rule(byId)).contains("same basket id").doesNotContain("time gap");
        assertThat(p.reads(byId)).containsExactlyInAnyOrder(DataField.CATEGORY, DataField.BASKET);
        for (int c = 0; c < ids.caseCount(); c++) {
            ContextCase cs = ids.cases().get(c);
            assertThat(cs.context()).hasSize(1);
            boolean first = cs.target().equals("a") || cs.target().equals("f3");
            assertThat(cs.context().get(0)).isIn(first ? new String[] {"a", "f3"} : new String[] {"b", "f5"})
                    .isNotEqualTo(cs.target());
        }
        // the same figures on any thread count
        ContextResult one = new BasketProtocol(HOUR, 10, 42, 1).evaluate(m, byId, "item-cooccurrence");
        assertThat(one.metrics()).isEqualTo(ids.metrics());
        assertThat(one.cases()).isEqualTo(ids.cases());
    }

    /**
     * Per user two interleaved sessions: S1 = x (t), y (t + 60); S2 = y (t + 30), x (t + 90). The
     * time-gap rule sees one session x, y, y, x = x, y, x; the ids see x, y and y, x.
     */
    @Test
    void sessionsComeFromTheIdColumnInTimeOrder() {
        Interactions train = training();
        RecommenderModel m = model(train);
        Interactions test = new Interactions(train.users(), train.items(), 64);
        Interactions plain = new Interactions(train.users(), train.items(), 64);
        long t = 2_000_000;
        for (int u = 0; u < 8; u++) {
            String user = "t" + u;
            String[] items = {"x", "y", "y", "x"};
            long[] at = {t, t + 30, t + 60, t + 90};
            String[] sess = {"S1-", "S2-", "S1-", "S2-"};
            for (int k = 0; k < 4; k++) {
                int e = test.add(Event.of(user, items[k], Behavior.VIEW, at[k]));
                test.setSession(e, test.sessionCode(sess[k] + u));
                plain.add(Event.of(user, items[k], Behavior.VIEW, at[k]));
            }
            t += 20 * HOUR;
        }
        SessionProtocol p = new SessionProtocol(HOUR, 10, 42, 2);
        ContextResult gap = p.evaluate(m, plain, "item-cooccurrence");
        assertThat(gap.caseCount()).isEqualTo(8);
        ContextResult ids = p.evaluate(m, test, "item-cooccurrence");
        assertThat(ids.caseCount()).isEqualTo(16);
        assertThat(ids.rule()).contains("same session id");
        for (ContextCase c : ids.cases()) {
            assertThat(c.context()).hasSize(1);
            assertThat(c.target()).isNotEqualTo(c.context().get(0));
        }
        assertThat(ids.cases().stream().filter(c -> c.target().equals("y")).count()).isEqualTo(8);

        // the basket protocol does not read session ids: time-gap rule, and the session column is unused
        BasketProtocol b = new BasketProtocol();
        assertThat(b.reads(test)).doesNotContain(DataField.SESSION);
        assertThat(b.rule(test)).isEqualTo(b.rule());
        assertThat(Dataset.of(test).unusedFields(b.reads(test), "the basket protocol")).singleElement().asString()
                .startsWith("the session id column (16 session ids) is not used by the basket protocol");
        // leave-last-out ignores sessions too
        SessionProtocol last = SessionProtocol.leaveLastOut(10, EnumSet.of(Behavior.VIEW), dev.recsys.api.Scene.HOME, 1);
        assertThat(last.reads(test)).doesNotContain(DataField.SESSION);
    }
}
