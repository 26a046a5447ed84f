package dev.recsys.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which implementation {@link Kernels} picks. The surefire {@code vector-path} execution runs this
 * with {@code --add-modules jdk.incubator.vector}, where the vector kernels must be active; the
 * default execution runs it without, where they must not be.
 */
class KernelsSelectionTest {
    private static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    @Test
    void vectorIsActiveExactlyWhenTheModuleIsPresent() {
        String forced = System.getProperty(Kernels.PROPERTY);
        if (forced != null && !forced.isBlank()) {
            assertThat(Kernels.get().name()).isIn(forced.trim(), "scalar", "vector", "jblas");
            return;
        }
        if (vectorModulePresent()) {
            assertThat(Kernels.get().name()).isEqualTo("vector");
            assertThat(Kernels.create("vector")).isPresent();
            assertThat(Kernels.unavailableReason("vector")).isEmpty();
        } else {
            assertThat(Kernels.create("vector")).isEmpty();
            assertThat(Kernels.unavailableReason("vector")).get().asString()
                    .contains("--add-modules jdk.incubator.vector");
            String expected = Kernels.create("jblas").isPresent() ? "jblas" : "scalar";
            assertThat(Kernels.get().name()).isEqualTo(expected);
        }
    }

    @Test
    void scalarIsAlwaysAvailableAndListedFirst() {
        List<FloatKernels> all = Kernels.available();
        assertThat(all).isNotEmpty();
        assertThat(all.get(0)).isSameAs(ScalarKernels.INSTANCE);
        assertThat(all).extracting(FloatKernels::name).doesNotHaveDuplicates()
                .isSubsetOf("scalar", "vector", "jblas");
        assertThat(all).extracting(FloatKernels::name).contains(Kernels.get().name());
    }

    @Test
    void sgdKernelsFollowTheFloatKernels() {
        String k = Kernels.get().name();
        boolean vector = Kernels.create("vector").isPresent();
        // jblas has no SGD kernels: beside it the best pure-Java ones run
        String expected = k.equals("jblas") ? (vector ? "vector" : "scalar") : k;
        assertThat(Kernels.sgd().name()).isEqualTo(expected);
        assertThat(SgdKernels.get()).isSameAs(Kernels.sgd());
        assertThat(Kernels.createSgd("scalar")).containsSame(ScalarSgdKernels.INSTANCE);
        assertThat(Kernels.createSgd("vector").isPresent()).isEqualTo(vector);
        assertThatThrownBy(() -> Kernels.createSgd("jblas")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jblas");
    }

    @Test
    void jblasIsEitherUsableOrExplained() {
        if (Kernels.create("jblas").isPresent()) {
            FloatKernels j = Kernels.create("jblas").get();
            float[] c = new float[1];
            j.gemm(false, false, 1, 1, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f}, 0, 1, 0f, c, 0, 1);
            assertThat(c[0]).isEqualTo(6f);
            assertThat(Kernels.unavailableReason("jblas")).isEmpty();
        } else {
            assertThat(Kernels.unavailableReason("jblas")).get().asString().isNotBlank();
        }
    }

    @Test
    void unknownNamesAreRejected() {
        assertThatThrownBy(() -> Kernels.create("cuda")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }
}
