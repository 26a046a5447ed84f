package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void coldStartOnSampleShopPrintsModelRandomAndPopularityRecall(@TempDir Path dir) throws Exception {
        var shop = SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().users(300).items(200).seed(7).build());
        Path events = dir.resolve("events.csv");
        Path items = dir.resolve("items.csv");
        shop.writeCsv(events, items);
        assertThat(run("cold-start", "--data", events.toString(), "--format", "csv", "--items", items.toString(),
                "--param", "epochs=5", "--param", "hidden=32", "--param", "latent=8", "--param", "attribute-epochs=20",
                "--holdout", "0.2", "-k", "10")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String s = out.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("held out 40 of 200 items");
        Matcher m = Pattern.compile("recall@10 among held-out items: model ([0-9.]+) \\| random ([0-9.]+)"
                + " \\| attribute popularity ([0-9.]+)").matcher(s);
        assertThat(m.find()).as(s).isTrue();
        for (int g = 1; g <= 3; g++) {
            assertThat(Double.parseDouble(m.group(g))).isBetween(0.0, 1.0);
        }
        // random: k / held-out items when every user has fewer than k relevant items at most
        assertThat(Double.parseDouble(m.group(2))).isGreaterThan(0.0);
        assertThat(s).contains("over the full catalogue");
    }

    @Test
    void badHoldoutIsAUsageError(@TempDir Path dir) throws Exception {
        assertThat(run("cold-start", "--data", "x.csv", "--format", "csv", "--items", "i.csv", "--holdout", "1.5"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--holdout");
        assertThat(run("cold-start", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
}
