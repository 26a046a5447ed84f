package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignmentTest {
    private static Experiment ab(String name, double traffic) {
        return Experiment.builder(name).traffic(traffic).variant("control", 1).variant("treatment", 1).build();
    }

    @Test
    void theHashIsPinnedSoAssignmentsSurviveRestartsAndMachines() {
        // pinned values: a change of the hash would silently move every running experiment's users
        Layer layer = Layer.builder("ranking", "2026-12").experiment(ab("e1", 1.0)).build();
        assertThat(layer.bucket("u1")).isEqualTo(layer.bucket("u1"));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(layer.assign("u" + i).orElseThrow().variant().charAt(0));
        }
        assertThat(sb.toString()).isEqualTo(PINNED);
        assertThat(layer.bucket("u42")).isEqualTo(PINNED_BUCKET);
    }

    // computed independently (a 10-line Python version of FNV-1a + fmix64 over the UTF-8 bytes)
    static final String PINNED = "ttcttcct";
    static final int PINNED_BUCKET = 6106;

    @Test
    void fractionsAndSplitsAreRespected() {
        Layer layer = Layer.builder("l", "salt")
                .experiment(Experiment.builder("a").traffic(0.2).variant("c", 1).variant("t", 3).build())
                .experiment(ab("b", 0.5)).build();
        Map<String, Integer> counts = new HashMap<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            String key = layer.assign("user-" + i).map(a -> a.experiment() + "/" + a.variant()).orElse("none");
            counts.merge(key, 1, Integer::sum);
        }
        assertThat(counts.get("a/c") / (double) n).isBetween(0.045, 0.055);
        assertThat(counts.get("a/t") / (double) n).isBetween(0.145, 0.155);
        assertThat(counts.get("b/control") / (double) n).isBetween(0.24, 0.26);
        assertThat(counts.get("b/treatment") / (double) n).isBetween(0.24, 0.26);
        assertThat(counts.get("none") / (double) n).isBetween(0.29, 0.31);
    }

    @Test
    void layersOverlapIndependently() {
        ExperimentPlan plan = ExperimentPlan.of(
                Layer.builder("ranking", "s1").experiment(ab("rank", 1.0)).build(),
                Layer.builder("ui", "s2").experiment(ab("ui", 1.0)).build());
        int both = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            String u = "u" + i;
            assertThat(plan.assign(u)).hasSize(2);
            if (plan.variant("rank", u).orElseThrow().equals("treatment") && plan.variant("ui", u).orElseThrow().equals("treatment")) {
                both++;
            }
        }
        assertThat(both / (double) n).isBetween(0.24, 0.26);
    }

    @Test
    void changingTrafficNeverMovesAStayingUnitToAnotherVariant() {
        Layer small = Layer.builder("l", "salt").experiment(ab("e", 0.1)).build();
        Layer large = Layer.builder("l", "salt").experiment(ab("e", 0.6)).build();
        int in = 0;
        for (int i = 0; i < 20_000; i++) {
            var s = small.assign("u" + i);
            if (s.isPresent()) {
                in++;
                assertThat(large.assign("u" + i)).contains(s.get());
            }
        }
        assertThat(in).isBetween(1800, 2200);
    }

    @Test
    void badDefinitionsAreRejectedByName() {
        assertThatThrownBy(() -> Experiment.builder("e").variant("only", 1).build())
                .hasMessageContaining("at least two variants");
        assertThatThrownBy(() -> Experiment.builder("e").traffic(1.5)).hasMessageContaining("traffic");
        assertThatThrownBy(() -> Experiment.builder("e").variant("a b", 1)).hasMessageContaining("variant name");
        assertThatThrownBy(() -> Layer.builder("l", "s").experiment(ab("a", 0.6)).experiment(ab("b", 0.6)).build())
                .hasMessageContaining("add up to more than 1");
        assertThatThrownBy(() -> ExperimentPlan.of(Layer.builder("l", "s").experiment(ab("a", 0.5)).build(),
                Layer.builder("m", "s").experiment(ab("a", 0.5)).build())).hasMessageContaining("two layers");
        assertThatThrownBy(() -> Layer.builder("l", "s").build().assign(null)).hasMessageContaining("unit");
    }
}
