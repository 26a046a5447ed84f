package dev.recsys.mf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.InteractionMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link RatingTriples#groupByUser} and the user visiting order. */
class RatingTriplesTest {

    private static List<String> entries(RatingTriples t, int from, int to) {
        List<String> l = new ArrayList<>();
        for (int n = from; n < to; n++) {
            l.add(t.users[n] + ":" + t.items[n] + ":" + t.ratings[n]);
        }
        return l;
    }

    @Test
    void groupingMakesEachUsersTrainingEntriesConsecutiveAndKeepsTheRest() {
        InteractionMatrix m = PowerLawMatrix.generate(30, 40, 400, 0.8, true, 5L);
        RatingTriples t = RatingTriples.of(m, 0.2, new SplittableRandom(1));
        int train = t.trainSize();
        List<String> before = entries(t, 0, train);
        List<String> validation = entries(t, train, t.size());
        t.groupByUser(train, m.rows());
        int[] start = t.userStart();
        assertThat(start).hasSize(m.rows() + 1);
        assertThat(start[0]).isZero();
        assertThat(start[m.rows()]).isEqualTo(train);
        for (int u = 0; u < m.rows(); u++) {
            List<String> expected = new ArrayList<>();
            for (String e : before) {
                if (e.startsWith(u + ":")) {
                    expected.add(e); // stable: the shuffled order within the user is kept
                }
            }
            assertThat(entries(t, start[u], start[u + 1])).as("user " + u).isEqualTo(expected);
        }
        assertThat(entries(t, train, t.size())).as("validation part").isEqualTo(validation);

        t.groupByUser(t.size(), m.rows());
        assertThat(t.userStart()[m.rows()]).isEqualTo(t.size());
        List<String> all = new ArrayList<>(before);
        all.addAll(validation);
        List<String> now = entries(t, 0, t.size());
        assertThat(now).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void theUserOrderIsASeededPermutation() {
        InteractionMatrix m = PowerLawMatrix.generate(50, 40, 400, 0.8, true, 5L);
        RatingTriples t = RatingTriples.of(m, 0, new SplittableRandom(1));
        t.groupByUser(t.size(), m.rows());
        int[] ascending = t.userOrder().clone();
        int[] a = t.shuffleUsers(new SplittableRandom(9)).clone();
        RatingTriples t2 = RatingTriples.of(m, 0, new SplittableRandom(1));
        t2.groupByUser(t2.size(), m.rows());
        int[] b = t2.shuffleUsers(new SplittableRandom(9)).clone();
        assertThat(a).isEqualTo(b).isNotEqualTo(ascending);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(ascending);
    }
}
