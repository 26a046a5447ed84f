package dev.recsys.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedComparisonTest {
    private final PairedComparison pc = new PairedComparison(2000, 0.95, 7);

    @Test
    void handComputedSmallSample() {
        double[] b = {1, 1, 1, 1, 1, 1};
        double[] d = {1, -2, 3, 4, -5, 6};
        double[] a = new double[6];
        for (int i = 0; i < 6; i++) {
            a[i] = b[i] + d[i];
        }
        ComparisonResult r = pc.compare("ndcg@10", "A", "B", a, b);
        assertThat(r.n()).isEqualTo(6);
        assertThat(r.meanDifference()).isCloseTo(7.0 / 6, within(1e-12));
        double mean = 7.0 / 6;
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        double t = mean / Math.sqrt(ss / 5 / 6);
        assertThat(r.tStatistic()).isCloseTo(t, within(1e-9));
        assertThat(r.tPValue()).isBetween(0.0, 1.0).isGreaterThan(0.3);
        // ranks of |d| are 1..6; positive: 1 + 3 + 4 + 6 = 14; exact p = 2 * #{subsets of 1..6 with sum >= 14} / 64
        // = 2 * #{subsets with sum <= 7} / 64 = 2 * 18 / 64 (as R's wilcox.test, V = 14)
        assertThat(r.wilcoxonW()).isEqualTo(14.0);
        assertThat(r.wilcoxonN()).isEqualTo(6);
        assertThat(r.wilcoxonPValue()).isCloseTo(36.0 / 64, within(1e-12));
        assertThat(r.ciLow()).isLessThan(r.meanDifference());
        assertThat(r.ciHigh()).isGreaterThan(r.meanDifference());
        assertThat(r.significant(0.05)).isFalse();
        assertThat(r.format()).contains("ndcg@10").contains("A 2.1667 vs B 1.0000").contains("95% CI");
    }

    @Test
    void identicalAndConstantlyShiftedValues() {
        double[] a = {0.1, 0.2, 0.3, 0.4};
        ComparisonResult same = pc.compare("m", "A", "B", a, a.clone());
        assertThat(same.tStatistic()).isEqualTo(0.0);
        assertThat(same.tPValue()).isEqualTo(1.0);
        assertThat(same.wilcoxonN()).isZero();
        assertThat(same.wilcoxonPValue()).isEqualTo(1.0);
        assertThat(same.ciLow()).isEqualTo(0.0);
        assertThat(same.ciHigh()).isEqualTo(0.0);
        double[] c = {1, 2, 3, 4};
        double[] b = {0.5, 1.5, 2.5, 3.5};
        ComparisonResult shifted = pc.compare("m", "A", "B", c, b);
        assertThat(shifted.tStatistic()).isEqualTo(Double.MAX_VALUE);
        assertThat(shifted.tPValue()).isEqualTo(0.0);
        assertThat(shifted.ciLow()).isEqualTo(0.5);
    }

    @Test
    void largeSampleDetectsARealDifferenceAndIsSeeded() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        int n = 500;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextDouble();
            a[i] = b[i] + 0.05 + 0.1 * (rng.nextDouble() - 0.5);
        }
        ComparisonResult r = pc.compare("m", "A", "B", a, b);
        assertThat(r.tPValue()).isLessThan(1e-6);
        assertThat(r.wilcoxonPValue()).isLessThan(1e-6);
        assertThat(r.ciLow()).isGreaterThan(0.04);
        assertThat(r.ciHigh()).isLessThan(0.06);
        assertThat(r.significant(0.05)).isTrue();
        assertThat(pc.compare("m", "A", "B", a, b)).isEqualTo(r);
        assertThat(new PairedComparison(2000, 0.95, 8).compare("m", "A", "B", a, b).ciLow()).isNotEqualTo(r.ciLow());
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> pc.compare("m", "A", "B", new double[] {1}, new double[] {2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> pc.compare("m", "A", "B", new double[] {1, 2}, new double[] {2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("equal length");
        assertThatThrownBy(() -> new PairedComparison(10, 0.95, 1)).hasMessageContaining("bootstrapSamples");
        assertThatThrownBy(() -> new PairedComparison(1000, 1.0, 1)).hasMessageContaining("confidence");
    }
}
