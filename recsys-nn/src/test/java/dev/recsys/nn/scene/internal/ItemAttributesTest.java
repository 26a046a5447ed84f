package dev.recsys.nn.scene.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.IdIndex;
import dev.recsys.data.ItemCatalog;
import dev.recsys.nn.internal.ItemFeatures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemAttributesTest {
    private static ItemCatalog catalog() {
        IdIndex ids = new IdIndex();
        for (int i = 0; i < 4; i++) {
            ids.add("i" + i);
        }
        ItemCatalog c = new ItemCatalog(ids);
        c.setCategorical(ItemCatalog.CATEGORY, 0, "shoes");
        c.setCategorical(ItemCatalog.CATEGORY, 1, "hats");
        c.setCategorical(ItemCatalog.CATEGORY, 2, "shoes");
        c.setCategorical(ItemCatalog.BRAND, 1, "acme");
        c.setCategorical(ItemCatalog.BRAND, 3, "zeta");
        c.setCategorical(ItemCatalog.BRAND, 3, "omni"); // "zeta" stays in the dictionary, used by no item
        return c;
    }

    @Test
    void featureIsAttributeOffsetPlusDictionaryCode() {
        ItemAttributes a = ItemAttributes.of(catalog(), List.of(ItemCatalog.CATEGORY, "undeclared", ItemCatalog.BRAND,
                ItemCatalog.CATEGORY), 5);
        // category: shoes 0, hats 1; brand (offset 2): acme 2, zeta 3, omni 4
        assertThat(a.features()).isEqualTo(5);
        assertThat(a.items()).isEqualTo(5);
        assertThat(features(a, 0)).containsExactly(0);
        assertThat(features(a, 1)).containsExactly(1, 2);
        assertThat(features(a, 2)).containsExactly(0);
        assertThat(features(a, 3)).containsExactly(4);
        assertThat(features(a, 4)).isEmpty(); // beyond the catalogue
    }

    @Test
    void namesFollowTheSameNumbering() {
        ItemFeatures f = ItemFeatures.categorical(catalog(), List.of(ItemCatalog.BRAND, ItemCatalog.CATEGORY), 4);
        assertThat(f.names()).containsExactly("brand=acme", "brand=zeta", "brand=omni", "category=shoes",
                "category=hats");
        assertThat(f.rows().rowColumns(1)).containsExactly(0, 4);
    }

    @Test
    void noUsableAttributeGivesNoFeatures() {
        ItemAttributes a = ItemAttributes.of(catalog(), List.of("missing"), 3);
        assertThat(a.features()).isZero();
        assertThat(a.items()).isEqualTo(3);
        assertThat(a.featureTable()).isEmpty();
        assertThat(ItemAttributes.of(catalog(), List.of(), 0)).isSameAs(ItemAttributes.NONE);
    }

    private static int[] features(ItemAttributes a, int item) {
        return Arrays.copyOfRange(a.featureTable(), a.start(item), a.end(item));
    }
}
