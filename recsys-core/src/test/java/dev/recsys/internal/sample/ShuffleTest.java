package dev.recsys.internal.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShuffleTest {

    @Test
    void shufflesARangeAsTheTextbookLoopDoes() {
        int[] a = new int[50];
        int[] ref = new int[50];
        for (int i = 0; i < 50; i++) {
            a[i] = i;
            ref[i] = i;
        }
        Shuffle.ints(a, 10, 40, new SplittableRandom(9));
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 39; i > 10; i--) {
            int j = 10 + r.nextInt(i - 10 + 1);
            int t = ref[i];
            ref[i] = ref[j];
            ref[j] = t;
        }
        assertThat(a).containsExactly(ref);
        assertThat(Arrays.copyOfRange(a, 0, 10)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(Arrays.copyOfRange(a, 10, 40)).containsExactlyInAnyOrder(java.util.stream.IntStream.range(10, 40).toArray());
    }

    @Test
    void triplesMoveTogetherWithTheSamePermutationAsInts() {
        int n = 30;
        int[] u = new int[n];
        int[] i = new int[n];
        float[] v = new float[n];
        int[] perm = new int[n];
        for (int p = 0; p < n; p++) {
            u[p] = p;
            i[p] = 100 + p;
            v[p] = p / 2f;
            perm[p] = p;
        }
        Shuffle.triples(u, i, v, 0, n, new SplittableRandom(4));
        Shuffle.ints(perm, 0, n, new SplittableRandom(4));
        assertThat(u).containsExactly(perm);
        for (int p = 0; p < n; p++) {
            assertThat(i[p]).isEqualTo(100 + u[p]);
            assertThat(v[p]).isEqualTo(u[p] / 2f);
        }
        assertThat(u).isNotEqualTo(java.util.stream.IntStream.range(0, n).toArray());
    }
}
