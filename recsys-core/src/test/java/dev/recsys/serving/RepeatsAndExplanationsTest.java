package dev.recsys.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checkout repeats and explanation verbs. */
class RepeatsAndExplanationsTest {
    private static final Dataset DATA = SyntheticGenerator.generate(SyntheticConfig.builder().users(200).items(300)
            .categories(30).brands(10).days(30).meanSessionsPerUser(6).seed(3).build()).dataset();

    private static boolean repeatable(ItemCatalog c, int item) {
        int code = c.code("repeatable", item);
        return code >= 0 && c.dictionary("repeatable").valueOf(code).equals("yes");
    }

    @Test
    void checkoutRepeatsOnlyPurchasesOfRepeatableCategories() {
        RecommenderModel m = Recommenders.train(DATA, "popularity", Map.of(), TrainingListener.NONE);
        ItemCatalog cat = m.catalog();
        Interactions log = DATA.interactions();
        Map<String, Set<String>> bought = new HashMap<>();
        for (int e = 0; e < log.size(); e++) {
            if (log.behavior(e) == Behavior.PURCHASE) {
                bought.computeIfAbsent(log.users().idOf(log.user(e)), u -> new HashSet<>()).add(log.items().idOf(log.item(e)));
            }
        }
        int checkedUsers = 0;
        int buyAgain = 0;
        for (Map.Entry<String, Set<String>> en : bought.entrySet()) {
            Set<String> repeatableBought = new HashSet<>();
            Set<String> otherBought = new HashSet<>();
            for (String item : en.getValue()) {
                (repeatable(cat, m.items().indexOf(item)) ? repeatableBought : otherBought).add(item);
            }
            if (repeatableBought.isEmpty() || otherBought.isEmpty()) {
                continue;
            }
            List<Recommendation> all = m.recommender().recommend(RecommendRequest.builder(Scene.CHECKOUT, m.numItems())
                    .user(en.getKey()).build());
            Set<String> ids = new HashSet<>();
            all.forEach(r -> ids.add(r.itemId()));
            assertThat(ids).containsAll(repeatableBought).doesNotContainAnyElementsOf(otherBought);
            List<Recommendation> top = m.recommender().recommend(en.getKey(), Scene.CHECKOUT, 10);
            buyAgain += (int) top.stream().filter(r -> r.explanation().equals("buy again")).peek(r ->
                    assertThat(repeatableBought).contains(r.itemId())).count();
            checkedUsers++;
        }
        assertThat(checkedUsers).isPositive();
        assertThat(buyAgain).as("repeatable purchases come back at checkout as 'buy again'").isPositive();
    }

    @Test
    void explanationsNameTheStrongestBehaviour() {
        RecommenderModel m = Recommenders.train(DATA, "item-cooccurrence", Map.of("threads", "1"),
                TrainingListener.NONE);
        Interactions log = DATA.interactions();
        Map<String, Behavior> strongest = new HashMap<>();
        List<Behavior> order = List.of(Behavior.SEARCH, Behavior.CLICK, Behavior.VIEW, Behavior.RATING, Behavior.REVIEW,
                Behavior.FAVORITE, Behavior.ADD_TO_CART, Behavior.PURCHASE);
        for (int e = 0; e < log.size(); e++) {
            String key = log.users().idOf(log.user(e)) + "/" + log.items().idOf(log.item(e));
            Behavior b = log.behavior(e);
            strongest.merge(key, b, (x, y) -> order.indexOf(x) >= order.indexOf(y) ? x : y);
        }
        Map<Behavior, String> verbs = Map.of(Behavior.PURCHASE, "bought", Behavior.VIEW, "viewed", Behavior.CLICK,
                "clicked", Behavior.FAVORITE, "saved", Behavior.REVIEW, "reviewed", Behavior.SEARCH, "searched for");
        Set<String> seenVerbs = new HashSet<>();
        int checked = 0;
        for (int u = 0; u < 50; u++) {
            String user = m.users().idOf(u);
            for (Recommendation r : m.recommender().recommend(user, Scene.HOME, 10)) {
                String why = r.explanation();
                if (!why.startsWith("because you ")) {
                    continue;
                }
                String src;
                String verb;
                if (why.endsWith(" to your cart")) {
                    src = why.substring("because you added ".length(), why.length() - " to your cart".length());
                    verb = "cart";
                    assertThat(strongest.get(user + "/" + src)).isEqualTo(Behavior.ADD_TO_CART);
                } else {
                    src = why.substring(why.lastIndexOf(' ') + 1);
                    verb = why.substring("because you ".length(), why.lastIndexOf(' '));
                    assertThat(verb).isEqualTo(verbs.get(strongest.get(user + "/" + src)));
                }
                seenVerbs.add(verb);
                checked++;
            }
        }
        assertThat(checked).isPositive();
        assertThat(seenVerbs).as("explanations use more than one behaviour").hasSizeGreaterThan(1);
    }
}
