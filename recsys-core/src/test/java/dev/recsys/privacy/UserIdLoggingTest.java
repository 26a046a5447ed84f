package dev.recsys.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The library's log lines (slf4j-simple writes them to System.err in tests) name no user unless switched on. */
@Isolated
class UserIdLoggingTest {
    @TempDir
    Path dir;

    private static String captured(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private void lifecycle(String forget) {
        Dataset data = PseudonymsTest.shop();
        RecommenderModel m = Recommenders.train(data, "item-cooccurrence", Map.of("min-support", "1"), TrainingListener.NONE);
        SceneEngine engine = SceneEngine.builder(m).trainingData(data).build();
        engine.record(Event.of("customer-7", "i3", Behavior.VIEW, 1_700_100_000L));
        engine.recommend("customer-7", Scene.HOME, 5);
        engine.swap(Recommenders.train(data, "popularity", Map.of(), TrainingListener.NONE), data, engine.sequence());
        engine.evictIdle(Duration.ofDays(3650));
        engine.forget(forget);
        try {
            ModelExport.save(m, dir.resolve("m.model"), ModelExport.UserIds.RAW_ALLOWED);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void noUserIdInLogLinesUnlessSwitchedOn() {
        assertThat(UserIdLogging.enabled()).isFalse();
        String off = captured(() -> lifecycle("customer-7"));
        assertThat(off).contains("forgot user " + UserIdLogging.HIDDEN).contains("raw user ids")
                .doesNotContain("customer-");
        try {
            UserIdLogging.enable(true);
            String on = captured(() -> lifecycle("customer-5"));
            assertThat(on).contains("forgot user customer-5");
        } finally {
            UserIdLogging.enable(false);
        }
        assertThat(UserIdLogging.user("x")).isEqualTo(UserIdLogging.HIDDEN);
    }
}
