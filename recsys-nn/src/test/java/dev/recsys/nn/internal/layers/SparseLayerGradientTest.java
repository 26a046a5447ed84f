package dev.recsys.nn.internal.layers;

import static dev.recsys.nn.testing.GradCheck.check;
import static dev.recsys.nn.testing.GradCheck.dot;
import static dev.recsys.nn.testing.GradCheck.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.OptimizerConfig;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Gradient checks of the sparse input layer and the embedding table, and of lazy updates. */
class SparseLayerGradientTest {

    private static InteractionMatrix batch() {
        SparseRows x = new SparseRows(9);
        x.add(1, 1f);
        x.add(4, 0.5f);
        x.add(8, 2f);
        x.endRow();
        x.endRow(); // an empty row
        x.add(0, 1f);
        x.add(4, -1f);
        x.endRow();
        return x.build();
    }

    @Test
    void sparseInputMatchesDenseLayer() {
        SparseInput s = new SparseInput("s", 9, 4).init(Init.XAVIER_UNIFORM, new SplittableRandom(1));
        System.arraycopy(uniform(4, 0.5, 2), 0, s.bias().value(), 0, 4);
        Dense d = new Dense("d", 9, 4);
        d.weight().set(s.weight().value());
        d.bias().set(s.bias().value());
        InteractionMatrix x = batch();
        float[] dense = new float[3 * 9];
        for (int r = 0; r < 3; r++) {
            for (int q = x.rowPtr()[r]; q < x.rowPtr()[r + 1]; q++) {
                dense[r * 9 + x.colIdx()[q]] += x.values()[q];
            }
        }
        float[] ys = new float[12];
        float[] yd = new float[12];
        s.forward(x, ys);
        d.forward(dense, yd, 3, true);
        for (int i = 0; i < 12; i++) {
            assertThat(ys[i]).isCloseTo(yd[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
        // sparse weight gradient equals the dense one on touched rows, and untouched rows are absent
        float[] dy = uniform(12, 1.0, 3);
        s.backward(x, dy);
        d.backward(dense, yd, dy, null, 3);
        RowGradient g = s.weight().rowGradient();
        assertThat(g.count()).isEqualTo(4); // columns 1, 4, 8, 0
        for (int slot = 0; slot < g.count(); slot++) {
            int row = g.row(slot);
            for (int j = 0; j < 4; j++) {
                assertThat(g.values()[slot * 4 + j]).isCloseTo(d.weight().grad()[row * 4 + j],
                        org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
        assertThat(s.bias().grad()).usingComparatorWithPrecision(1e-5f).containsExactly(d.bias().grad());
    }

    @Test
    void sparseInputGradientCheck() {
        SparseInput s = new SparseInput("s", 9, 4).init(Init.XAVIER_UNIFORM, new SplittableRandom(5));
        InteractionMatrix x = batch();
        float[] c = uniform(12, 1.0, 6);
        float[] y = new float[12];
        DoubleSupplier loss = () -> {
            s.forward(x, y);
            return dot(c, y, 12);
        };
        loss.getAsDouble();
        s.backward(x, c);
        RowGradient g = s.weight().rowGradient();
        float[] dense = new float[9 * 4];
        for (int slot = 0; slot < g.count(); slot++) {
            System.arraycopy(g.values(), slot * 4, dense, g.row(slot) * 4, 4);
        }
        check("W", s.weight().value(), 36, dense, 1e-2f, 100, loss);
        check("b", s.bias().value(), 4, s.bias().grad().clone(), 1e-2f, 100, loss);
    }

    @Test
    void embeddingGradientSumsRepeatedRows() {
        Embedding e = new Embedding("e", 5, 3).init(Init.normal(0.1), new SplittableRandom(1));
        int[] ids = {2, 4, 2};
        float[] c = uniform(9, 1.0, 2);
        float[] y = new float[9];
        DoubleSupplier loss = () -> {
            e.forward(ids, 0, 3, y, 0, 3);
            return dot(c, y, 9);
        };
        loss.getAsDouble();
        e.backward(ids, 0, 3, c, 0, 3);
        RowGradient g = e.table().rowGradient();
        assertThat(g.count()).isEqualTo(2);
        float[] dense = new float[15];
        for (int slot = 0; slot < g.count(); slot++) {
            System.arraycopy(g.values(), slot * 3, dense, g.row(slot) * 3, 3);
        }
        check("E", e.table().value(), 15, dense, 1e-2f, 100, loss);
        assertThat(dense[2 * 3]).isEqualTo(c[0] + c[6]);
    }

    @Test
    void embeddingRejectsOutOfRangeIds() {
        Embedding e = new Embedding("e", 5, 3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.forward(new int[] {5}, 0, 1, new float[3], 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 5)");
    }

    @Test
    void lazyUpdatesTouchOnlyBatchRows() {
        Embedding e = new Embedding("e", 6, 2).init(Init.normal(0.1), new SplittableRandom(1));
        float[] before = e.table().value().clone();
        ParameterUpdater u = new ParameterUpdater(
                OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(0.1f).build().create(),
                List.of(e.table()));
        e.backward(new int[] {1, 3}, 0, 2, new float[] {1, 1, -1, -1}, 0, 2);
        u.step();
        float[] after = e.table().value();
        for (int r = 0; r < 6; r++) {
            boolean touched = r == 1 || r == 3;
            for (int j = 0; j < 2; j++) {
                if (touched) {
                    assertThat(after[r * 2 + j]).isNotEqualTo(before[r * 2 + j]);
                } else {
                    assertThat(after[r * 2 + j]).isEqualTo(before[r * 2 + j]);
                }
            }
        }
        // Adam's first step moves by lr against the gradient's sign
        assertThat(after[2] - before[2]).isCloseTo(-0.1f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(after[6] - before[6]).isCloseTo(0.1f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(u.steps()).isEqualTo(1);
    }
}
