package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.DataField;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basket and session id columns on the command line, and the warnings for columns given and not used. */
class GroupColumnsCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /**
     * A retail log: 60 customers, each with two invoices of two lines, an hour apart within one
     * minute per invoice ({a, b} then {c, d}), a scene and a session column; every line is a purchase.
     */
    private static Path retail(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("invoice,customer,product,scene,visit,date\n");
        long t = 1_500_000_000L;
        for (int u = 0; u < 60; u++) {
            sb.append("INV").append(2 * u).append(",c").append(u).append(",a,cart,v").append(u).append(',').append(t).append('\n');
            sb.append("INV").append(2 * u).append(",c").append(u).append(",b,cart,v").append(u).append(',').append(t + 30)
                    .append('\n');
            sb.append("INV").append(2 * u + 1).append(",c").append(u).append(",c,home,v").append(u).append(',')
                    .append(t + 1800).append('\n');
            sb.append("INV").append(2 * u + 1).append(",c").append(u).append(",d,home,v").append(u).append(',')
                    .append(t + 1830).append('\n');
            t += 7200;
        }
        Path p = dir.resolve("retail.csv");
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    private static final String COLUMNS = "user=customer,item=product,time=date,fixed-behavior=purchase";

    private String[] evaluate(Path data, String columns, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("--quiet", "evaluate", "--data", data.toString(), "--format",
                "csv", "--columns", columns, "--algo", "item-cooccurrence"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private List<String> warnings() {
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("warning:")).toList();
    }

    @Test
    void basketProtocolGroupsByTheBasketColumnAndSaysSo(@TempDir Path dir) throws Exception {
        Path d = retail(dir);
        assertThat(run(evaluate(d, COLUMNS + ",basket=invoice", "--protocol", "basket:0.25")))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        String o = out.toString(StandardCharsets.UTF_8);
        // 15 test customers x 2 invoices; the time-gap rule (1 h) would join each customer's two invoices
        assertThat(o).contains("grouping: baskets from column invoice (basket=invoice; 30 basket ids; --gap unused)")
                .contains("protocol: basket = a user's test events with the same basket id");
        assertThat(warnings()).isEmpty();

        assertThat(run(evaluate(d, COLUMNS, "--protocol", "basket:0.25"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("grouping: baskets by the time-gap rule")
                .contains("no basket id column").contains("grouped by user and time gap");

        // --gap given with the column: a warning that it is unused
        assertThat(run(evaluate(d, COLUMNS + ",order=invoice", "--protocol", "basket:0.25", "--gap", "60"))).isZero();
        assertThat(warnings()).singleElement().asString().contains("--gap 60 is not used");
    }

    @Test
    void sessionColumnGroupsSessionsAndIsAWarningElsewhere(@TempDir Path dir) throws Exception {
        Path d = retail(dir);
        assertThat(run(evaluate(d, COLUMNS + ",session=visit,basket=invoice", "--protocol", "session:0.25")))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("grouping: sessions from column visit");
        assertThat(warnings()).singleElement().asString().startsWith("warning: the basket id column (")
                .contains("with --protocol session").contains("evaluate --protocol basket");

        // a standard protocol reads neither; the scene it reads (per-scene units)
        assertThat(run(evaluate(d, COLUMNS + ",session=visit,basket=invoice,scene=scene", "--protocol", "time:0.25")))
                .isZero();
        assertThat(warnings()).hasSize(2).allMatch(w -> w.contains("evaluate item-cooccurrence (--protocol time:0.25)"))
                .noneMatch(w -> w.contains("scene column"));
    }

    @Test
    void trainWarnsAboutEveryColumnTheModelDoesNotRead(@TempDir Path dir) throws Exception {
        Path d = retail(dir);
        assertThat(run("train", "--data", d.toString(), "--format", "csv", "--columns",
                COLUMNS + ",scene=scene,basket=invoice", "--algo", "popularity", "--out", dir.resolve("m").toString()))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> w = warnings();
        assertThat(w).hasSize(2);
        assertThat(w.get(0)).startsWith("warning: the scene column (2 scenes) is not used by train popularity")
                .contains("scene-ials");
        assertThat(w.get(1)).startsWith("warning: the basket id column (120 basket ids)");
    }

    private static java.util.Set<DataField> reads(String algo, java.util.Map<String, String> params) {
        Algorithm a = Algorithms.byName(algo);
        return a.reads(Params.parse(a.params(), params));
    }

    @Test
    void algorithmsDeclareTheOptionalFieldsTheyRead() {
        assertThat(reads("scene-ials", java.util.Map.of())).containsExactly(DataField.SCENE);
        assertThat(reads("scene-ease", java.util.Map.of())).containsExactly(DataField.SCENE);
        assertThat(reads("scene-star", java.util.Map.of())).containsExactly(DataField.SCENE);
        assertThat(reads("scene-star", java.util.Map.of("scenes", "false", "scene-attributes", "category")))
                .containsExactly(DataField.CATEGORY);
        assertThat(reads("item-attribute-ae", java.util.Map.of())).containsExactly(DataField.CATEGORY);
        for (String plain : new String[] {"ials", "ease", "bpr", "item-cooccurrence", "vsknn", "mult-vae"}) {
            assertThat(reads(plain, java.util.Map.of())).as(plain).isEmpty();
        }
    }

    @Test
    void helpListsTheGroupColumns() {
        assertThat(run("evaluate", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("basket=COL").contains("session=COL")
                .contains("'grouping:' line");
    }
}
