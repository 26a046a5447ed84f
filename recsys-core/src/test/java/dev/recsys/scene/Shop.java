package dev.recsys.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Recommendation;
import dev.recsys.data.Dataset;
import dev.recsys.data.ItemCatalog;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticData;
import dev.recsys.synth.SyntheticGenerator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A small synthetic shop and the models the engine tests use. */
final class Shop {
    static final SyntheticData DATA = SyntheticGenerator.generate(SyntheticConfig.builder().users(300).items(400)
            .categories(30).brands(12).days(30).meanSessionsPerUser(6).seed(7).build());
    static final Dataset DATASET = DATA.dataset();
    static final RecommenderModel FACTORS = Recommenders.train(DATASET, new CategoryFactors(), null, null, 30,
            TrainingListener.NONE);

    private Shop() {
    }

    static ItemCatalog catalog() {
        return FACTORS.catalog();
    }

    static int index(String item) {
        return FACTORS.items().indexOf(item);
    }

    static String category(String item) {
        int c = catalog().category(index(item));
        return c < 0 ? null : catalog().dictionary(ItemCatalog.CATEGORY).valueOf(c);
    }

    static int brand(String item) {
        return catalog().brand(index(item));
    }

    static boolean repeatable(String item) {
        int c = catalog().code("repeatable", index(item));
        return c >= 0 && catalog().dictionary("repeatable").valueOf(c).equals("yes");
    }

    /** The first item (by index) of a category, skipping some. */
    static List<String> itemsOf(String category) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < FACTORS.numItems(); i++) {
            String id = FACTORS.items().idOf(i);
            if (category.equals(category(id))) {
                out.add(id);
            }
        }
        return out;
    }

    /** Asserts the contract of an answer: at most k, distinct, finite non-increasing scores, explained. */
    static void assertValidRanking(List<Recommendation> recs, int k, Set<String> excluded) {
        assertThat(recs.size()).isLessThanOrEqualTo(k);
        Set<String> seen = new HashSet<>();
        float prev = Float.POSITIVE_INFINITY;
        for (Recommendation r : recs) {
            assertThat(seen.add(r.itemId())).as("duplicate %s in %s", r.itemId(), recs).isTrue();
            assertThat(Float.isFinite(r.score())).isTrue();
            assertThat(r.score()).isLessThanOrEqualTo(prev);
            prev = r.score();
            assertThat(r.explanation()).isNotBlank();
            assertThat(excluded).doesNotContain(r.itemId());
        }
    }
}
