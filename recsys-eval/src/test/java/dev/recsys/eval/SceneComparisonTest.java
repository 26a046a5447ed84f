package dev.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Dataset;
import dev.recsys.eval.SceneComparison.Entry;
import dev.recsys.eval.SceneComparison.ModelScore;
import dev.recsys.eval.SceneComparison.Options;
import dev.recsys.eval.SceneComparison.Report;
import dev.recsys.eval.SceneComparison.Role;
import dev.recsys.eval.SceneComparison.SceneReport;
import dev.recsys.eval.SceneComparison.Versus;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scene comparison protocol on a small synthetic shop, with the core's algorithms. */
class SceneComparisonTest {
    private static final Dataset SHOP = SyntheticGenerator.generate(SyntheticConfig.builder().users(150).items(120)
            .categories(12).brands(5).days(20).meanSessionsPerUser(6).seed(11).build()).dataset();
    private static final List<Entry> ENTRIES = List.of(
            new Entry("pop", Role.SCENE_AWARE, "popularity", Map.of()),
            new Entry("pop-blind", Role.WITHOUT_SCENES, "popularity", Map.of()),
            new Entry("pop-per-scene", Role.PER_SCENE, "popularity", Map.of()),
            new Entry("cooc", Role.SCENE_BLIND, "item-cooccurrence", Map.of("threads", "1")),
            new Entry("pop-as-blind", Role.SCENE_BLIND, "popularity", Map.of()));

    private static Report run(boolean validate) {
        return new SceneComparison(new Options(2, 5, 0.2, validate, 10)).run(SHOP, ENTRIES, TrainingListener.NONE);
    }

    @Test
    void everySceneReportsEveryEntryAndTheSceneAwareOnesAgainstTheOthers() {
        Report r = run(false);
        assertThat(r.scenes()).extracting(SceneReport::scene)
                .containsExactlyElementsOf(SHOP.interactions().scenes().stream().map(s -> s.name()).toList());
        int evaluated = 0;
        for (SceneReport s : r.scenes()) {
            assertThat(s.models()).extracting(ModelScore::label)
                    .containsExactly("pop", "pop-blind", "pop-per-scene", "cooc", "pop-as-blind");
            for (ModelScore m : s.models()) {
                assertThat(m.ndcg()).hasSize(2);
                for (double v : m.ndcg()) {
                    assertThat(v).isBetween(0.0, 1.0);
                }
            }
            assertThat(s.bestBlind()).isIn("cooc", "pop-as-blind");
            double bestMean = Math.max(s.model("cooc").meanNdcg(), s.model("pop-as-blind").meanNdcg());
            assertThat(s.model(s.bestBlind()).meanNdcg()).isEqualTo(bestMean);
            assertThat(s.versus()).extracting(Versus::against)
                    .containsExactly("pop-blind", "pop-per-scene", "cooc", "pop-as-blind");
            for (Versus v : s.versus()) {
                assertThat(v.bestBlind()).isEqualTo(v.against().equals(s.bestBlind()));
                assertThat(v.wins()).isBetween(0, 2);
                double[] diff = v.diff();
                for (int k = 0; k < 2; k++) {
                    assertThat(diff[k]).isEqualTo(s.model("pop").ndcg()[k] - s.model(v.against()).ndcg()[k]);
                }
            }
            // trained on the same events, popularity with and without scenes ranks alike
            Versus same = s.versus().get(0);
            assertThat(same.meanDiff()).isZero();
            assertThat(same.wins()).isZero();
            evaluated += s.units();
            if (s.units() >= 2) {
                assertThat(same.test()).isNotNull();
                assertThat(same.test().n()).isEqualTo(s.units());
            }
        }
        assertThat(evaluated).isPositive();
        assertThat(SceneComparison.format(r)).contains("best scene-blind", "pop-per-scene", "NDCG@10");
    }

    @Test
    void theSameSettingsGiveTheSameReportAndValidationUsesOtherUnits() {
        Report a = run(false);
        Report b = run(false);
        Report v = run(true);
        for (int s = 0; s < a.scenes().size(); s++) {
            assertThat(b.scenes().get(s).model("cooc").ndcg()).isEqualTo(a.scenes().get(s).model("cooc").ndcg());
        }
        assertThat(v.description()).contains("hold-out of the training part");
        int unitsA = a.scenes().stream().mapToInt(SceneReport::units).sum();
        int unitsV = v.scenes().stream().mapToInt(SceneReport::units).sum();
        assertThat(unitsV).isNotEqualTo(unitsA);
    }

    @Test
    void badInputIsNamed() {
        SceneComparison c = new SceneComparison(Options.defaults());
        Dataset noScenes = Dataset.of(SceneComparison.withoutScenes(SHOP.interactions()));
        assertThatThrownBy(() -> c.run(noScenes, ENTRIES, null)).hasMessageContaining("no scenes");
        assertThatThrownBy(() -> c.run(SHOP, List.of(ENTRIES.get(0), ENTRIES.get(0)), null))
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> new Options(0, 1, 0.2, false, 10)).hasMessageContaining("splits");
        assertThatThrownBy(() -> new Entry("a|b", Role.SCENE_AWARE, "popularity", Map.of()))
                .hasMessageContaining("label");
    }
}
