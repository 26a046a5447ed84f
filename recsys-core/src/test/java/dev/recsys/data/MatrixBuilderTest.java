package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixBuilderTest {
    /** Users a, b, c; items x, y, z; log deliberately not in time order. */
    private static Interactions log() {
        Interactions log = new Interactions();
        log.add(new Event("a", "x", Behavior.VIEW, 1f, 10, null));
        log.add(new Event("a", "x", Behavior.PURCHASE, 1f, 20, null));
        log.add(new Event("a", "y", Behavior.VIEW, 1f, 30, null));
        log.add(new Event("b", "z", Behavior.RATING, 4f, 5, null));
        log.add(new Event("b", "z", Behavior.RATING, 2f, 40, null));
        log.add(new Event("b", "x", Behavior.CLICK, 1f, 15, null));
        log.add(new Event("a", "y", Behavior.PURCHASE, 1f, 25, null));
        log.add(new Event("a", "z", Behavior.RATING, 3f, 50, null));
        log.add(new Event("a", "z", Behavior.RATING, 5f, 50, null));
        log.add(new Event("c", "y", Behavior.CLICK, 1f, 60, null));
        return log;
    }

    private static MatrixOptions options(Aggregation agg) {
        return new MatrixOptions(MatrixOptions.weightsOf(Map.of(Behavior.VIEW, 1f, Behavior.PURCHASE, 5f, Behavior.RATING, 1f)),
                agg, 0);
    }

    @Test
    void sumAppliesWeightsAndDropsZeroWeightBehaviours() {
        InteractionMatrix m = MatrixBuilder.build(log(), options(Aggregation.SUM));
        assertThat(m.rows()).isEqualTo(3);
        assertThat(m.cols()).isEqualTo(3);
        assertThat(m.rowPtr()).containsExactly(0, 3, 4, 4);
        assertThat(m.rowColumns(0)).containsExactly(0, 1, 2);
        assertThat(m.get(0, 0)).isEqualTo(6f); // view 1 + purchase 5
        assertThat(m.get(0, 1)).isEqualTo(6f);
        assertThat(m.get(0, 2)).isEqualTo(8f); // ratings 3 + 5
        assertThat(m.get(1, 2)).isEqualTo(6f); // ratings 4 + 2
        assertThat(m.get(1, 0)).isZero(); // the click is dropped
        assertThat(m.rowLength(2)).isZero(); // c only clicked
        assertThat(m.nnz()).isEqualTo(4);
        assertThat(m.bytes()).isEqualTo(4L * (4 + 4 + 4));
    }

    @Test
    void maxTakesTheLargestContribution() {
        InteractionMatrix m = MatrixBuilder.build(log(), options(Aggregation.MAX));
        assertThat(m.get(0, 0)).isEqualTo(5f);
        assertThat(m.get(0, 1)).isEqualTo(5f);
        assertThat(m.get(0, 2)).isEqualTo(5f);
        assertThat(m.get(1, 2)).isEqualTo(4f);
    }

    @Test
    void lastTakesTheLatestInTimeThenInLog() {
        InteractionMatrix m = MatrixBuilder.build(log(), options(Aggregation.LAST));
        assertThat(m.get(0, 0)).isEqualTo(5f); // purchase at 20 after view at 10
        assertThat(m.get(0, 1)).isEqualTo(1f); // view at 30 after purchase at 25 (logged later)
        assertThat(m.get(0, 2)).isEqualTo(5f); // equal times: the later in the log
        assertThat(m.get(1, 2)).isEqualTo(2f);
    }

    @Test
    void timeDecayHalvesPerHalfLife() {
        Interactions log = new Interactions();
        log.add(new Event("u", "i", Behavior.VIEW, 1f, 0, null));
        log.add(new Event("u", "i", Behavior.VIEW, 1f, 10, null));
        log.add(new Event("u", "j", Behavior.VIEW, 1f, 30, null));
        InteractionMatrix m = MatrixBuilder.build(log, MatrixOptions.binary().withAggregation(Aggregation.SUM).withHalfLife(10));
        assertThat(m.get(0, 0)).isCloseTo(0.25f + 0.125f, within(1e-6f)); // 20 s and 30 s before the last event
        assertThat(m.get(0, 1)).isEqualTo(1f);
    }

    @Test
    void presetOptions() {
        InteractionMatrix r = MatrixBuilder.build(log(), MatrixOptions.ratings());
        assertThat(r.nnz()).isEqualTo(2);
        assertThat(r.get(0, 2)).isEqualTo(5f);
        assertThat(r.get(1, 2)).isEqualTo(2f);
        InteractionMatrix b = MatrixBuilder.build(log(), MatrixOptions.binary());
        assertThat(b.get(0, 0)).isEqualTo(1f);
        assertThat(b.get(1, 0)).isEqualTo(1f); // click kept
        assertThat(b.get(2, 1)).isEqualTo(1f);
        assertThat(b.get(0, 2)).isEqualTo(5f); // rating value
        InteractionMatrix d = MatrixBuilder.build(log(), MatrixOptions.implicitDefaults());
        assertThat(d.get(0, 0)).isEqualTo(1f + 5f);
        assertThat(d.get(2, 1)).isEqualTo(1f);
    }

    @Test
    void transposeIsTheCscForm() {
        InteractionMatrix m = MatrixBuilder.build(log(), options(Aggregation.SUM));
        InteractionMatrix t = m.transpose();
        assertThat(t.rows()).isEqualTo(3);
        assertThat(t.cols()).isEqualTo(3);
        assertThat(t.nnz()).isEqualTo(m.nnz());
        for (int u = 0; u < 3; u++) {
            for (int i = 0; i < 3; i++) {
                assertThat(t.get(i, u)).isEqualTo(m.get(u, i));
            }
        }
        assertThat(t.rowColumns(2)).containsExactly(0, 1); // item z: users a, b ascending
        assertThat(t.transpose()).isSameAs(m);
        assertThat(m.transpose()).isSameAs(t);
    }

    @Test
    void emptyLogGivesEmptyMatrixWithIndexDimensions() {
        Interactions log = new Interactions();
        log.users().add("u");
        log.items().add("i");
        InteractionMatrix m = MatrixBuilder.build(log, MatrixOptions.binary());
        assertThat(m.rows()).isEqualTo(1);
        assertThat(m.cols()).isEqualTo(1);
        assertThat(m.nnz()).isZero();
    }

    @Test
    void matrixValidatesItsArrays() {
        assertThatThrownBy(() -> new InteractionMatrix(1, 2, new int[] {0, 2}, new int[] {1, 0}, new float[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
        assertThatThrownBy(() -> new InteractionMatrix(1, 2, new int[] {0, 1}, new int[] {2}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InteractionMatrix(2, 2, new int[] {0, 1, 0}, new int[] {0}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InteractionMatrix(1, 2, new int[] {0, 3}, new int[] {0}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsAreImmutableAndValidated() {
        float[] w = MatrixOptions.weightsOf(Map.of(Behavior.VIEW, 2f));
        MatrixOptions o = new MatrixOptions(w, Aggregation.SUM, 0);
        w[Behavior.VIEW.code()] = 9f;
        o.weights()[Behavior.VIEW.code()] = 7f;
        assertThat(o.weight(Behavior.VIEW)).isEqualTo(2f);
        assertThat(o).isEqualTo(new MatrixOptions(MatrixOptions.weightsOf(Map.of(Behavior.VIEW, 2f)), Aggregation.SUM, 0));
        assertThat(o.withHalfLife(5)).isNotEqualTo(o);
        assertThat(o.toString()).contains("view=2.0", "SUM");
        assertThatThrownBy(() -> new MatrixOptions(new float[2], Aggregation.SUM, 0)).hasMessageContaining("weights");
        assertThatThrownBy(() -> o.withHalfLife(-1)).hasMessageContaining("halfLifeSeconds");
        assertThatThrownBy(() -> o.withAggregation(null)).hasMessageContaining("aggregation");
        float[] bad = new float[Behavior.values().length];
        bad[0] = Float.NaN;
        assertThatThrownBy(() -> new MatrixOptions(bad, Aggregation.SUM, 0)).hasMessageContaining("finite");
    }
}
