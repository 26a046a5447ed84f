package dev.recsys.nn.scene.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SceneStarTrainerConfigTest {

    private static SceneStarTrainer.Config config(int factors, int epochs, float reg, double initStd,
                                                  double sceneNegatives, double shrink) {
        return new SceneStarTrainer.Config(factors, true, reg, 0.1f, epochs, 256, 42L, initStd, true, false, false,
                0.1f, 10, false, false, sceneNegatives, 0.1f, false, 0.1f, shrink);
    }

    @Test
    void acceptsTheParameterRanges() {
        assertThat(config(1, 1, 0f, 0.0, 0.0, 0.0).factors()).isEqualTo(1);
        assertThat(config(64, 60, 0.03f, 0.1, 1.0, 0.125).sceneNegatives()).isEqualTo(1.0);
    }

    @Test
    void rejectsValuesOutOfRangeNamingTheField() {
        assertThatThrownBy(() -> config(0, 1, 0f, 0.1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factors");
        assertThatThrownBy(() -> config(8, 0, 0f, 0.1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epochs");
        assertThatThrownBy(() -> config(8, 1, Float.NaN, 0.1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reg");
        assertThatThrownBy(() -> config(8, 1, 0f, -0.1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initStd");
        assertThatThrownBy(() -> config(8, 1, 0f, 0.1, 1.5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sceneNegatives");
        assertThatThrownBy(() -> config(8, 1, 0f, 0.1, 0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shrink");
    }
}
