package dev.recsys.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatingAndBeyondAccuracyMetricsTest {
    private static final double EPS = 1e-9;

    @Test
    void ratingErrorsHandComputed() {
        float[] p = {3, 4, 5};
        float[] a = {4, 4, 3};
        // errors -1, 0, 2
        assertThat(RatingMetrics.mse(p, a)).isCloseTo(5.0 / 3, within(EPS));
        assertThat(RatingMetrics.rmse(p, a)).isCloseTo(Math.sqrt(5.0 / 3), within(EPS));
        assertThat(RatingMetrics.mae(p, a)).isCloseTo(1.0, within(EPS));
        assertThat(RatingMetrics.rmse(new float[0], new float[0])).isEqualTo(0.0);
        assertThatThrownBy(() -> RatingMetrics.mae(p, new float[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same length");
        assertThatThrownBy(() -> RatingMetrics.mae(new float[] {Float.NaN}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    @Test
    void noveltyAndPopularity() {
        int[] pop = {10, 1, 0};
        // -log2(10/20) = 1, -log2(1/20) = 4.3219...
        double expected = (1 + Math.log(20) / Math.log(2)) / 2;
        assertThat(BeyondAccuracyMetrics.novelty(new int[] {0, 1}, 2, 10, pop, 20).getAsDouble()).isCloseTo(expected, within(EPS));
        // an item never seen in training counts as seen by one user
        assertThat(BeyondAccuracyMetrics.novelty(new int[] {2}, 1, 10, pop, 20).getAsDouble())
                .isCloseTo(Math.log(20) / Math.log(2), within(EPS));
        assertThat(BeyondAccuracyMetrics.novelty(new int[0], 0, 10, pop, 20)).isEmpty();
        assertThat(BeyondAccuracyMetrics.meanPopularity(new int[] {0, 1, 2}, 3, 2, pop).getAsDouble()).isCloseTo(5.5, within(EPS));
    }

    @Test
    void categoryDiversitySkipsUnknownCategories() {
        int[] cat = {7, 7, 8, -1};
        // known: 7, 7, 8 -> pairs (7,7) (7,8) (7,8): 2 of 3 differ
        assertThat(BeyondAccuracyMetrics.categoryDiversity(new int[] {0, 1, 2, 3}, 4, 10, i -> cat[i]).getAsDouble())
                .isCloseTo(2.0 / 3, within(EPS));
        assertThat(BeyondAccuracyMetrics.categoryDiversity(new int[] {0, 3}, 2, 10, i -> cat[i])).isEmpty();
        assertThat(BeyondAccuracyMetrics.categoryDiversity(new int[] {0, 1}, 2, 10, i -> cat[i]).getAsDouble()).isEqualTo(0.0);
    }

    @Test
    void embeddingDiversityIsMeanCosineDistance() {
        float[] v = {1, 0, 0, 1, 1, 1, 0, 0}; // items 0..3: (1,0) (0,1) (1,1) (0,0)
        double d = 1 - 1 / Math.sqrt(2);
        assertThat(BeyondAccuracyMetrics.embeddingDiversity(new int[] {0, 1, 2}, 3, 10, v, 2).getAsDouble())
                .isCloseTo((1 + 2 * d) / 3, within(EPS));
        assertThat(BeyondAccuracyMetrics.embeddingDiversity(new int[] {0, 3}, 2, 10, v, 2).getAsDouble()).isCloseTo(1.0, within(EPS));
        assertThat(BeyondAccuracyMetrics.embeddingDiversity(new int[] {0}, 1, 10, v, 2)).isEmpty();
        assertThatThrownBy(() -> BeyondAccuracyMetrics.embeddingDiversity(new int[] {0, 4}, 2, 10, v, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no vector");
    }

    @Test
    void giniAndCoverage() {
        assertThat(BeyondAccuracyMetrics.gini(new long[] {0, 0, 0, 4})).isCloseTo(0.75, within(EPS));
        assertThat(BeyondAccuracyMetrics.gini(new long[] {1, 1, 1, 1})).isEqualTo(0.0);
        assertThat(BeyondAccuracyMetrics.gini(new long[] {0, 0})).isEqualTo(0.0);
        // sorted 1,2,3: (2-4)*1 + 0*2 + (6-4)*3 = 4; / (3 * 6)
        assertThat(BeyondAccuracyMetrics.gini(new long[] {3, 1, 2})).isCloseTo(4.0 / 18, within(EPS));
        assertThat(BeyondAccuracyMetrics.coverage(3, 10)).isCloseTo(0.3, within(EPS));
        assertThatThrownBy(() -> BeyondAccuracyMetrics.coverage(11, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
