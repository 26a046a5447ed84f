package dev.recsys.mf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.InteractionMatrix;
import org.junit.jupiter.api.Test;

class PowerLawMatrixTest {
    @Test
    void exactSizeDistinctSortedRowsAndSkewedPopularity() {
        InteractionMatrix m = PowerLawMatrix.generate(2_000, 500, 40_000, 0.9, false, 3L);
        assertThat(m.rows()).isEqualTo(2_000);
        assertThat(m.cols()).isEqualTo(500);
        assertThat(m.nnz()).isEqualTo(40_000); // the constructor already checks distinct ascending columns
        int[] count = new int[500];
        for (int p = 0; p < m.nnz(); p++) {
            count[m.colIdx()[p]]++;
            assertThat(m.values()[p]).isBetween(1f, 20f);
        }
        java.util.Arrays.sort(count);
        long top = 0;
        for (int i = 450; i < 500; i++) {
            top += count[i];
        }
        // the 10% most popular items hold far more than 10% of the interactions
        assertThat(top).isGreaterThan(40_000 / 4);
        for (int u = 0; u < m.rows(); u++) {
            assertThat(m.rowLength(u)).isPositive();
        }
    }

    @Test
    void sameSeedSameMatrixAndRatingsInRange() {
        InteractionMatrix a = PowerLawMatrix.generate(300, 200, 5_000, 0.8, true, 9L);
        InteractionMatrix b = PowerLawMatrix.generate(300, 200, 5_000, 0.8, true, 9L);
        assertThat(a.rowPtr()).isEqualTo(b.rowPtr());
        assertThat(a.colIdx()).isEqualTo(b.colIdx());
        assertThat(a.values()).isEqualTo(b.values());
        for (float v : a.values()) {
            assertThat(v).isIn(1f, 2f, 3f, 4f, 5f);
        }
        InteractionMatrix dense = PowerLawMatrix.generate(10, 20, 200, 2.0, false, 1L);
        assertThat(dense.nnz()).isEqualTo(200);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> PowerLawMatrix.generate(0, 5, 5, 1, false, 1)).hasMessageContaining("users");
        assertThatThrownBy(() -> PowerLawMatrix.generate(5, 0, 5, 1, false, 1)).hasMessageContaining("items");
        assertThatThrownBy(() -> PowerLawMatrix.generate(5, 5, 26, 1, false, 1)).hasMessageContaining("nnz");
        assertThatThrownBy(() -> PowerLawMatrix.generate(5, 5, 10, -1, false, 1)).hasMessageContaining("exponent");
    }
}
