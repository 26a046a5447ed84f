package dev.recsys.mf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.api.Scene;
import dev.recsys.spi.Query;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplingAndHistoryTest {

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
    void historyMergesDuplicatesAndSkipsWhatTheModelCannotUse() {
        Query q = new Query(-1, new int[] {5, 2, 5, 99, -1, 3}, new float[] {1, 2, 3, 1, 1, Float.NaN}, -1, null, Scene.HOME);
        History sum = History.lenient(q, 10, true, 1f);
        assertThat(sum.items()).containsExactly(2, 5);
        assertThat(sum.weights()).containsExactly(2f, 4f);
        History last = History.lenient(q, 10, false, 1f);
        assertThat(last.weights()).containsExactly(2f, 3f);
        Query ctx = new Query(-1, new int[0], new float[0], 7, new int[] {1, 7}, Scene.CART);
        History c = History.lenient(ctx, 10, true, 4f);
        assertThat(c.items()).containsExactly(1, 7);
        assertThat(c.weights()).containsExactly(4f, 8f);
    }

    @Test
    void fingerprintsRecogniseTheTrainingRowInAnyOrder() {
        dev.recsys.data.InteractionMatrix m = new dev.recsys.data.InteractionMatrix(2, 5,
                new int[] {0, 3, 4}, new int[] {0, 2, 4, 1}, new float[] {1, 2, 3, 4});
        Fingerprints f = Fingerprints.of(m);
        assertThat(f.matches(0, new int[] {4, 0, 2}, new float[] {3, 1, 2})).isTrue();
        assertThat(f.matches(0, new int[] {4, 0, 2}, new float[] {3, 1, 5})).isFalse();
        assertThat(f.matches(0, new int[] {4, 0}, new float[] {3, 1})).isFalse();
        assertThat(f.matches(1, new int[] {1}, new float[] {4})).isTrue();
        assertThat(f.matches(2, new int[] {1}, new float[] {4})).isFalse();
        assertThat(f.count(0)).isEqualTo(3);
    }
}
