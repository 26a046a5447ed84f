package dev.recsys.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TrainingLoop} with scripted runs: epoch choice, patience, direction, refit, listener calls. */
class TrainingLoopTest {

    /** A run whose validation scores are given per epoch; records what the loop asked of it. */
    static final class Scripted implements TrainingLoop.Run {
        final double[] scores;
        final List<String> calls = new ArrayList<>();
        int epochs;

        Scripted(double... scores) {
            this.scores = scores;
        }

        @Override
        public double epoch(int epoch) {
            epochs++;
            calls.add("epoch " + epoch);
            return 1.0 / epoch;
        }

        @Override
        public double validate() {
            return scores[epochs - 1];
        }

        @Override
        public void improved(int epoch, double score) {
            calls.add("improved " + epoch);
        }

        @Override
        public void keepBest() {
            calls.add("keepBest");
        }
    }

    private static TrainingLoop.Spec spec(boolean refit, boolean higher, double minDelta, String remedy) {
        return new TrainingLoop.Spec(10, 2, refit, higher, minDelta, "loss", "val", "refit", remedy);
    }

    private static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onProgress(String stage, int step, int total, Map<String, Double> metrics) {
            events.add(stage + " " + step + "/" + total + " " + metrics.keySet());
        }
    }

    @Test
    void stopsAfterPatienceAndRefitsForTheBestEpochCount() {
        Scripted val = new Scripted(0.1, 0.3, 0.2, 0.3, 0.1, 0.9);
        Scripted full = new Scripted();
        Recorder l = new Recorder();
        TrainingLoop.Outcome<Scripted> out = TrainingLoop.fit("m", spec(true, true, 0, null), () -> val, () -> full, l);
        // epoch 4 ties epoch 2's 0.3: not an improvement; two epochs without one stop after epoch 4
        assertThat(val.epochs).isEqualTo(4);
        assertThat(out.bestEpoch()).isEqualTo(2);
        assertThat(out.epochs()).isEqualTo(2);
        assertThat(out.bestScore()).isEqualTo(0.3);
        assertThat(out.run()).isSameAs(full);
        assertThat(full.epochs).isEqualTo(2);
        assertThat(val.calls).containsExactly("epoch 1", "improved 1", "epoch 2", "improved 2", "epoch 3", "epoch 4");
        assertThat(l.events).containsExactly("epoch 1/10 [loss, val]", "epoch 2/10 [loss, val]", "epoch 3/10 [loss, val]",
                "epoch 4/10 [loss, val]", "refit 1/2 [loss]", "refit 2/2 [loss]");
    }

    @Test
    void lowerIsBetterWithAMinimumDeltaKeepsTheBestRun() {
        // 0.9999995 beats 1.0 by less than the delta: no improvement
        Scripted val = new Scripted(1.0, 0.9999995, 0.5, 0.6, 0.7);
        TrainingLoop.Outcome<Scripted> out = TrainingLoop.fit("m", spec(false, false, 1e-6, null), () -> val,
                () -> {
                    throw new AssertionError("no full run without refit");
                }, TrainingListener.NONE);
        assertThat(out.run()).isSameAs(val);
        assertThat(out.bestEpoch()).isEqualTo(3);
        assertThat(out.epochs()).isEqualTo(3);
        assertThat(val.calls).containsExactly("epoch 1", "improved 1", "epoch 2", "epoch 3", "improved 3", "epoch 4",
                "epoch 5", "keepBest");
    }

    @Test
    void noImprovementStillTrainsOneEpochAndNaNNeverImproves() {
        Scripted val = new Scripted(Double.NaN, Double.NaN);
        Scripted full = new Scripted();
        TrainingLoop.Outcome<Scripted> out = TrainingLoop.fit("m", spec(true, true, 0, null), () -> val, () -> full,
                TrainingListener.NONE);
        assertThat(out.bestEpoch()).isZero();
        assertThat(out.epochs()).isEqualTo(1);
        assertThat(out.bestScore()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(full.epochs).isEqualTo(1);
    }

    @Test
    void withoutValidationTrainsMaxEpochs() {
        Scripted full = new Scripted();
        Recorder l = new Recorder();
        TrainingLoop.Outcome<Scripted> out = TrainingLoop.fit("m", spec(true, true, 0, null), null, () -> full, l);
        assertThat(full.epochs).isEqualTo(10);
        assertThat(out.epochs()).isEqualTo(10);
        assertThat(out.bestScore()).isNaN();
        assertThat(l.events).hasSize(10).allMatch(e -> e.endsWith("[loss]") && e.startsWith("epoch "));
    }

    @Test
    void aNonFiniteLossFailsNamingTheRemedyOnlyWhenAsked() {
        TrainingLoop.Run diverging = epoch -> epoch == 3 ? Double.NaN : 1.0;
        assertThatThrownBy(() -> TrainingLoop.fit("cdae", spec(true, true, 0, "lower learning-rate"), null,
                () -> diverging, TrainingListener.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cdae: training diverged at epoch 3 (loss NaN); lower learning-rate");
        assertThat(TrainingLoop.fit("m", spec(true, true, 0, null), null, () -> diverging, TrainingListener.NONE)
                .epochs()).isEqualTo(10);
    }

    @Test
    void specIsValidated() {
        assertThatThrownBy(() -> new TrainingLoop.Spec(0, 1, true, true, 0, "l", "v", "r", null))
                .hasMessageContaining("maxEpochs");
        assertThatThrownBy(() -> new TrainingLoop.Spec(1, 0, true, true, 0, "l", "v", "r", null))
                .hasMessageContaining("patience");
        assertThatThrownBy(() -> new TrainingLoop.Spec(1, 1, true, true, Double.NaN, "l", "v", "r", null))
                .hasMessageContaining("minDelta");
    }
}
