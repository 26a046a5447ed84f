package dev.recsys.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private static final List<ParamSpec> SPECS = List.of(
            ParamSpec.ofInt("factors", 64, 1, 1024, "latent factors"),
            ParamSpec.ofDouble("reg", 0.01, 0.0, 10.0, "regularisation"),
            ParamSpec.ofLong("seed", 42, "random seed"),
            ParamSpec.ofBoolean("bias", true, "use biases"),
            ParamSpec.ofChoice("loss", "bpr", List.of("bpr", "warp"), "loss function"));

    @Test
    void defaultsAndGivenValues() {
        Params d = Params.defaults(SPECS);
        assertThat(d.getInt("factors")).isEqualTo(64);
        assertThat(d.getDouble("reg")).isEqualTo(0.01);
        assertThat(d.getFloat("reg")).isEqualTo(0.01f);
        assertThat(d.getLong("seed")).isEqualTo(42L);
        assertThat(d.getBoolean("bias")).isTrue();
        assertThat(d.getChoice("loss")).isEqualTo("bpr");
        Params p = Params.parse(SPECS, Map.of("factors", " 8 ", "BIAS", "FALSE", "loss", "WARP", "seed", "-3"));
        assertThat(p.getInt("factors")).isEqualTo(8);
        assertThat(p.getBoolean("bias")).isFalse();
        assertThat(p.getChoice("loss")).isEqualTo("warp");
        assertThat(p.getLong("seed")).isEqualTo(-3L);
        assertThat(p.asText()).containsExactly(Map.entry("factors", "8"), Map.entry("reg", "0.01"),
                Map.entry("seed", "-3"), Map.entry("bias", "false"), Map.entry("loss", "warp"));
        assertThat(Params.parse(SPECS, p.asText()).asText()).isEqualTo(p.asText());
        assertThat(p.with(Map.of("reg", "0.5")).getDouble("reg")).isEqualTo(0.5);
        assertThat(p.with(Map.of("reg", "0.5")).getInt("factors")).isEqualTo(8);
    }

    @Test
    void unknownNameListsValidNames() {
        assertThatThrownBy(() -> Params.parse(SPECS, Map.of("factor", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'factor'")
                .hasMessageContaining("factors").hasMessageContaining("reg").hasMessageContaining("seed")
                .hasMessageContaining("bias").hasMessageContaining("loss");
    }

    @Test
    void outOfRangeNamesParameterAndRange() {
        assertThatThrownBy(() -> Params.parse(SPECS, Map.of("factors", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factors").hasMessageContaining("[1, 1024]");
        assertThatThrownBy(() -> Params.parse(SPECS, Map.of("reg", "11")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reg").hasMessageContaining("[0.0, 10.0]");
        assertThatThrownBy(() -> Params.parse(SPECS, Map.of("reg", "NaN")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reg").hasMessageContaining("finite");
        assertThatThrownBy(() -> Params.parse(SPECS, Map.of("factors", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factors").hasMessageContaining("an integer in [1, 1024]").hasMessageContaining("many");
        assertThatThrownBy(() -> Params.parse(SPECS, Map.of("seed", "1.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed");
    }

    @Test
    void badBooleanAndChoice() {
        assertThatThrownBy(() -> Params.parse(SPECS, Map.of("bias", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bias").hasMessageContaining("true or false").hasMessageContaining("yes");
        assertThatThrownBy(() -> Params.parse(SPECS, Map.of("loss", "hinge")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loss").hasMessageContaining("[bpr, warp]").hasMessageContaining("hinge");
    }

    @Test
    void wrongTypedGettersAndUndeclaredNames() {
        Params d = Params.defaults(SPECS);
        assertThatThrownBy(() -> d.getInt("reg")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reg");
        assertThatThrownBy(() -> d.getInt("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void specDeclarationsAreValidated() {
        assertThatThrownBy(() -> ParamSpec.ofInt("k", 0, 1, 10, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k");
        assertThatThrownBy(() -> ParamSpec.ofInt("k", 5, 10, 1, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min");
        assertThatThrownBy(() -> ParamSpec.ofChoice("c", "x", List.of(), "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("choices");
        assertThatThrownBy(() -> ParamSpec.ofChoice("c", "z", List.of("x", "y"), "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c");
        assertThatThrownBy(() -> ParamSpec.ofBoolean(" ", true, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        ParamSpec s = ParamSpec.ofInt("k", 3, 1, 10, null);
        assertThat(s.description()).isEmpty();
        assertThat(s.parse("7")).isEqualTo(7);
        assertThatThrownBy(() -> s.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
    }
}
