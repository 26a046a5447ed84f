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

    @Test
    void algorithmOfAMissingModuleNamesTheModule() {
        // recsys-core's tests run without recsys-mf and recsys-nn on the class path
        assertThat(Algorithms.all().stream().map(Algorithm::name)).doesNotContain("ials", "neumf");
        assertThatThrownBy(() -> Algorithms.byName("ials"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown algorithm 'ials'; it is in module recsys-mf "
                        + "(add dev.recsys:recsys-mf to the class path); available: ")
                .hasMessageContaining("popularity");
        assertThatThrownBy(() -> Algorithms.byName(" Scene-Star"))
                .hasMessageContaining("it is in module recsys-nn (add dev.recsys:recsys-nn to the class path)");
        assertThatThrownBy(() -> Algorithms.byName("als-typo"))
                .message().doesNotContain("it is in module");
    }

    @Test
    void moduleOfKnowsTheStandardAlgorithms() {
        assertThat(Algorithms.moduleOf("popularity")).contains("recsys-core");
        assertThat(Algorithms.moduleOf("EASE ")).contains("recsys-mf");
        assertThat(Algorithms.moduleOf("mult-vae")).contains("recsys-nn");
        assertThat(Algorithms.moduleOf("nope")).isEmpty();
        assertThat(Algorithms.moduleOf(null)).isEmpty();
        for (Algorithm a : Algorithms.all()) {
            assertThat(Algorithms.moduleOf(a.name())).as(a.name()).contains("recsys-core");
        }
    }
}
