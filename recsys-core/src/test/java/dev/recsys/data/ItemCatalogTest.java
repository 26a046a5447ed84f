package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ItemCatalogTest {
    @Test
    void storesCategoricalAndNumericAttributes() {
        IdIndex items = new IdIndex();
        int a = items.add("a");
        int b = items.add("b");
        ItemCatalog c = new ItemCatalog(items);
        c.setCategorical(ItemCatalog.CATEGORY, a, "phone");
        c.setCategorical(ItemCatalog.BRAND, b, "acme");
        c.setNumeric(ItemCatalog.PRICE, a, 9.5f);
        c.setCategorical("color", b, "red");
        c.setNumeric("weight", b, 2f);
        assertThat(c.category(a)).isZero();
        assertThat(c.category(b)).isEqualTo(-1);
        assertThat(c.brand(b)).isZero();
        assertThat(c.hasPrice(a)).isTrue();
        assertThat(c.hasPrice(b)).isFalse();
        assertThat(c.price(a, 0f)).isEqualTo(9.5f);
        assertThat(c.price(b, -1f)).isEqualTo(-1f);
        assertThat(c.dictionary("color").valueOf(c.code("color", b))).isEqualTo("red");
        assertThat(c.code("color", a)).isEqualTo(-1);
        assertThat(c.code("nope", a)).isEqualTo(-1);
        assertThat(c.numeric("weight", b, 0f)).isEqualTo(2f);
        assertThat(c.categoricalAttributes()).containsExactly("category", "brand", "color");
        assertThat(c.numericAttributes()).containsExactly("price", "weight");
        // the index may grow after the catalogue was made
        int d = items.add("d");
        assertThat(c.category(d)).isEqualTo(-1);
        c.setCategorical(ItemCatalog.CATEGORY, d, "phone");
        assertThat(c.category(d)).isEqualTo(c.category(a));
        c.setCategorical(ItemCatalog.CATEGORY, d, null);
        assertThat(c.category(d)).isEqualTo(-1);
    }

    @Test
    void rejectsBadInput() {
        IdIndex items = new IdIndex();
        items.add("a");
        ItemCatalog c = new ItemCatalog(items);
        assertThatThrownBy(() -> c.setNumeric(ItemCatalog.PRICE, 0, Float.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> c.setCategorical(ItemCatalog.BRAND, 1, "x")).hasMessageContaining("item index 1");
        assertThatThrownBy(() -> c.setCategorical(" ", 0, "x")).hasMessageContaining("attribute name");
        assertThatThrownBy(() -> c.dictionary("nope")).hasMessageContaining("unknown categorical attribute");
        assertThatThrownBy(() -> new ItemCatalog(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void datasetChecksTheCatalogueIndex() {
        Interactions log = new Interactions();
        Dataset d = Dataset.of(log);
        assertThat(d.catalog().items()).isSameAs(log.items());
        assertThatThrownBy(() -> new Dataset(log, new ItemCatalog(new IdIndex()))).hasMessageContaining("item index");
        assertThatThrownBy(() -> new Dataset(null, null)).hasMessageContaining("interactions");
    }

    @Test
    void behaviourNamesAndCodes() {
        assertThat(Behavior.parse("pv")).isEqualTo(Behavior.VIEW);
        assertThat(Behavior.parse(" ADD_TO_CART ")).isEqualTo(Behavior.ADD_TO_CART);
        assertThat(Behavior.parse("transaction")).isEqualTo(Behavior.PURCHASE);
        assertThat(Behavior.parseOrNull("like")).isNull();
        assertThatThrownBy(() -> Behavior.parse("like")).hasMessageContaining("accepted").hasMessageContaining("view (pv/view)");
        for (Behavior b : Behavior.values()) {
            assertThat(Behavior.ofCode(b.code())).isEqualTo(b);
        }
        assertThatThrownBy(() -> Behavior.ofCode(99)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Behavior.RATING.hasValue()).isTrue();
        assertThat(Behavior.VIEW.hasValue()).isFalse();
        assertThatThrownBy(() -> new Event("u", "i", Behavior.VIEW, Float.POSITIVE_INFINITY, 0, null))
                .hasMessageContaining("finite");
    }
}
