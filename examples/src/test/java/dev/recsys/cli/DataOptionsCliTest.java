package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.Behavior;
import dev.recsys.data.ValueTransform;
import dev.recsys.data.io.ColumnMapping;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data options of the CLI: every {@code --columns} key in the help, {@code --behaviors}, bad mappings. */
class DataOptionsCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void trainHelpListsEveryColumnsKey() {
        for (String cmd : new String[] {"train", "evaluate"}) {
            assertThat(run(cmd, "--help")).isZero();
            String help = out.toString(StandardCharsets.UTF_8);
            for (String key : ColumnMapping.KEYS) {
                assertThat(help).as(cmd + " --help lists " + key).contains(key + "=");
            }
            assertThat(help).contains("--behaviors");
            assertThat(help).contains("--behavior-weights").contains("view 1, click 1, search 1, favourite 2, cart 3, purchase 5")
                    .contains("log = ln(1 + value/EPS)").contains("binary");
        }
    }

    /** 20 users with view counts and a purchase, as a count file. */
    private static Path counts(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("user,item,behavior,count\n");
        for (int u = 0; u < 20; u++) {
            for (int k = 0; k < 4; k++) {
                // value 1 where u * k is a multiple of 7: 51 of the 80 views have another value
                sb.append('u').append(u).append(",i").append((u + k) % 9).append(",view,").append(1 + (u * k) % 7).append('\n');
            }
            sb.append('u').append(u).append(",i").append(u % 9).append(",buy,1\n");
        }
        Path data = dir.resolve("counts.csv");
        Files.writeString(data, sb.toString(), StandardCharsets.UTF_8);
        return data;
    }

    @Test
    void anIgnoredValueColumnIsOneWarningLine(@TempDir Path dir) throws Exception {
        Path data = counts(dir);
        String columns = "user=user,item=item,behavior=behavior,value=count";
        assertThat(run("train", "--data", data.toString(), "--format", "csv", "--columns", columns, "--algo", "ials",
                "--param", "iterations=2", "--out", dir.resolve("m").toString())).isZero();
        String o = out.toString(StandardCharsets.UTF_8);
        assertThat(o).contains("matrix: behaviour weights view:1,click:1,search:1,add_to_cart:3,favorite:2,purchase:5")
                .contains("value transform none");
        assertThat(o.lines().filter(l -> l.startsWith("warning:")).toList()).singleElement().asString()
                .contains("ignored for 51 events").contains("value-transform");

        assertThat(run("train", "--data", data.toString(), "--format", "csv", "--columns", columns
                + ",value-transform=log,behavior-weights=view:2,buy:9", "--algo", "ials", "--param", "iterations=2", "--out",
                dir.resolve("m2").toString())).isZero();
        o = out.toString(StandardCharsets.UTF_8);
        assertThat(o).contains("value transform log").contains("view:2").contains("purchase:9").doesNotContain("warning:");
        RecommenderModel m = ModelFiles.load(dir.resolve("m2"));
        assertThat(m.metadata().matrixOptions().valueTransform()).isEqualTo(ValueTransform.LOG);
        assertThat(m.metadata().matrixOptions().weight(Behavior.PURCHASE)).isEqualTo(9f);

        assertThat(run("evaluate", "--data", data.toString(), "--format", "csv", "--columns", columns, "--protocol",
                "per-user:0.25", "--behavior-weights", "view:1,buy:3", "--algo", "item-cooccurrence")).isZero();
        o = out.toString(StandardCharsets.UTF_8);
        assertThat(o).contains("purchase:3").contains("warning: the value column is ignored");
    }

    @Test
    void badBehaviourWeightsAreOneLineNamingTheParameter(@TempDir Path dir) throws Exception {
        Path data = counts(dir);
        assertThat(run("train", "--data", data.toString(), "--format", "csv", "--columns",
                "user=user,item=item,behavior=behavior", "--behavior-weights", "view:-1", "--algo", "popularity",
                "--out", dir.resolve("m").toString())).isEqualTo(2);
        String e = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(e).doesNotContain("\n").contains("behavior-weights").contains(">= 0");
        assertThat(run("train", "--data", data.toString(), "--format", "csv", "--columns",
                "user=user,item=item,behavior=behavior,behavior-weights=view:1", "--behavior-weights", "view:2",
                "--algo", "popularity", "--out", dir.resolve("m").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("given twice");
    }

    @Test
    void shopExportTrainsWithOwnEventNamesAndIsoTimes(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("ts,visitor,sku,event\n");
        String[] events = {"page_view", "add_to_basket", "order_placed"};
        for (int u = 0; u < 30; u++) {
            for (int k = 0; k < 3; k++) {
                sb.append("2024-03-0").append(1 + k).append('T').append(10 + u % 10).append(":00:00,v").append(u)
                        .append(",sku").append((u + k) % 7).append(',').append(events[k]).append('\n');
            }
        }
        Path data = dir.resolve("shop.csv");
        Files.writeString(data, sb.toString(), StandardCharsets.UTF_8);
        Path model = dir.resolve("m.model");
        String columns = "user=visitor,item=sku,behavior=event,time=ts";
        assertThat(run("train", "--data", data.toString(), "--format", "csv", "--columns", columns, "--algo", "popularity",
                "--out", model.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("shop.csv:2:").contains("'page_view'").contains("--behaviors");
        assertThat(run("train", "--data", data.toString(), "--format", "csv", "--columns", columns,
                "--behaviors", "page_view=view,add_to_basket=cart,order_placed=purchase", "--algo", "popularity",
                "--out", model.toString())).isZero();
        assertThat(Files.exists(model)).isTrue();
    }

    @Test
    void hugeColumnNumberIsOneLineNamingTheKey(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("e.csv");
        Files.writeString(data, "a,b,view\n", StandardCharsets.UTF_8);
        assertThat(run("train", "--data", data.toString(), "--format", "csv", "--columns", "user=2147483647,item=1,behavior=2",
                "--algo", "popularity", "--out", dir.resolve("m").toString())).isEqualTo(2);
        String e = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(e).doesNotContain("\n").doesNotContain("Exception").contains("user").contains("0..1023");
    }
}
