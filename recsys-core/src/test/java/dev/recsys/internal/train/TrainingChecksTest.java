package dev.recsys.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingChecksTest {

    @Test
    void nonFiniteParametersAreCountedAndTheRemedyNamed() {
        assertThatCode(() -> TrainingChecks.requireFinite("x", "lower lr", new float[] {1f, -2f}, null))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> TrainingChecks.requireFinite("ials", "lower alpha (now 0.5)",
                new float[] {1f, Float.NaN}, new float[] {Float.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ials training diverged: 2 of 3 parameters are NaN or infinite; lower alpha (now 0.5)");
        assertThatThrownBy(() -> TrainingChecks.requireFinite("als", "raise reg", Float.NaN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("raise reg");
    }

    @Test
    void predictionsMayLeaveTheRangeByTwoWidths() {
        assertThatCode(() -> TrainingChecks.requireSanePredictions("m", "r", 12.9f, 1f, 5f)).doesNotThrowAnyException();
        assertThatCode(() -> TrainingChecks.requireSanePredictions("m", "r", -6.9f, 1f, 5f)).doesNotThrowAnyException();
        assertThatThrownBy(() -> TrainingChecks.requireSanePredictions("biased-mf Adam", "lower adam-learning-rate",
                1500f, 1f, 5f))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("predicts a rating of 1500 for a rating range of [1, 5]")
                .hasMessageContaining("lower adam-learning-rate");
        assertThatThrownBy(() -> TrainingChecks.requireSaneError("m", "r", 4.5, 1f, 5f))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RMSE");
        assertThatCode(() -> TrainingChecks.requireSaneError("m", "r", 0.9, 1f, 5f)).doesNotThrowAnyException();
        // one rating value: the range has no width, the error may still be up to 1
        assertThatCode(() -> TrainingChecks.requireSaneError("m", "r", 0.5, 4f, 4f)).doesNotThrowAnyException();
    }

    @Test
    void aBlockLargerThanTheFreeHeapIsRefusedWithItsSizeAndTheXmxItNeeds() {
        long mib = 1L << 20;
        assertThatCode(() -> TrainingChecks.requireMemory("b", 100 * mib, "lower x", 512 * mib, 300 * mib))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> TrainingChecks.requireMemory("ease: the dense 20000 x 20000 item matrix",
                1_600_000_000L, "lower max-items", 512 * mib, 100 * mib))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ease: the dense 20000 x 20000 item matrix needs 1600000000 bytes (1526 MiB) but the heap"
                        + " has 412 MiB free of 512 MiB (-Xmx); run java with -Xmx2g or more, or lower max-items");
    }

    @Test
    void byteCountsSaturateInsteadOfOverflowing() {
        assertThat(TrainingChecks.bytes(4, 46_340, 46_340)).isEqualTo(4L * 46_340 * 46_340);
        assertThat(TrainingChecks.bytes(20, Integer.MAX_VALUE, Integer.MAX_VALUE, 65_536)).isEqualTo(Long.MAX_VALUE);
        assertThat(TrainingChecks.bytes(0, Long.MAX_VALUE)).isZero();
        assertThat(TrainingChecks.saturatingAdd(Long.MAX_VALUE - 1, 5)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> TrainingChecks.bytes(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theImplicitAlgorithmListNamesOnlyImplicitOnes() {
        // recsys-core registers popularity and item-cooccurrence, both implicit
        assertThat(TrainingChecks.implicitAlgorithms()).contains("popularity").contains("item-cooccurrence");
    }
}
