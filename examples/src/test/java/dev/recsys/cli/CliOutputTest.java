package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI prints and writes: progress lines, escaped ids, safe CSV cells, the quickstart's next steps. */
class CliOutputTest {
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

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path sampleShop(Path dir) {
        Path events = dir.resolve("events.csv");
        SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().users(150).items(100).seed(5).build())
                .writeCsv(events, dir.resolve("items.csv"));
        return events;
    }

    @Test
    void trainPrintsProgressOnStderrAndQuietTurnsItOff(@TempDir Path dir) {
        Path events = sampleShop(dir);
        String[] train = {"train", "--data", events.toString(), "--format", "csv", "--algo", "bpr", "--param",
                "factors=4,epochs=3", "--out", dir.resolve("m.model").toString()};
        assertThat(run(train)).as(err()).isZero();
        List<String> progress = err().lines().filter(l -> l.startsWith("progress: ")).toList();
        // the first and the last epoch at least (the rest is throttled to one line a second)
        assertThat(progress).hasSizeBetween(2, 3);
        assertThat(progress.get(0)).startsWith("progress: epoch 1/3 (33%), pair-accuracy ").contains(", elapsed ");
        assertThat(progress.get(progress.size() - 1)).startsWith("progress: epoch 3/3 (100%)");
        assertThat(out()).contains("trained bpr").doesNotContain("progress:");

        assertThat(run(append(train, "--quiet"))).isZero();
        assertThat(err()).doesNotContain("progress:");
        assertThat(out()).contains("trained bpr");
        String[] quietFirst = new String[train.length + 1];
        quietFirst[0] = "--quiet";
        System.arraycopy(train, 0, quietFirst, 1, train.length);
        assertThat(run(quietFirst)).isZero();
        assertThat(err()).isEmpty();
    }

    @Test
    void evaluateReportsTrainingAndUsers(@TempDir Path dir) {
        Path events = sampleShop(dir);
        assertThat(run("evaluate", "--data", events.toString(), "--format", "csv", "--algo", "ials", "--param",
                "factors=4,iterations=2", "--metrics", "ndcg@10")).as(err()).isZero();
        assertThat(err()).contains("progress: iteration 2/2 (100%)").containsPattern("progress: users (\\d+)/\\1 \\(100%\\)");
        assertThat(run("evaluate", "--quiet", "--data", events.toString(), "--format", "csv", "--algo", "ials",
                "--param", "factors=4,iterations=2", "--metrics", "ndcg@10")).isZero();
        assertThat(err()).doesNotContain("progress:");
    }

    @Test
    void recommendEscapesControlCharactersInIds(@TempDir Path dir) throws Exception {
        Interactions log = new Interactions();
        String red = "\u001b[31mRED\u001b[0m";
        String rtl = "abc\u202edcba";
        for (int u = 0; u < 5; u++) {
            log.add(Event.of("user\t" + u, red, Behavior.PURCHASE, u));
            log.add(Event.of("user\t" + u, rtl, Behavior.VIEW, u));
        }
        Path model = dir.resolve("ctl.model");
        ModelFiles.save(Recommenders.train(Dataset.of(log), "popularity", Map.of(), TrainingListener.NONE), model);
        assertThat(run("recommend", "--model", model.toString(), "--user", "new\u001b]0;pwned\u0007", "--scene",
                "item-detail", "--item", "x\ny", "--cart", "c\rd", "-k", "5")).as(err()).isZero();
        assertThat(out()).contains("\\u001b[31mRED\\u001b[0m").contains("abc\\u202edcba");
        assertThat(err()).contains("user 'new\\u001b]0;pwned\\u0007'").contains("item 'x\\u000ay'")
                .contains("left out: c\\u000dd");
        for (String s : List.of(out(), err())) {
            assertThat(s.chars().filter(c -> c == 0x1b || c == 0x07 || c == '\r' || c == 0x202e || c == '\t'))
                    .as(s).isEmpty();
        }
        assertThat(err().lines().count()).isEqualTo(3);
        // an error message quoting a name from the command line or the data stays one line
        assertThat(run("recommend", "--model", dir.resolve("no\u001bsuch\nfile").toString(), "--user", "u")).isEqualTo(1);
        assertThat(err().strip()).startsWith("recsys: error: ").doesNotContain("\n").doesNotContain("\u001b")
                .contains("no\\u001bsuch\\u000afile");
    }

    @Test
    void printableKeepsOrdinaryTextAndEscapesControls() {
        assertThat(CliSupport.printable("caf\u00e9-42_\u4e2d")).isEqualTo("caf\u00e9-42_\u4e2d");
        assertThat(CliSupport.printable("a\tb\u0000c\u007fd\u0085e\u2028f\u2067g"))
                .isEqualTo("a\\u0009b\\u0000c\\u007fd\\u0085e\\u2028f\\u2067g");
        assertThat(CliSupport.printable(null)).isEqualTo("null");
    }

    @Test
    void evaluateCsvOutputsNeutraliseFormulaIds(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("user,item,behavior,value,timestamp,scene\n");
        String[] items = {"=HYPERLINK(\"http://x\")", "+SUM(1)", "@cmd", "-2+3", "plain"};
        for (int u = 0; u < 30; u++) {
            for (int k = 0; k < items.length; k++) {
                if ((u + k) % 3 != 0) {
                    csv.append(u % 2 == 0 ? "=u" + u : "-" + u).append(',').append(CliSupportTestCsv.quote(items[k]))
                            .append(",view,1,").append(1000 + u * 10 + k).append(",home\n");
                }
            }
        }
        Path events = dir.resolve("formula.csv");
        Files.writeString(events, csv);
        Path rankings = dir.resolve("rankings.csv");
        Path perUser = dir.resolve("per-user.csv");
        assertThat(run("evaluate", "--quiet", "--data", events.toString(), "--format", "csv", "--algo", "popularity",
                "--include-seen", "--metrics", "ndcg@10", "--rankings", rankings.toString(), "--per-user",
                perUser.toString())).as(err()).isZero();
        String r = Files.readString(rankings);
        String p = Files.readString(perUser);
        assertThat(r).contains("'=u", "\"'=HYPERLINK(\"\"http://x\"\")\"", "'+SUM(1)", "'@cmd", "'-2+3");
        // a numeric user id such as -1 stays a number
        assertThat(p).contains("'=u0,home,").containsPattern("(?m)^-1,home,");
        for (String line : (r + p).split("\n")) {
            assertThat(line).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@")
                    .doesNotStartWith("\"=").doesNotContain(",=").doesNotContain(",+").doesNotContain(",@")
                    .doesNotContain(",\"=");
        }
    }

    @Test
    void quickstartEndsWithThreeCommandsThatWork(@TempDir Path dir) {
        assertThat(run("quickstart", "--out", dir.toString())).as(err()).isZero();
        String s = out();
        int at = s.indexOf("what to try next");
        assertThat(at).as(s).isPositive();
        List<String> commands = s.substring(at).lines().filter(l -> l.startsWith("  " + QuickstartCommand.JAR + " "))
                .map(l -> l.substring(("  " + QuickstartCommand.JAR + " ").length())).toList();
        assertThat(commands).hasSize(3);
        assertThat(commands.get(0)).startsWith("train --data ").contains("events.csv");
        assertThat(commands.get(1)).startsWith("recommend --model ").contains("--scene item-detail --item ");
        assertThat(commands.get(2)).startsWith("evaluate ");
        assertThat(dir.resolve("events.csv")).exists();
        assertThat(dir.resolve("items.csv")).exists();
        // the commands as a newcomer pastes them (the paths are absolute or relative to the working directory)
        for (String c : commands) {
            String[] args = c.split(" ");
            List<String> fast = new ArrayList<>(List.of(args));
            fast.add("--quiet");
            if (c.startsWith("train") || c.startsWith("evaluate")) {
                fast.addAll(List.of("--param", "factors=4,iterations=2")); // same commands, fewer iterations
            }
            assertThat(run(fast.toArray(String[]::new))).as(c + "\n" + err()).isZero();
        }
        assertThat(out()).contains("ndcg@10");
    }

    private static String[] append(String[] a, String s) {
        String[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = s;
        return b;
    }

    /** RFC 4180 quoting for the hand-written test file. */
    private static final class CliSupportTestCsv {
        static String quote(String s) {
            return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }
    }
}
