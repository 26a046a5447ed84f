package dev.recsys.nn.internal.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.optim.OptimizerConfig;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The item-major training table of an output layer and its lazy optimizer updates. */
class ItemMajorOutputTest {

    @Test
    void theTableHoldsTheLayerItemMajorAndCopiesBackExactly() {
        Dense d = new Dense("d", 3, 70).init(Init.XAVIER_UNIFORM, new SplittableRandom(1));
        for (int j = 0; j < 70; j++) {
            d.bias().value()[j] = j * 0.01f;
        }
        ItemMajorOutput t = new ItemMajorOutput("d.items", d);
        float[] v = t.table().value();
        assertThat(t.table().rows()).isEqualTo(70);
        assertThat(t.table().cols()).isEqualTo(4);
        for (int j = 0; j < 70; j++) {
            for (int r = 0; r < 3; r++) {
                assertThat(v[j * 4 + r]).isEqualTo(d.weight().value()[r * 70 + j]);
            }
            assertThat(v[j * 4 + 3]).isEqualTo(d.bias().value()[j]);
        }
        float[] h = {0.5f, -1f, 2f};
        float expected = 0.5f * d.weight().value()[5] - d.weight().value()[70 + 5] + 2f * d.weight().value()[140 + 5]
                + d.bias().value()[5];
        assertThat(t.logit(Kernels.get(), h, 0, 5)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6f));
        v[7 * 4 + 1] = 42f;
        v[69 * 4 + 3] = -3f;
        float[] before = d.weight().value().clone();
        t.storeToLayer();
        before[70 + 7] = 42f;
        assertThat(d.weight().value()).containsExactly(before);
        assertThat(d.bias().value()[69]).isEqualTo(-3f);
    }

    @Test
    void gatherGivesRowsColumnsAndBiases() {
        Dense d = new Dense("d", 2, 5).init(Init.XAVIER_UNIFORM, new SplittableRandom(2));
        ItemMajorOutput t = new ItemMajorOutput("d.items", d);
        int[] items = {4, 1, 4};
        float[] rows = new float[6];
        float[] cols = new float[6];
        float[] bias = new float[3];
        t.gather(items, 3, rows, cols, bias);
        float[] w = d.weight().value();
        for (int s = 0; s < 3; s++) {
            for (int r = 0; r < 2; r++) {
                assertThat(rows[s * 2 + r]).isEqualTo(w[r * 5 + items[s]]);
                assertThat(cols[r * 3 + s]).isEqualTo(w[r * 5 + items[s]]);
            }
        }
    }

    /**
     * The lazy update of the rows a batch touched is dense Adam on those rows: a row touched at every
     * step follows the dense trajectory exactly, and a row no batch touched keeps its values.
     */
    @Test
    void lazyAdamOnTouchedRowsEqualsDenseAdamOnThoseRows() {
        Optimizer adam = OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(0.01f).build().create();
        Dense d = new Dense("d", 3, 6).init(Init.XAVIER_UNIFORM, new SplittableRandom(3));
        ItemMajorOutput t = new ItemMajorOutput("d.items", d);
        float[] start = t.table().value().clone();
        ParameterUpdater lazy = new ParameterUpdater(adam, List.of(t.table()));
        // the same two rows (items 1 and 4) as a dense 2 x 4 block
        Parameter block = Parameter.dense("block", 2, 4);
        System.arraycopy(start, 4, block.value(), 0, 4);
        System.arraycopy(start, 16, block.value(), 4, 4);
        ParameterUpdater dense = new ParameterUpdater(adam, List.of(block));
        SplittableRandom rnd = new SplittableRandom(4);
        float[] h = new float[3];
        for (int step = 0; step < 5; step++) {
            t.beginBatch();
            Arrays.fill(block.grad(), 0f);
            for (int item : new int[] {4, 1, 4}) {
                for (int i = 0; i < 3; i++) {
                    h[i] = (float) rnd.nextGaussian();
                }
                float g = (float) rnd.nextGaussian();
                t.addGradient(Kernels.get(), item, g, h, 0);
                int b = item == 1 ? 0 : 4;
                for (int i = 0; i < 3; i++) {
                    block.grad()[b + i] += g * h[i];
                }
                block.grad()[b + 3] += g;
            }
            lazy.step();
            dense.step();
        }
        float[] v = t.table().value();
        for (int i = 0; i < 4; i++) {
            assertThat(v[4 + i]).isCloseTo(block.value()[i], org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(v[16 + i]).isCloseTo(block.value()[4 + i], org.assertj.core.data.Offset.offset(1e-6f));
        }
        for (int item : new int[] {0, 2, 3, 5}) {
            for (int i = 0; i < 4; i++) {
                assertThat(v[item * 4 + i]).isEqualTo(start[item * 4 + i]);
            }
        }
        assertThat(v[4]).isNotEqualTo(start[4]);
    }
}
