package dev.recsys.internal.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.data.InteractionMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {

    @Test
    void popularitySamplerFollowsTheWeights() {
        int[] counts = {0, 1, 3, 7, 15};
        NegativeSampler s = NegativeSampler.popularity(counts, 1.0);
        SplittableRandom r = new SplittableRandom(1);
        int[] hits = new int[counts.length];
        int n = 200000;
        for (int t = 0; t < n; t++) {
            hits[s.draw(r)]++;
        }
        double total = 1 + 2 + 4 + 8 + 16;
        for (int i = 0; i < counts.length; i++) {
            assertThat(hits[i] / (double) n).as("item " + i).isCloseTo((counts[i] + 1) / total, within(0.01));
        }
    }

    @Test
    void aUniformDrawIsExactlyOneNextIntOfTheCallersGenerator() {
        NegativeSampler s = NegativeSampler.uniform(37);
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        for (int t = 0; t < 1000; t++) {
            assertThat(s.draw(a)).isEqualTo(b.nextInt(37));
        }
    }

    @Test
    void aPoolDrawIsOneNextIntOverThePool() {
        int[] pool = {7, 3, 3, 11};
        NegativeSampler s = NegativeSampler.fromPool(pool);
        pool[0] = 99; // copied: later changes do not leak in
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        int[] expected = {7, 3, 3, 11};
        for (int t = 0; t < 200; t++) {
            assertThat(s.draw(a)).isEqualTo(expected[b.nextInt(4)]);
        }
        int[] row = {3, 7, 11};
        assertThat(s.drawNegative(new SplittableRandom(1), row, 0, row.length, 10)).isEqualTo(-1);
        assertThatThrownBy(() -> NegativeSampler.fromPool(new int[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pool");
    }

    @Test
    void negativesAvoidTheUsersItems() {
        NegativeSampler s = NegativeSampler.uniform(10);
        SplittableRandom r = new SplittableRandom(2);
        int[] row = {0, 2, 3, 4, 5, 6, 7, 8, 9};
        for (int t = 0; t < 100; t++) {
            assertThat(s.drawNegative(r, row, 0, row.length)).isEqualTo(1);
        }
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertThat(s.drawNegative(r, all, 0, all.length)).isEqualTo(-1);
    }

    @Test
    void matrixNegativesAvoidTheRowAndAFullRowStillGetsADraw() {
        // user 0 has items 0..3 of 5; user 1 has all 5; user 2 none
        InteractionMatrix m = new InteractionMatrix(3, 5, new int[] {0, 4, 9, 9},
                new int[] {0, 1, 2, 3, 0, 1, 2, 3, 4}, new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
        NegativeSampler s = NegativeSampler.uniform(5);
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 50; t++) {
            assertThat(s.drawNegative(r, m, 0)).isEqualTo(4);
        }
        SplittableRandom a = new SplittableRandom(4);
        SplittableRandom b = new SplittableRandom(4);
        assertThat(s.drawNegative(a, m, 1)).isEqualTo(b.nextInt(5)); // one unrejected draw
        assertThat(s.drawNegative(a, m, 2)).isEqualTo(b.nextInt(5));
        assertThatThrownBy(() -> NegativeSampler.fromPool(new int[] {1}).drawNegative(r, m, 0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void containsIsABinarySearch() {
        int[] row = {1, 4, 9, 16, 25, 36};
        for (int v = 0; v < 40; v++) {
            assertThat(NegativeSampler.contains(row, 0, row.length, v)).as("v=" + v)
                    .isEqualTo(java.util.Arrays.binarySearch(row, v) >= 0);
            assertThat(NegativeSampler.contains(row, 2, 4, v)).isEqualTo(v == 9 || v == 16);
        }
        assertThat(NegativeSampler.contains(row, 3, 3, 16)).isFalse();
    }

    @Test
    void distinctDrawsAreDistinctUnblockedAndFollowTheSeed() {
        int n = 100;
        NegativeSampler s = NegativeSampler.uniform(n);
        NegativeSampler.Distinct scratch = new NegativeSampler.Distinct();
        java.util.function.IntPredicate blocked = c -> c % 10 == 0; // 10 blocked, 90 available
        int[] out = new int[1 + n];
        // sparse case (10 of 90): rejection of blocked and repeated draws, one nextInt(n) per draw
        SplittableRandom a = new SplittableRandom(11);
        assertThat(s.drawDistinct(a, blocked, 90, 10, out, 1, scratch)).isEqualTo(10);
        SplittableRandom ref = new SplittableRandom(11);
        java.util.Set<Integer> seen = new java.util.LinkedHashSet<>();
        while (seen.size() < 10) {
            int c = ref.nextInt(n);
            if (!blocked.test(c)) {
                seen.add(c);
            }
        }
        assertThat(java.util.Arrays.copyOfRange(out, 1, 11)).containsExactly(
                seen.stream().mapToInt(Integer::intValue).toArray());
        // dense case (60 of 90) and more wanted than available: distinct, unblocked
        for (int want : new int[] {60, 500}) {
            int got = s.drawDistinct(new SplittableRandom(want), blocked, 90, want, out, 0, scratch);
            assertThat(got).isEqualTo(Math.min(want, 90));
            assertThat(java.util.Arrays.stream(out, 0, got).distinct().count()).isEqualTo(got);
            assertThat(java.util.Arrays.stream(out, 0, got).noneMatch(blocked::test)).isTrue();
        }
        assertThatThrownBy(() -> s.drawDistinct(new SplittableRandom(1), blocked, 91, 80, out, 0, scratch))
                .hasMessageContaining("available");
        assertThatThrownBy(() -> NegativeSampler.popularity(new int[] {1, 2}, 1.0)
                .drawDistinct(new SplittableRandom(1), c -> false, 2, 1, out, 0, scratch))
                .isInstanceOf(IllegalStateException.class);
    }
}
