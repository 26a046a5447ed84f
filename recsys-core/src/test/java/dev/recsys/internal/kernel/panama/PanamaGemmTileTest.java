package dev.recsys.internal.kernel.panama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recsys.internal.kernel.FloatKernels;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gemm micro-tile choice: one per vector width, named in the start-up line, forced with
 * {@code -Drecsys.gemm.tile}, malformed values rejected with the value named. (The numerical
 * equivalence of every tile is in {@code FloatKernelsEquivalenceTest}.) Skipped without the
 * Vector API module.
 */
class PanamaGemmTileTest {
    @BeforeEach
    void needsVectorApi() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector not in the boot layer: the Vector API tiles are not tested in this run");
    }

    @Test
    void preferredTileFitsTheRegisterFileOfTheVectorWidth() {
        PanamaGemm.Tile t = PanamaGemm.Tile.preferred();
        int bits = PanamaKernels.vectorBitSize();
        int registers = bits >= 512 ? 32 : 16;
        assertThat(t.nr).isEqualTo(t.nv * PanamaKernels.L);
        // accumulators + B vectors + one broadcast must fit, with room for C2's early broadcasts
        assertThat(t.mr * t.nv + t.nv + 1).isLessThanOrEqualTo(registers - 2);
        assertThat(t.name()).isEqualTo(bits >= 512 ? "12x" + 2 * PanamaKernels.L : "3x" + 3 * PanamaKernels.L);
        assertThat(t.mc % t.mr).isZero();
        assertThat(t.nc % t.nr).isZero();
    }

    @Test
    void startUpLineNamesTheActiveTile() {
        String forced = System.getProperty(PanamaKernels.TILE_PROPERTY);
        String line = PanamaKernels.gemmTile();
        if (forced == null) {
            assertThat(line).startsWith(PanamaGemm.Tile.preferred().name() + " (kc ");
        } else {
            assertThat(line).contains(PanamaKernels.TILE_PROPERTY);
        }
    }

    @Test
    void parseAcceptsEveryKernelAndRejectsOthersNamingTheValue() {
        int l = PanamaKernels.L;
        for (int[] s : PanamaGemm.Tile.KERNELS) {
            PanamaGemm.Tile t = PanamaGemm.Tile.parse(s[0] + "x" + s[1] * l);
            assertThat(t.mr).isEqualTo(s[0]);
            assertThat(t.nv).isEqualTo(s[1]);
        }
        assertThatThrownBy(() -> PanamaGemm.Tile.parse("7x" + 2 * l)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7 rows");
        assertThatThrownBy(() -> PanamaGemm.Tile.parse("3x" + (l + 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of " + l);
        assertThatThrownBy(() -> PanamaGemm.Tile.parse("big")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'big'");
    }

    @Test
    void everyTileHasItsOwnKernelsInstance() {
        List<FloatKernels> all = PanamaKernels.createEveryTile();
        assertThat(all).hasSize(PanamaGemm.Tile.KERNELS.length);
        assertThat(all).extracting(Object::toString).doesNotHaveDuplicates()
                .allMatch(s -> s.matches("vector\\[\\d+x\\d+]"));
    }
}
