package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisTest {
    private static final Experiment EXP = Experiment.builder("exp").variant("control", 1).variant("new", 1).build();

    @Test
    void aLostShareOfTrafficIsASampleRatioMismatchAndCrossoversAreCounted() {
        List<LogEvent> ev = new ArrayList<>();
        for (int u = 0; u < 500; u++) {
            String v = u < 300 ? "control" : "new";
            ev.add(LogEvent.impression(1000 + u, "u" + u, "exp", v, u, List.of("i1", "i2")));
        }
        ev.add(LogEvent.impression(5000, "u0", "exp", "new", 9999, List.of("i1")));
        ExperimentResult r = ExperimentAnalysis.defaults().with(EXP).analyze(ev).get(0);
        assertThat(r.sampleRatio().mismatch()).isTrue();
        assertThat(r.crossovers()).isEqualTo(1);
        assertThat(ExperimentReport.text(List.of(r))).contains("MISMATCH", "WARNING 1 unit(s)");
        assertThat(ExperimentReport.html("t", List.of(r))).contains("Sample ratio mismatch");
    }

    @Test
    void aDeclaredVariantWithNoTrafficShowsUpAsMismatchAndUndeclaredOnesAreRejected() {
        List<LogEvent> ev = new ArrayList<>();
        for (int u = 0; u < 100; u++) {
            ev.add(LogEvent.impression(1000 + u, "u" + u, "exp", "control", u, List.of("i1")));
        }
        ExperimentResult r = ExperimentAnalysis.defaults().with(EXP).analyze(ev).get(0);
        assertThat(r.variants()).containsExactly("control", "new");
        assertThat(r.sampleRatio().mismatch()).isTrue();
        List<LogEvent> odd = List.of(LogEvent.impression(1, "u1", "exp", "other", 1, List.of("i1")));
        assertThatThrownBy(() -> ExperimentAnalysis.defaults().with(EXP).analyze(odd))
                .hasMessageContaining("variant 'other' which its definition does not declare");
    }

    @Test
    void dailyLooksAreCountedAndTheAlwaysValidPIsTheMoreCautious() {
        List<LogEvent> ev = new ArrayList<>();
        long day = 86_400;
        for (int d = 0; d < 5; d++) {
            for (int u = 0; u < 200; u++) {
                String v = u % 2 == 0 ? "control" : "new";
                long imp = d * 1000L + u;
                ev.add(LogEvent.impression(d * day + u, "u" + u, "exp", v, imp, List.of("i1", "i2")));
                if (v.equals("new") || u % 4 == 0) {
                    ev.add(LogEvent.click(d * day + u + 1, "u" + u, "exp", v, imp, "i1", 0));
                }
            }
        }
        ExperimentResult r = ExperimentAnalysis.defaults().with(EXP).analyze(ev).get(0);
        assertThat(r.days()).isEqualTo(5);
        Comparison ctr = r.comparisons().get("new").get(Metric.CTR.ordinal());
        assertThat(ctr.difference()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ctr.alwaysValidP()).isLessThan(0.05).isGreaterThanOrEqualTo(0);
        assertThat(ctr.pValue()).isLessThan(ctr.alwaysValidP());
    }
}
