package dev.recsys.eval.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.eval.split.Split;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaveLastOutProtocolTest {
    @Test
    void oneCasePerUserWithTheLatestTargetBehaviourRankedOverTheCatalogue() {
        IdIndex users = new IdIndex();
        IdIndex items = new IdIndex();
        Interactions train = new Interactions(users, items, 16);
        Interactions test = new Interactions(users, items, 16);
        // every user views a, b, c in training; "a" is the most popular
        for (int u = 0; u < 6; u++) {
            train.add(Event.of("u" + u, "a", Behavior.VIEW, 10));
            train.add(Event.of("u" + u, u % 2 == 0 ? "b" : "c", Behavior.VIEW, 20));
        }
        train.add(Event.of("x", "a", Behavior.VIEW, 5));
        test.add(Event.of("u0", "c", Behavior.PURCHASE, 30));
        test.add(Event.of("u0", "b", Behavior.VIEW, 40));       // later, but not a purchase
        test.add(Event.of("u1", "a", Behavior.VIEW, 30));       // no purchase: skipped
        test.add(Event.of("u2", "zz", Behavior.PURCHASE, 30));  // unknown item: skipped
        RecommenderModel model = Recommenders.train(Dataset.of(train), "popularity", Map.of(), TrainingListener.NONE);
        SessionProtocol p = SessionProtocol.leaveLastOut(2, Set.of(Behavior.PURCHASE), Scene.of("next"), 1);
        assertThat(p.isLeaveLastOut()).isTrue();
        assertThat(p.name()).isEqualTo("leave-last-out");
        SceneEngine engine = SceneEngine.builder(model)
                .scene(Scene.of("next"), SceneConfig.builder().source("personal", 1).source("trending", 1).build()).build();
        ContextResult r = p.evaluateEngine(engine, test, "popularity");
        assertThat(r.caseCount()).isEqualTo(1);
        assertThat(r.cases().get(0).target()).isEqualTo("c");
        assertThat(r.cases().get(0).context()).containsExactly(SessionProtocol.NO_PREFIX);
        assertThat(r.skipped()).containsEntry(SessionProtocol.NO_TARGET, 2);
        assertThat(r.rank(0)).isBetween(0, 2);
        assertThat(r.rule()).contains("leave-last-out").contains("PURCHASE");
        assertThatThrownBy(() -> SessionProtocol.leaveLastOut(10, Set.of(), Scene.HOME, 1)).hasMessageContaining("targets");
        assertThatThrownBy(() -> SessionProtocol.leaveLastOut(0, Set.of(Behavior.VIEW), Scene.HOME, 1))
                .hasMessageContaining("k must");
    }

    @Test
    void leaveLastOutSplitHoldsOutTheLatestNewItemTargetAndItsValidationCutTheOneBefore() {
        Interactions log = new Interactions();
        // u0: a, b, c(buy), b(buy: not new), d(view)  -> test c, train a b
        log.add(Event.of("u0", "a", Behavior.VIEW, 1));
        log.add(Event.of("u0", "b", Behavior.PURCHASE, 2));
        log.add(Event.of("u0", "c", Behavior.PURCHASE, 3));
        log.add(Event.of("u0", "b", Behavior.PURCHASE, 4));
        log.add(Event.of("u0", "d", Behavior.VIEW, 5));
        // u1: one purchase only (no earlier event): stays in training whole
        log.add(Event.of("u1", "a", Behavior.PURCHASE, 1));
        Split s = SessionProtocol.leaveLastOutSplit(log, Set.of(Behavior.PURCHASE));
        assertThat(s.test().size()).isEqualTo(1);
        assertThat(s.test().items().idOf(s.test().item(0))).isEqualTo("c");
        assertThat(s.train().size()).isEqualTo(3); // u0's a, b and u1's a
        assertThat(s.train().users()).isSameAs(log.users());
        Split v = SessionProtocol.leaveLastOutSplit(s.train(), Set.of(Behavior.PURCHASE));
        assertThat(v.test().items().idOf(v.test().item(0))).isEqualTo("b");
        assertThat(v.train().size()).isEqualTo(2);
        assertThatThrownBy(() -> SessionProtocol.leaveLastOutSplit(v.train(), Set.of(Behavior.PURCHASE)))
                .hasMessageContaining("no user");
        assertThatThrownBy(() -> SessionProtocol.leaveLastOutSplit(log, Set.of())).hasMessageContaining("targets");
    }
}
