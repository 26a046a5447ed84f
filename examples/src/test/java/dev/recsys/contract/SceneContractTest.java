package dev.recsys.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered algorithm through every standard scene, on a small synthetic shop with planted
 * tastes (categories, complements, repeatable consumables): the scene, not the algorithm, decides
 * what kind of answer comes back, and every explanation names only an item that shaped it.
 */
class SceneContractTest {
    private static final Dataset DATA = SyntheticGenerator.generate(SyntheticConfig.builder().users(150).items(120)
            .categories(12).brands(5).days(20).meanSessionsPerUser(6).seed(11).build()).dataset();
    /** Small, fast settings per algorithm; an algorithm not listed trains with its defaults. */
    private static final Map<String, Map<String, String>> PARAMS = Map.ofEntries(
            Map.entry("popularity", Map.of()),
            Map.entry("item-cooccurrence", Map.of("threads", "1")),
            Map.entry("ials", Map.of("factors", "16", "iterations", "6", "threads", "1")),
            Map.entry("als", Map.of("factors", "8", "iterations", "5", "threads", "1")),
            Map.entry("biased-mf", Map.of("factors", "8", "epochs", "20")),
            Map.entry("svdpp", Map.of("factors", "8", "epochs", "10")),
            Map.entry("bpr", Map.of("factors", "16", "epochs", "20")),
            Map.entry("ease", Map.of("threads", "1")),
            Map.entry("scene-ease", Map.of("threads", "1", "min-scene-events", "20")),
            Map.entry("scene-ials", Map.of("factors", "16", "iterations", "6", "threads", "1")),
            Map.entry("mult-vae", Map.of("hidden", "32", "latent", "8", "epochs", "10", "batch-size", "32", "threads", "1")),
            Map.entry("cdae", Map.of("hidden", "16", "epochs", "5", "threads", "1")),
            Map.entry("neumf", Map.of("factors", "8", "epochs", "2", "threads", "1")),
            Map.entry("item-attribute-ae", Map.of("hidden", "32", "latent", "8", "epochs", "5", "code", "8",
                    "attribute-epochs", "10", "threads", "1")),
            Map.entry("scene-star", Map.of("factors", "8", "epochs", "3", "finetune-epochs", "1")),
            Map.entry("vsknn", Map.of()),
            Map.entry("sasrec", Map.of("factors", "8", "epochs", "2", "max-length", "10")),
            Map.entry("gru4rec", Map.of("factors", "8", "epochs", "2", "max-length", "10")));
    private static final Pattern NAMED = Pattern.compile(
            "(similar to|often viewed with|often bought with|because you [a-z ]+?) (\\S+)( to your cart)?");
    private static final Map<String, RecommenderModel> MODELS = new HashMap<>();

    @TempDir
    Path dir;

    static Stream<String> algorithms() {
        return Algorithms.all().stream().map(Algorithm::name);
    }

    private static synchronized RecommenderModel model(String algo) {
        return MODELS.computeIfAbsent(algo, a -> Recommenders.train(DATA, a, PARAMS.getOrDefault(a, Map.of()),
                TrainingListener.NONE));
    }

    private static ItemCatalog catalog() {
        return DATA.catalog();
    }

    private static int category(String item) {
        return catalog().category(DATA.interactions().items().indexOf(item));
    }

    private static List<String> itemsOfCategory(int c) {
        List<String> out = new ArrayList<>();
        Interactions log = DATA.interactions();
        for (int i = 0; i < log.items().size(); i++) {
            if (catalog().category(i) == c) {
                out.add(log.items().idOf(i));
            }
        }
        return out;
    }

    /** Items each user touched in the training events, and which of them they bought. */
    private static Map<String, Set<String>> touched(boolean purchasesOnly) {
        Map<String, Set<String>> out = new HashMap<>();
        Interactions log = DATA.interactions();
        for (int e = 0; e < log.size(); e++) {
            if (!purchasesOnly || log.behavior(e) == Behavior.PURCHASE) {
                out.computeIfAbsent(log.users().idOf(log.user(e)), u -> new HashSet<>()).add(log.items().idOf(log.item(e)));
            }
        }
        return out;
    }

    private static boolean repeatable(String item) {
        int code = catalog().code("repeatable", DATA.interactions().items().indexOf(item));
        return code >= 0 && catalog().dictionary("repeatable").valueOf(code).equals("yes");
    }

    private static List<String> ids(List<Recommendation> recs) {
        return recs.stream().map(Recommendation::itemId).toList();
    }

    private static long ofCategory(List<Recommendation> recs, int c) {
        return recs.stream().filter(r -> category(r.itemId()) == c).count();
    }

    /** Well formed, and every item an explanation names is the page's item, a cart item or the user's own. */
    private static void assertHonest(String algo, RecommendRequest req, List<Recommendation> recs) {
        assertThat(recs).as("%s %s", algo, req.scene()).hasSizeLessThanOrEqualTo(req.k());
        assertThat(ids(recs)).doesNotHaveDuplicates();
        Set<String> own = req.user() == null ? Set.of() : touched(false).getOrDefault(req.user(), Set.of());
        float prev = Float.POSITIVE_INFINITY;
        for (Recommendation r : recs) {
            assertThat(Float.isFinite(r.score()) && r.score() <= prev).as("%s score of %s", algo, r).isTrue();
            prev = r.score();
            String why = r.explanation();
            assertThat(why).as("%s %s", algo, r.itemId()).isNotBlank();
            Matcher m = NAMED.matcher(why);
            if (!m.matches()) {
                continue;
            }
            String named = m.group(2);
            String kind = m.group(1);
            Set<String> allowed = kind.startsWith("because you") ? own
                    : kind.equals("often bought with") ? new HashSet<>(req.cart())
                    // without an item on the page the anchor is one of the user's own (latest purchase)
                    : req.currentItem() == null ? own : Set.of(req.currentItem());
            assertThat(allowed).as("%s on %s: '%s' for %s names an item that did not shape it", algo, req.scene(), why,
                    r.itemId()).contains(named);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void everySceneGivesItsKindOfAnswer(String algo) {
        RecommenderModel m = model(algo);
        Map<String, Set<String>> bought = touched(true);
        List<String> users = new ArrayList<>(bought.keySet());
        users.sort(null);
        users = users.subList(0, 12);
        long detailC = 0;
        long homeC = 0;
        long reviewC = 0;
        int carts = 0;
        int changed = 0;
        for (String u : users) {
            RecommendRequest homeReq = RecommendRequest.builder(Scene.HOME, 10).user(u).build();
            List<Recommendation> home = m.recommender().recommend(homeReq);
            assertHonest(algo, homeReq, home);
            assertThat(home).as("%s home of %s", algo, u).hasSize(10);
            assertThat(ids(home)).as("%s home excludes what %s touched", algo, u)
                    .doesNotContainAnyElementsOf(touched(false).get(u));

            String anchor = bought.get(u).iterator().next();
            int c = category(anchor);
            RecommendRequest detailReq = RecommendRequest.builder(Scene.ITEM_DETAIL, 10).user(u).currentItem(anchor).build();
            List<Recommendation> detail = m.recommender().recommend(detailReq);
            assertHonest(algo, detailReq, detail);
            assertThat(ids(detail)).doesNotContain(anchor);
            detailC += ofCategory(detail, c);
            homeC += ofCategory(home, c);

            RecommendRequest reviewReq = RecommendRequest.builder(Scene.AFTER_SALE_REVIEW, 10).user(u).currentItem(anchor)
                    .build();
            List<Recommendation> review = m.recommender().recommend(reviewReq);
            assertHonest(algo, reviewReq, review);
            reviewC += ofCategory(review, c);
            RecommendRequest lastReq = RecommendRequest.builder(Scene.AFTER_SALE_REVIEW, 10).user(u).build();
            assertHonest(algo, lastReq, m.recommender().recommend(lastReq));

            // the cart answer follows the cart: one item of another category changes it
            String other = itemsOfCategory((c + 1) % 12).get(0);
            RecommendRequest cartA = RecommendRequest.builder(Scene.CART, 10).user(u).cart(List.of(anchor)).build();
            RecommendRequest cartB = RecommendRequest.builder(Scene.CART, 10).user(u).cart(List.of(other)).build();
            List<Recommendation> a = m.recommender().recommend(cartA);
            List<Recommendation> b = m.recommender().recommend(cartB);
            assertHonest(algo, cartA, a);
            assertHonest(algo, cartB, b);
            assertThat(ids(a)).doesNotContain(anchor);
            assertThat(ids(b)).doesNotContain(other);
            carts++;
            changed += ids(a).equals(ids(b)) ? 0 : 1;

            // checkout: no purchase of a non-repeatable category comes back; "buy again" only repeats a purchase
            RecommendRequest checkoutReq = RecommendRequest.builder(Scene.CHECKOUT, 20).user(u).build();
            List<Recommendation> checkout = m.recommender().recommend(checkoutReq);
            assertHonest(algo, checkoutReq, checkout);
            for (Recommendation r : checkout) {
                if (bought.get(u).contains(r.itemId())) {
                    assertThat(repeatable(r.itemId())).as("%s checkout repeats %s", algo, r.itemId()).isTrue();
                }
                if (r.explanation().equals("buy again")) {
                    assertThat(bought.get(u)).contains(r.itemId());
                }
            }
            RecommendRequest searchReq = RecommendRequest.builder(Scene.SEARCH, 5).user(u)
                    .candidates(itemsOfCategory(c)).build();
            List<Recommendation> search = m.recommender().recommend(searchReq);
            assertHonest(algo, searchReq, search);
            assertThat(search).allSatisfy(r -> assertThat(category(r.itemId())).isEqualTo(c));
        }
        assertThat(detailC).as("%s: item detail ranks more items of the page item's category than home", algo)
                .isGreaterThan(homeC).isGreaterThanOrEqualTo(users.size() * 3L);
        assertThat(reviewC).as("%s: the review page follows the purchased item", algo).isGreaterThan(homeC);
        assertThat(changed).as("%s: the cart answer changes with the cart", algo).isEqualTo(carts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void newVisitorsGetContextAnswersToo(String algo) {
        RecommenderModel m = model(algo);
        String anchor = itemsOfCategory(3).get(0);
        RecommendRequest detail = RecommendRequest.builder(Scene.ITEM_DETAIL, 8).currentItem(anchor).build();
        List<Recommendation> recs = m.recommender().recommend(detail);
        assertHonest(algo, detail, recs);
        assertThat(recs).hasSize(8);
        assertThat(ofCategory(recs, 3)).as("%s anonymous item detail", algo).isGreaterThanOrEqualTo(4);
        RecommendRequest home = RecommendRequest.builder(Scene.HOME, 8).build();
        List<Recommendation> cold = m.recommender().recommend(home);
        assertHonest(algo, home, cold);
        assertThat(cold).hasSize(8).allSatisfy(r -> assertThat(r.explanation()).startsWith("trending"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void answersAndExplanationsSurviveSaveAndLoad(String algo) throws Exception {
        RecommenderModel m = model(algo);
        Path f = dir.resolve(algo + ".model");
        ModelFiles.save(m, f);
        RecommenderModel back = ModelFiles.load(f);
        List<String> users = new ArrayList<>(touched(false).keySet());
        users.sort(null);
        String item = itemsOfCategory(2).get(0);
        for (String u : users.subList(0, 6)) {
            for (Scene s : Scene.standard()) {
                RecommendRequest r = RecommendRequest.builder(s, 6).user(u).currentItem(item).cart(List.of(item)).build();
                assertThat(back.recommender().recommend(r)).as("%s %s %s", algo, u, s).isEqualTo(m.recommender().recommend(r));
            }
        }
    }

    @Test
    void everyRegisteredAlgorithmHasFastSettings() {
        assertThat(PARAMS.keySet()).containsAll(algorithms().toList());
    }
}
