package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    @Test
    void deltaMethodMatchesTheSpreadOfRepeatedExperiments() {
        // CTR of 400 units with very different traffic: the delta-method standard error must match
        // the standard deviation of the estimate over many independent samples
        SplittableRandom r = new SplittableRandom(1);
        int reps = 400;
        double[] est = new double[reps];
        double meanSe = 0;
        for (int k = 0; k < reps; k++) {
            UnitTotals t = new UnitTotals();
            for (int u = 0; u < 400; u++) {
                int imp = 1 + r.nextInt(30);
                double p = 0.02 + 0.2 * r.nextDouble();
                int clicks = 0;
                for (int i = 0; i < imp; i++) {
                    clicks += r.nextDouble() < p ? 1 : 0;
                }
                t.add(u, imp, clicks, 0, 0, 0);
            }
            MetricEstimate e = Metric.CTR.estimate(t);
            est[k] = e.value();
            meanSe += e.stdErr() / reps;
        }
        double m = 0;
        for (double v : est) {
            m += v / reps;
        }
        double var = 0;
        for (double v : est) {
            var += (v - m) * (v - m) / (reps - 1);
        }
        assertThat(meanSe).isCloseTo(Math.sqrt(var), within(0.12 * Math.sqrt(var)));
    }

    @Test
    void sampleSizeMatchesTheTextbookFormula() {
        // (1.96 + 0.8416)^2 * 2 / 0.1^2 = 1569.8
        assertThat(SampleSize.perVariant(1, 1, 0.1, 0.05, 0.8)).isEqualTo(1570);
    }

    @Test
    void msprtNeedsMoreEvidenceThanOneFixedTestButFindsRealEffects() {
        SequentialTest t = SequentialTest.msprt(0.1);
        // z = 2.5 at n = 1000 per arm: fixed p = 0.012, mSPRT far less sure
        double var = 2.0 / 1000;
        assertThat(t.pValue(2.5 * Math.sqrt(var), var, 1)).isGreaterThan(0.05);
        // z = 6: both reject
        assertThat(t.pValue(6 * Math.sqrt(var), var, 1)).isLessThan(0.01);
        assertThat(t.pValue(0, 0, 1)).isEqualTo(1.0);
    }

    @Test
    void sampleRatioMismatchIsFlagged() {
        assertThat(SampleRatio.test(List.of("a", "b"), new long[] {5000, 5100}, new double[] {1, 1}).mismatch()).isFalse();
        SampleRatio bad = SampleRatio.test(List.of("a", "b"), new long[] {5000, 5400}, new double[] {1, 1});
        assertThat(bad.mismatch()).isTrue();
        assertThat(bad.pValue()).isLessThan(0.001);
        assertThat(SampleRatio.test(List.of("a", "b"), new long[] {2500, 7500}, new double[] {1, 3}).mismatch()).isFalse();
    }

    @Test
    void teamDraftTakesTurnsAndKeepsEachRankersOrder() {
        List<String> a = List.of("1", "2", "3", "4", "5");
        List<String> b = List.of("3", "6", "1", "7", "8");
        for (long seed = 0; seed < 50; seed++) {
            Interleaving.Interleaved il = Interleaving.teamDraft(a, b, 6, seed);
            assertThat(il.items()).hasSize(6).doesNotHaveDuplicates();
            long na = il.teams().chars().filter(c -> c == 'A').count();
            assertThat(na).isEqualTo(3);
            // each team's items appear in its ranker's order
            int lastA = -1;
            int lastB = -1;
            for (int p = 0; p < 6; p++) {
                String item = il.items().get(p);
                if (il.teams().charAt(p) == 'A') {
                    assertThat(a.indexOf(item)).isGreaterThan(lastA);
                    lastA = a.indexOf(item);
                } else {
                    assertThat(b.indexOf(item)).isGreaterThan(lastB);
                    lastB = b.indexOf(item);
                }
            }
            assertThat(Interleaving.teamDraft(a, b, 6, seed)).isEqualTo(il);
        }
        Interleaving.Result r = Interleaving.analyze(new int[] {0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0},
                new int[] {1, 0, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1});
        assertThat(r.preferB()).isEqualTo(11);
        assertThat(r.preferA()).isEqualTo(1);
        assertThat(r.winner(0.05)).isEqualTo("B");
    }
}
