package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    /** Manual clock in nanoseconds. */
    private long now;
    private final ProgressPrinter printer = new ProgressPrinter(stream, () -> now);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void lineShowsStageStepMetricsElapsedAndRemaining() {
        now = 2_000_000_000L;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("val-ndcg@10", 0.30123);
        m.put("loss", 0.41234);
        printer.onProgress("epoch", 1, 4, m);
        // the first line: elapsed since the printer was made, no estimate (loading came first)
        assertThat(lines()).containsExactly("progress: epoch 1/4 (25%), loss 0.4123, val-ndcg@10 0.3012, elapsed 2.0 s");
        now += 3_000_000_000L;
        printer.onProgress("epoch", 2, 4, Map.of());
        // remaining from the time per step since the first report: 3 s per step, 2 steps left
        assertThat(lines().get(1)).isEqualTo("progress: epoch 2/4 (50%), elapsed 5.0 s, remaining ~6.0 s");
        now += 3_000_000_000L;
        printer.onProgress("iteration", 1, -1, Map.of("loss", 1.5e-7));
        assertThat(lines().get(2)).isEqualTo("progress: iteration 1, loss 1.500e-07, elapsed 3.0 s");
        now += 1_000_000_000L;
        // a later run starts at the previous report: its first line has an estimate
        printer.onProgress("users", 100, 400, Map.of());
        assertThat(lines().get(3)).isEqualTo("progress: users 100/400 (25%), elapsed 1.0 s, remaining ~3.0 s");
    }

    @Test
    void throttlesToOneLineASecondPlusFirstAndLastStep() {
        for (int step = 1; step <= 5000; step++) {
            now += 1_000_000L; // 1 ms per step: 5 s in all
            printer.onProgress("users", step, 5000, Map.of());
        }
        List<String> lines = lines();
        assertThat(lines).hasSizeBetween(5, 7);
        assertThat(lines.get(0)).startsWith("progress: users 1/5000 ");
        assertThat(lines.get(lines.size() - 1)).startsWith("progress: users 5000/5000 (100%)").doesNotContain("remaining");
    }

    @Test
    void heldBackStepIsPrintedWhenTheNextStageBeginsOrAtFlush() {
        printer.onProgress("epoch", 1, 100, Map.of("loss", 1.0));
        printer.onProgress("epoch", 2, 100, Map.of("loss", 0.5));
        printer.onProgress("epoch", 3, 100, Map.of("loss", 0.25)); // early stopping: never reaches 100
        assertThat(lines()).hasSize(1);
        printer.onProgress("refit", 1, 3, Map.of("loss", 0.9));
        assertThat(lines()).hasSize(3);
        assertThat(lines().get(1)).startsWith("progress: epoch 3/100 (3%), loss 0.2500");
        printer.onProgress("refit", 2, 3, Map.of("loss", 0.8));
        printer.flush();
        printer.flush();
        assertThat(lines()).hasSize(4);
        assertThat(lines().get(3)).startsWith("progress: refit 2/3");
    }

    @Test
    void lateReportsFromWorkerThreadsAreNotShownAsANewRun() {
        printer.onProgress("users", 200, 1000, Map.of());
        printer.onProgress("users", 100, 1000, Map.of());
        printer.onProgress("users", 1000, 1000, Map.of());
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(1)).startsWith("progress: users 1000/1000");
        bytes.reset();
        printer.onProgress("items", 2, 50, Map.of());
        printer.onProgress("items", 1, 50, Map.of()); // block 1 finished after block 2
        printer.onProgress("items", 3, 50, Map.of());
        assertThat(lines()).hasSize(1);
    }

    @Test
    void theSameStageStartingAgainIsANewRun() {
        for (int model = 0; model < 2; model++) {
            for (int e = 1; e <= 30; e++) {
                printer.onProgress("epoch", e, 30, Map.of());
            }
        }
        // first and last epoch of each model (the clock stands still)
        assertThat(lines()).hasSize(4);
        assertThat(lines().get(2)).startsWith("progress: epoch 1/30");
        bytes.reset();
        int stop = Runtime.getRuntime().availableProcessors() + 10;
        printer.onProgress("epoch", 1, 1000, Map.of());
        printer.onProgress("epoch", stop, 1000, Map.of()); // early stopping
        printer.onProgress("epoch", 1, 1000, Map.of()); // the next model
        assertThat(lines()).hasSize(3);
        assertThat(lines().get(1)).startsWith("progress: epoch " + stop + "/1000 ");
        assertThat(lines().get(2)).startsWith("progress: epoch 1/1000 ");
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(ProgressPrinter.duration(800_000_000L)).isEqualTo("0.8 s");
        assertThat(ProgressPrinter.duration(125_000_000_000L)).isEqualTo("2m05s");
        assertThat(ProgressPrinter.duration(3_720_000_000_000L)).isEqualTo("1h02m");
    }
}
