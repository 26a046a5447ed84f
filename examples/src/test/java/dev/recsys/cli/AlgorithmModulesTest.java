package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With every module on the class path, each registered algorithm is in core's name -> module table. */
class AlgorithmModulesTest {

    @Test
    void everyRegisteredAlgorithmHasItsModule() {
        List<Algorithm> all = Algorithms.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(13);
        for (Algorithm a : all) {
            String pkg = a.getClass().getPackageName();
            String expected = pkg.startsWith("dev.recsys.mf") ? "recsys-mf"
                    : pkg.startsWith("dev.recsys.nn") ? "recsys-nn" : "recsys-core";
            assertThat(Algorithms.moduleOf(a.name())).as(a.name()).contains(expected);
        }
    }
}
