package dev.recsys.nn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.spi.Query;
import org.junit.jupiter.api.Test;

class QueryItemsTest {

    @Test
    void mergesDuplicatesSkipsUnknownItemsAndSorts() {
        Query q = Query.ofUser(-1, new int[] {5, 2, 5, 9, -1}, new float[] {1, 2, 3, 4, 5}, Scene.HOME);
        QueryItems w = QueryItems.of(q, 8, false);
        assertThat(w.count()).isEqualTo(2);
        assertThat(w.items()).startsWith(2, 5);
        assertThat(w.values()).startsWith(2f, 4f);
        QueryItems b = QueryItems.of(q, 8, true);
        assertThat(b.values()).startsWith(1f, 1f);
    }

    @Test
    void rejectsBadWeights() {
        Query q = Query.ofUser(0, new int[] {1}, new float[] {Float.NaN}, Scene.HOME);
        assertThatThrownBy(() -> QueryItems.of(q, 3, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight");
    }
}
