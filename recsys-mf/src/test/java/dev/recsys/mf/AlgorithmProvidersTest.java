package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlgorithmProvidersTest {

    @Test
    void allSixAreFoundByName() {
        assertThat(Algorithms.all()).extracting(Algorithm::name)
                .contains("biased-mf", "svdpp", "als", "ials", "bpr", "ease");
        assertThat(Algorithms.byName("BIASED-MF")).isInstanceOf(BiasedMf.class);
        assertThat(Algorithms.byName("ials")).isInstanceOf(ImplicitAls.class);
    }

    @Test
    void explicitFlags() {
        assertThat(new BiasedMf().explicit()).isTrue();
        assertThat(new SvdPlusPlus().explicit()).isTrue();
        assertThat(new Als().explicit()).isTrue();
        assertThat(new ImplicitAls().explicit()).isFalse();
        assertThat(new Bpr().explicit()).isFalse();
        assertThat(new Ease().explicit()).isFalse();
    }

    @Test
    void everyRandomAlgorithmHasASeedAndValidDefaults() {
        for (Algorithm a : List.of(new BiasedMf(), new SvdPlusPlus(), new Als(), new ImplicitAls(), new Bpr())) {
            assertThat(a.params()).extracting(ParamSpec::name).as(a.name()).contains("seed");
        }
        for (Algorithm a : List.of(new BiasedMf(), new SvdPlusPlus(), new Als(), new ImplicitAls(), new Bpr(), new Ease())) {
            Params p = Params.defaults(a.params());
            assertThat(p.asText()).as(a.name()).hasSameSizeAs(a.params());
            assertThat(a.description()).isNotBlank();
            for (ParamSpec s : a.params()) {
                assertThat(s.description()).as(a.name() + " " + s.name()).isNotBlank();
            }
        }
    }

    @Test
    void badParametersAreRejectedByName() {
        assertThatThrownBy(() -> Params.parse(new BiasedMf().params(), Map.of("optimizer", "rmsprop")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optimizer").hasMessageContaining("sgd");
        assertThatThrownBy(() -> Params.parse(new ImplicitAls().params(), Map.of("factors", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factors");
        assertThatThrownBy(() -> Params.parse(new ImplicitAls().params(), Map.of("solver", "lu")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("solver");
        assertThatThrownBy(() -> Params.parse(new Bpr().params(), Map.of("sampling", "hard")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sampling");
        assertThatThrownBy(() -> Params.parse(new Ease().params(), Map.of("lambda", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lambda");
        assertThatThrownBy(() -> Params.parse(new SvdPlusPlus().params(), Map.of("validation-fraction", "0.9")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validation-fraction");
        assertThatThrownBy(() -> Params.parse(new Als().params(), Map.of("nope", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void trainRejectsNullArguments() {
        assertThatThrownBy(() -> new BiasedMf().train(null, Params.defaults(new BiasedMf().params()), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
