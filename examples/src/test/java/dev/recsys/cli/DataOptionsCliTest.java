package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.io.ColumnMapping;
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
        }
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
