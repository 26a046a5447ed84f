package dev.recsys.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommender;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.LoadOptions;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymsTest {
    private static final byte[] KEY = "0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    static Dataset shop() {
        Interactions log = new Interactions();
        long t = 1_700_000_000L;
        for (int u = 0; u < 12; u++) {
            for (int k = 0; k < 6; k++) {
                log.add(new Event("customer-" + u, "i" + ((u * 3 + k * 5) % 15), Behavior.VIEW, 1f, t += 60, Scene.HOME));
            }
        }
        return Dataset.of(log);
    }

    @Test
    void pseudonymIsTruncatedHmacSha256UnderTheKey() throws Exception {
        Pseudonyms p = Pseudonyms.withKey(KEY);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] h = mac.doFinal("alice".getBytes(StandardCharsets.UTF_8));
        String expected = "p-" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(java.util.Arrays.copyOf(h, 16));
        assertThat(p.of("alice")).isEqualTo(expected).hasSize(24);
        assertThat(Pseudonyms.isPseudonym(p.of("alice"))).isTrue();
        assertThat(Pseudonyms.isPseudonym("alice")).isFalse();
        assertThat(Pseudonyms.withKey(KEY).of("alice")).isEqualTo(p.of("alice"));
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertThat(Pseudonyms.withKey(other).of("alice")).isNotEqualTo(p.of("alice"));
        assertThat(p.toString()).doesNotContain("0123456789");
        assertThatThrownBy(() -> Pseudonyms.withKey(new byte[8])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
    }

    @Test
    void modelFilesAndRankingsOfPseudonymisedDataHoldNoRawIdAndServingTakesRawIds() throws Exception {
        Pseudonyms p = Pseudonyms.withKey(KEY);
        Dataset data = p.apply(shop());
        assertThat(data.interactions().size()).isEqualTo(shop().interactions().size());
        RecommenderModel m = Recommenders.train(data, "item-cooccurrence", Map.of("min-support", "1", "threads", "1"),
                TrainingListener.NONE);
        Path f = dir.resolve("m.model");
        ModelExport.save(m, f, ModelExport.UserIds.PSEUDONYMOUS_ONLY);
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("customer-").contains(p.of("customer-3"));

        Recommender serving = p.recommender(m.recommender());
        List<Recommendation> raw = serving.recommend("customer-3", Scene.HOME, 5);
        List<Recommendation> hashed = m.recommender().recommend(p.of("customer-3"), Scene.HOME, 5);
        assertThat(raw).isNotEmpty().isEqualTo(hashed);
        assertThat(raw.toString()).doesNotContain("customer-");
        // recording through the pseudonym reaches the same user
        m.recommender().record(p.event(Event.of("customer-3", "i14", Behavior.PURCHASE, 1_700_100_000L)));
        assertThat(m.recommender().purchased(p.of("customer-3"))).containsExactly("i14");
        RecommendRequest req = RecommendRequest.builder(Scene.HOME, 3).user("customer-3")
                .recentEvents(List.of(Event.of("customer-3", "i1", Behavior.VIEW, 1_700_100_100L))).build();
        assertThat(p.request(req).user()).isEqualTo(p.of("customer-3"));
        assertThat(p.request(req).recentEvents().get(0).user()).isEqualTo(p.of("customer-3"));
    }

    @Test
    void loadReplacesIdsAtLoadTime() throws Exception {
        Path file = dir.resolve("u.data");
        List<String> lines = new ArrayList<>();
        for (int u = 1; u <= 5; u++) {
            for (int i = 1; i <= 4; i++) {
                lines.add(u + "\t" + (u + i) + "\t" + (1 + (u + i) % 5) + "\t" + (881250949 + u * 10 + i));
            }
        }
        Files.write(file, lines);
        Pseudonyms p = Pseudonyms.withKey(KEY);
        Dataset d = p.load(file, DataFormat.MOVIELENS, LoadOptions.defaults()).dataset();
        assertThat(d.interactions().size()).isEqualTo(20);
        assertThat(d.interactions().users().size()).isEqualTo(5);
        for (int u = 0; u < 5; u++) {
            assertThat(Pseudonyms.isPseudonym(d.interactions().users().idOf(u))).isTrue();
        }
        assertThat(d.interactions().users().indexOf(p.of("3"))).isNotNegative();
    }

    @Test
    void basketsAndSessionsSurviveWithTheirIdsReplaced() {
        Interactions in = new Interactions();
        String[] baskets = {"order-1", "order-1", null, "order-2", "order-2"};
        String[] sessions = {"s-a", "s-a", "s-a", "s-b", null};
        for (int e = 0; e < baskets.length; e++) {
            int at = in.add(Event.of("customer-" + (e % 2), "i" + e, Behavior.PURCHASE, 1_000L + e));
            if (baskets[e] != null) {
                in.setBasket(at, in.basketCode(baskets[e]));
            }
            if (sessions[e] != null) {
                in.setSession(at, in.sessionCode(sessions[e]));
            }
        }
        Pseudonyms p = Pseudonyms.withKey(KEY);
        Interactions out = p.apply(new Dataset(in, null)).interactions();
        assertThat(out.hasBaskets()).isTrue();
        assertThat(out.hasSessions()).isTrue();
        assertThat(out.basketCount()).isEqualTo(2);
        assertThat(out.sessionCount()).isEqualTo(2);
        for (int e = 0; e < baskets.length; e++) {
            for (int f = 0; f < baskets.length; f++) {
                assertThat(out.basket(e) == out.basket(f)).isEqualTo(in.basket(e) == in.basket(f));
                assertThat(out.session(e) == out.session(f)).isEqualTo(in.session(e) == in.session(f));
            }
        }
        assertThat(out.basket(2)).isEqualTo(Interactions.NO_GROUP);
        assertThat(out.session(4)).isEqualTo(Interactions.NO_GROUP);
        for (int c = 0; c < 2; c++) {
            assertThat(Pseudonyms.isPseudonym(out.basketIds().idOf(c))).isTrue();
            assertThat(Pseudonyms.isPseudonym(out.sessionIds().idOf(c))).isTrue();
        }
        assertThat(out.basketIds().indexOf("order-1")).isNegative();
        assertThat(out.sessionIds().indexOf("s-a")).isNegative();
        // a basket's pseudonym is not the user pseudonym of the same string
        assertThat(out.basketIds().indexOf(p.of("order-1"))).isNegative();
    }

    @Test
    void savingRawUserIdsIsAnExplicitChoice() throws Exception {
        RecommenderModel m = Recommenders.train(shop(), "popularity", Map.of(), TrainingListener.NONE);
        assertThat(ModelExport.rawUserIds(m)).isEqualTo(12);
        Path f = dir.resolve("raw.model");
        assertThatThrownBy(() -> ModelExport.save(m, f, ModelExport.UserIds.PSEUDONYMOUS_ONLY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 raw user ids")
                .hasMessageNotContaining("customer-");
        assertThat(f).doesNotExist();
        ModelExport.save(m, f, ModelExport.UserIds.RAW_ALLOWED);
        assertThat(ModelFiles.load(f).numUsers()).isEqualTo(12);
        // a forgotten user's tombstone is not a raw id
        Pseudonyms p = Pseudonyms.withKey(KEY);
        RecommenderModel pm = Recommenders.train(p.apply(shop()), "popularity", Map.of(), TrainingListener.NONE);
        RecommenderModel forgotten = Forgetting.forget(pm, null, p.of("customer-1")).model();
        assertThat(ModelExport.rawUserIds(forgotten)).isZero();
    }
}
