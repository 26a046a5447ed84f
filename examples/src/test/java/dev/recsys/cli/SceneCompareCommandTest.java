package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code scene-compare} argument checks: one line naming the option, exit code 2, before any training. */
class SceneCompareCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badOptionsAreNamed() {
        assertThat(run("scene-compare", "--models", "scene-ease,bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--models").contains("bogus");
        assertThat(run("scene-compare", "--data", "nowhere")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--data");
        assertThat(run("scene-compare", "--repeat", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--repeat");
        assertThat(run("scene-compare", "--seed", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--seed");
        assertThat(run("scene-compare", "--param", "mu")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--param");
    }

    @Test
    void helpListsTheModels() {
        assertThat(run("scene-compare", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("scene-ease", "without-scenes", "per-scene", "ials");
    }
}
