package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.experiment.EventLog;
import dev.recsys.experiment.LogEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void analyzePrintsTheTableAndWritesTheHtmlReport(@TempDir Path dir) {
        Path log = dir.resolve("log.csv");
        try (EventLog l = EventLog.open(log)) {
            for (int u = 0; u < 40; u++) {
                String v = u % 2 == 0 ? "control" : "new";
                l.append(LogEvent.impression(1000 + u, "u" + u, "exp", v, u, List.of("i1", "i2")));
                if (u % 3 == 0) {
                    l.append(LogEvent.click(1001 + u, "u" + u, "exp", v, u, "i2", 1));
                }
            }
        }
        Path html = dir.resolve("r.html");
        assertThat(run("experiment", "analyze", "--log", log.toString(), "--html", html.toString(), "--control", "exp=new"))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("control vs new ctr");
        assertThat(run("experiment", "analyze", "--log", log.toString(), "--html", html.toString()))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        String s = out.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("experiment exp:", "new vs control ctr", "always-valid p", "sample ratio ok");
        assertThat(Files.exists(html)).isTrue();
    }

    @Test
    void aBrokenLogIsOneLineWithFileAndLine(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("bad.csv");
        Files.writeString(log, EventLog.HEADER + "\nclick,1,u1,exp,c,,i1,0\n");
        assertThat(run("experiment", "analyze", "--log", log.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("recsys: error: bad.csv:2:").doesNotContain("\n");
        assertThat(run("experiment", "frobnicate")).isEqualTo(2);
        assertThat(run("experiment", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage:");
    }

    @Test
    void simulateAtATinySizeRunsEveryStage(@TempDir Path dir) {
        Path html = dir.resolve("sim.html");
        assertThat(run("experiment", "simulate", "--users", "300", "--days", "3", "--aa-runs", "5", "--aa-units", "200",
                "--ab-runs", "3", "--il-runs", "5", "--a", "popularity", "--b", "item-cooccurrence", "--quiet",
                "--log", dir.resolve("sim.csv").toString(), "--html", html.toString()))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        String s = out.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("true CTR: A", "A/A: 5 experiments", "predicted", "interleaving:", "experiment sim:",
                "experiment sim-interleaving:");
        assertThat(Files.exists(html)).isTrue();
    }
}
