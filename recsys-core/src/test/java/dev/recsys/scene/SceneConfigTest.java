package dev.recsys.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneConfigTest {

    @Test
    void namesParseIntoTheTypes() {
        SceneConfig byName = SceneConfig.builder()
                .source("trending", 1.0).source("co-view", 0.5)
                .filter("in-stock").filter("price-range", "0", "20").filter("category", "book", "lamp")
                .exclude("history").exclude("cart-near-duplicates")
                .build();
        SceneConfig typed = SceneConfig.builder()
                .source(Source.TRENDING, 1.0).source(Source.CO_VIEW, 0.5)
                .filter(SceneFilter.inStock()).filter(SceneFilter.priceRange(0, 20))
                .filter(SceneFilter.category("book", "lamp"))
                .exclude(Exclusion.HISTORY).exclude(Exclusion.CART_NEAR_DUPLICATES)
                .build();
        assertThat(byName.sources()).containsExactly(
                java.util.Map.entry(Source.TRENDING, 1.0f), java.util.Map.entry(Source.CO_VIEW, 0.5f));
        assertThat(byName.sources()).isEqualTo(typed.sources());
        assertThat(byName.filters()).isEqualTo(typed.filters()).containsExactly(new SceneFilter.InStock(),
                new SceneFilter.PriceRange(0f, 20f), new SceneFilter.Category(List.of("book", "lamp")));
        assertThat(byName.exclusions()).isEqualTo(typed.exclusions())
                .containsExactly(Exclusion.HISTORY, Exclusion.CART_NEAR_DUPLICATES);
        assertThat(byName.toString()).isEqualTo(typed.toString()).contains("co-view", "cart-near-duplicates");
    }

    @Test
    void everyNameRoundTrips() {
        for (Source s : Source.values()) {
            assertThat(Source.of(s.label())).isSameAs(s);
        }
        for (Exclusion e : Exclusion.values()) {
            assertThat(Exclusion.of(e.label())).isSameAs(e);
        }
        for (SceneFilter.Kind k : SceneFilter.Kind.values()) {
            List<String> args = switch (k) {
                case CATEGORY -> List.of("book");
                case PRICE_RANGE -> List.of("1.5", "2");
                default -> List.of();
            };
            assertThat(SceneFilter.of(k.label(), args).kind()).isSameAs(k);
        }
        assertThat(SceneConfig.SOURCES).hasSize(Source.values().length).contains("personal", "co-view", "candidates");
        assertThat(SceneConfig.FILTERS).hasSize(SceneFilter.Kind.values().length).contains("in-stock", "review-aware");
        assertThat(SceneConfig.EXCLUSIONS).hasSize(Exclusion.values().length).contains("current", "purchased");
    }

    @Test
    void badNamesAndArgumentsAreRejectedWhenBuilt() {
        assertThatThrownBy(() -> Source.of("co_view")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("co_view").hasMessageContaining("co-view");
        assertThatThrownBy(() -> Exclusion.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history");
        assertThatThrownBy(() -> SceneConfig.builder().filter("in-stock", "yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no arguments");
        assertThatThrownBy(() -> SceneConfig.builder().filter("category"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> SceneFilter.category("book", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> SceneConfig.builder().filter("price-range", "0", "cheap"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max 'cheap'");
        assertThatThrownBy(() -> SceneFilter.priceRange(20, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min 20.0 > max 10.0");
        assertThatThrownBy(() -> SceneFilter.priceRange(0, Float.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> SceneConfig.builder().source((Source) null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("personal");
        assertThatThrownBy(() -> SceneConfig.builder().source(Source.PERSONAL, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("personal");
        assertThatThrownBy(() -> SceneConfig.builder().filter((SceneFilter) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-stock");
        assertThatThrownBy(() -> SceneConfig.builder().exclude((Exclusion) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purchased");
    }

    @Test
    void typedAndNamedConfigurationsRankAlike() {
        SceneConfig byName = SceneConfig.builder().source("similar", 1).source("trending", 0.2)
                .filter("other-brand").exclude("current").build();
        SceneConfig typed = SceneConfig.builder().source(Source.SIMILAR, 1).source(Source.TRENDING, 0.2)
                .filter(SceneFilter.otherBrand()).exclude(Exclusion.CURRENT).build();
        SceneEngine e = SceneEngine.builder(Shop.FACTORS).trainingData(Shop.DATASET)
                .scene(Scene.of("a"), byName).scene(Scene.of("b"), typed).build();
        String item = Shop.FACTORS.items().idOf(3);
        List<Recommendation> a = e.recommend(dev.recsys.api.RecommendRequest.builder(Scene.of("a"), 10)
                .currentItem(item).build());
        List<Recommendation> b = e.recommend(dev.recsys.api.RecommendRequest.builder(Scene.of("b"), 10)
                .currentItem(item).build());
        assertThat(a).hasSize(10).isEqualTo(b);
        assertThat(a).allSatisfy(r -> assertThat(Shop.brand(r.itemId())).isNotEqualTo(Shop.brand(item)));
    }
}
