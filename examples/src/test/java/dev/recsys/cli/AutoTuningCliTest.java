package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --algo auto} of evaluate and train: the validation table, the choice, bad budgets. */
class AutoTuningCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void evaluateAndTrainWithAuto(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.csv");
        SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().users(120).items(80).seed(3).build())
                .writeCsv(events, dir.resolve("items.csv"));
        assertThat(run("evaluate", "--data", events.toString(), "--format", "csv", "--protocol", "per-user:0.2",
                "--algo", "auto", "--budget", "4s", "--metrics", "ndcg@10")).as(err.toString()).isZero();
        assertThat(out()).contains("auto: ranking task, validation ndcg@10:").contains("auto chose ")
                .contains(" of 4 s budget").contains("auto: ");
        Path model = dir.resolve("m.model");
        assertThat(run("train", "--data", events.toString(), "--format", "csv", "--algo", "auto", "--budget", "3s",
                "--out", model.toString())).as(err.toString()).isZero();
        assertThat(out()).contains("auto chose ").contains("saved");
        RecommenderModel m = ModelFiles.load(model);
        assertThat(out()).contains("trained " + m.metadata().algorithm() + " on");
    }

    @Test
    void weightsGivenWithAutoAreKeptAndTheChosenMappingIsPrinted(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.csv");
        SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().users(120).items(80).seed(3).build())
                .writeCsv(events, dir.resolve("items.csv"));
        Path model = dir.resolve("m.model");
        assertThat(run("train", "--data", events.toString(), "--format", "csv", "--algo", "auto", "--budget", "3s",
                "--behavior-weights", "purchase:7", "--out", model.toString())).as(err.toString()).isZero();
        assertThat(out()).contains("purchase:7").contains("matrix: behaviour weights ");
        assertThat(ModelFiles.load(model).metadata().matrixOptions().weight(dev.recsys.data.Behavior.PURCHASE))
                .isEqualTo(7f);
        // the rating task trains on ratings: weights are a usage error there
        assertThat(run("train", "--data", events.toString(), "--format", "csv", "--algo", "auto", "--budget", "3s",
                "--task", "rating", "--behavior-weights", "purchase:7", "--out", model.toString())).isNotZero();
        assertThat(err.toString()).contains("ranking task");
    }

    @Test
    void badBudgetAndTaskAreUsageErrors(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.csv");
        SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().users(30).items(40).seed(3).build())
                .writeCsv(events, dir.resolve("items.csv"));
        assertThat(run("train", "--data", events.toString(), "--format", "csv", "--algo", "auto", "--budget", "soon",
                "--out", dir.resolve("m").toString())).isNotZero();
        assertThat(err.toString()).contains("--budget");
        assertThat(run("train", "--data", events.toString(), "--format", "csv", "--algo", "auto", "--task", "both",
                "--out", dir.resolve("m").toString())).isNotZero();
        assertThat(err.toString()).contains("--task");
    }
}
