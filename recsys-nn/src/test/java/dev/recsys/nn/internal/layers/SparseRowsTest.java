package dev.recsys.nn.internal.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.InteractionMatrix;
import org.junit.jupiter.api.Test;

class SparseRowsTest {

    @Test
    void buildsIndependentCsrMatricesAndReusesItsBuffers() {
        SparseRows b = new SparseRows(5);
        b.add(1, 2f);
        b.add(3, 0.5f);
        b.endRow();
        b.endRow();
        InteractionMatrix m = b.build();
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.cols()).isEqualTo(5);
        assertThat(m.rowPtr()).containsExactly(0, 2, 2);
        assertThat(m.get(0, 3)).isEqualTo(0.5f);
        b.clear();
        for (int r = 0; r < 40; r++) { // grows past the initial buffers
            b.add(r % 5, r);
            b.endRow();
        }
        InteractionMatrix n = b.build();
        assertThat(n.rows()).isEqualTo(40);
        assertThat(n.get(39, 4)).isEqualTo(39f);
        assertThat(m.get(0, 1)).isEqualTo(2f); // the earlier batch is untouched
        assertThat(m.colIdx()).containsExactly(1, 3);
    }

    @Test
    void refusesEntriesCoreMatricesDoNotHold() {
        SparseRows b = new SparseRows(5);
        assertThatThrownBy(() -> b.add(5, 1f)).hasMessageContaining("col must be in [0, 5)");
        b.add(2, 1f);
        assertThatThrownBy(() -> b.add(2, 1f)).hasMessageContaining("ascending");
        assertThatThrownBy(() -> b.add(3, Float.NaN)).hasMessageContaining("finite");
        b.endRow();
        b.add(0, 1f); // a new row may start lower
        b.endRow();
        assertThat(b.build().nnz()).isEqualTo(2);
    }
}
