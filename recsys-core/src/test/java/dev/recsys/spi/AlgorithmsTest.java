package dev.recsys.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {

    @Test
    void baselinesAreRegistered() {
        List<String> names = Algorithms.all().stream().map(Algorithm::name).toList();
        assertThat(names).contains("popularity", "item-cooccurrence").isSorted();
        assertThat(Algorithms.byName("popularity").name()).isEqualTo("popularity");
        assertThat(Algorithms.byName("  Item-Cooccurrence ").name()).isEqualTo("item-cooccurrence");
        for (Algorithm a : Algorithms.all()) {
            assertThat(a.description()).isNotBlank();
            Params.defaults(a.params()); // every default is valid
        }
    }

    @Test
    void unknownNameListsAvailable() {
        assertThatThrownBy(() -> Algorithms.byName("als-typo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("als-typo").hasMessageContaining("popularity").hasMessageContaining("item-cooccurrence");
        assertThatThrownBy(() -> Algorithms.byName(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }
}
