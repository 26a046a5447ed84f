package dev.recsys.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SceneTest {

    @Test
    void namesAreNormalisedToOneInstance() {
        assertThat(Scene.of("ITEM_DETAIL")).isSameAs(Scene.ITEM_DETAIL);
        assertThat(Scene.of(" Item-Detail ")).isSameAs(Scene.ITEM_DETAIL);
        assertThat(Scene.of("after_sale_review")).isSameAs(Scene.AFTER_SALE_REVIEW);
        Scene custom = Scene.of("Flash_Sale");
        assertThat(custom.name()).isEqualTo("flash-sale");
        assertThat(custom).isEqualTo(Scene.of("flash-sale")).isEqualTo(Scene.of("FLASH-SALE"));
        assertThat(custom.hashCode()).isEqualTo(Scene.of("flash-sale").hashCode());
        assertThat(custom.toString()).isEqualTo("flash-sale");
        assertThat(Scene.standard()).containsExactly(Scene.HOME, Scene.ITEM_DETAIL, Scene.CART, Scene.CHECKOUT,
                Scene.AFTER_SALE_REVIEW, Scene.SEARCH);
        assertThat(Scene.HOME.hashCode()).isEqualTo(Scene.of("home").hashCode());
    }

    @Test
    void namesFromRequestsDoNotGrowTheRegistryWithoutBound() {
        for (int i = 0; i < 20_000; i++) {
            Scene s = Scene.of("request-scene-" + i);
            assertThat(s.name()).isEqualTo("request-scene-" + i);
            assertThat(s).isEqualTo(Scene.of("REQUEST_SCENE_" + i));
        }
        // the standard scenes, at most MAX_INTERNED other names (plus at most one per racing thread)
        assertThat(Scene.registered()).isLessThanOrEqualTo(Scene.standard().length + Scene.MAX_INTERNED + 8);
        assertThat(Scene.of("checkout")).isSameAs(Scene.CHECKOUT);
        assertThat(Scene.of("Search")).isSameAs(Scene.SEARCH);
    }

    @Test
    void invalidNamesAreRejected() {
        assertThatThrownBy(() -> Scene.of(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scene");
        for (String bad : new String[] {"", "  ", "-home", "home page", "cart!", "x".repeat(65), "é"}) {
            assertThatThrownBy(() -> Scene.of(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("scene name");
        }
        assertThat(Scene.of("x".repeat(64)).name()).hasSize(64);
    }

    @Test
    void requestBuilderValidates() {
        assertThatThrownBy(() -> RecommendRequest.builder(null, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scene");
        assertThatThrownBy(() -> RecommendRequest.builder(Scene.HOME, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k");
        assertThatThrownBy(() -> RecommendRequest.builder(Scene.HOME, 1).cart(java.util.Arrays.asList("a", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cart");
        RecommendRequest r = RecommendRequest.builder(Scene.CART, 5).user(42L).allowRepeats(true).build();
        assertThat(r.user()).isEqualTo("42");
        assertThat(r.allowRepeats()).isTrue();
        assertThat(r.candidates()).isNull();
        assertThat(r.filter()).isSameAs(ItemFilter.ALL);
    }
}
