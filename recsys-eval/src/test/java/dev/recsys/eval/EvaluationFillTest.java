package dev.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filling short lists as the serving path does ({@link EvaluationOptions.Builder#fill}). */
class EvaluationFillTest {
    /** 12 users view i1, i2, i3 together; "lonely" views only z, which co-occurs with nothing; lonely's test item is i1. */
    private static Interactions[] data() {
        Interactions train = new Interactions();
        long t = 1_000_000;
        for (int u = 0; u < 12; u++) {
            for (String i : new String[] {"i1", "i2", "i3"}) {
                train.add(Event.of("u" + u, i, Behavior.VIEW, t++));
            }
            train.add(Event.of("u" + u, "i" + (4 + u % 5), Behavior.VIEW, t++));
        }
        train.add(Event.of("lonely", "z", Behavior.VIEW, t++));
        Interactions test = new Interactions(train.users(), train.items(), 4);
        test.add(Event.of("lonely", "i1", Behavior.VIEW, t + 100));
        return new Interactions[] {train, test};
    }

    @Test
    void shortListsAreFilledInServingOrderOnlyWhenAsked() {
        Interactions[] d = data();
        RecommenderModel m = Recommenders.train(new Dataset(d[0], new ItemCatalog(d[0].items())), "item-cooccurrence",
                Map.of(), TrainingListener.NONE);
        EvaluationOptions plain = EvaluationOptions.builder().threads(1).build();
        EvaluationResult off = Evaluator.of("recall@5,ndcg@5", plain).evaluate(d[0], d[1], m.model());
        assertThat(off.rankings().orElseThrow().length(0)).isEqualTo(0);
        assertThat(off.metrics().get("recall@5")).isEqualTo(0.0);
        assertThat(off.protocol()).contains("short lists not filled");

        EvaluationOptions filled = EvaluationFill.likeServing(plain.toBuilder(), m).build();
        EvaluationResult on = Evaluator.of("recall@5,ndcg@5", filled).evaluate(d[0], d[1], m.model());
        Rankings rk = on.rankings().orElseThrow();
        assertThat(rk.length(0)).isEqualTo(5);
        assertThat(on.protocol()).contains("short lists filled with " + EvaluationFill.SERVING_DESCRIPTION);
        // the fill follows the serving order, skipping the user's training item z
        int[] order = EvaluationFill.servingOrder(m);
        int next = 0;
        for (int p = 0; p < 5; p++) {
            while (d[0].items().idOf(order[next]).equals("z")) {
                next++;
            }
            assertThat(rk.itemId(0, p)).isEqualTo(d[0].items().idOf(order[next++]));
            if (p > 0) {
                assertThat(rk.score(0, p)).isLessThan(rk.score(0, p - 1));
            }
        }
        assertThat(on.metrics().get("recall@5")).isEqualTo(1.0); // i1 is among the most popular
    }

    @Test
    void fillRejectsBadArgumentsNamingThem() {
        assertThatThrownBy(() -> EvaluationOptions.builder().fill(null, "x")).hasMessageContaining("fill order");
        assertThatThrownBy(() -> EvaluationOptions.builder().fill(new int[] {-1}, "x")).hasMessageContaining("fill order");
        assertThatThrownBy(() -> EvaluationOptions.builder().fill(new int[] {0}, " ")).hasMessageContaining("fill description");
        assertThatThrownBy(() -> EvaluationFill.servingOrder(null)).hasMessageContaining("model");
        assertThat(EvaluationOptions.builder().fill(new int[] {0}, "x").noFill().build().fills()).isFalse();
    }
}
