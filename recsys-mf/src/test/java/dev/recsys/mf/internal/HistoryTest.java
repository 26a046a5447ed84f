package dev.recsys.mf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Scene;
import dev.recsys.spi.Query;
import org.junit.jupiter.api.Test;

class HistoryTest {

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
