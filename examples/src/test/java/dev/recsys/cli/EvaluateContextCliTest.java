package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --protocol basket|session}, {@code --no-fill} and their option errors. */
class EvaluateContextCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Taobao-like rows user,item,category,behavior,time: 40 users buy a+b together, then later users more. */
    private static Path data(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        long t = 1_500_000_000L;
        for (int u = 0; u < 60; u++) {
            sb.append(u).append(",a,1,cart,").append(t).append('\n');
            sb.append(u).append(",b,2,buy,").append(t + 60).append('\n');
            sb.append(u).append(",f").append(u % 9).append(",3,pv,").append(t + 120).append('\n');
            t += 7200;
        }
        Path p = dir.resolve("events.csv");
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    private String[] base(Path data, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("--quiet", "evaluate", "--data", data.toString(), "--format", "csv",
                "--columns", "user=0,item=1,category=2,behavior=3,time=4", "--algo", "item-cooccurrence"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void basketProtocolPrintsRuleAndWritesFiles(@TempDir Path dir) throws Exception {
        Path d = data(dir);
        Path rk = dir.resolve("rk.csv");
        Path held = dir.resolve("held.csv");
        Path json = dir.resolve("r.json");
        assertThat(run(base(d, "--protocol", "basket:0.25", "--rankings", rk.toString(), "--held-out", held.toString(),
                "--json", json.toString(), "--threads", "2"))).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String o = out.toString(StandardCharsets.UTF_8);
        assertThat(o).contains("protocol: basket = ").contains("grouped by user and time gap").contains("hitrate@10")
                .contains("item-cooccurrence      1.0000");
        assertThat(Files.readAllLines(held)).hasSize(16).first().isEqualTo("case,user,item,context_size");
        assertThat(Files.readString(rk)).startsWith("case,user,rank,item,score\n");
        assertThat(Files.readString(json)).contains("\"protocol\": \"basket\"").contains("\"hitrate@10\": 1");
    }

    @Test
    void sessionProtocolRuns(@TempDir Path dir) throws Exception {
        assertThat(run(base(data(dir), "--protocol", "session", "-k", "5"))).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("protocol: session = ").contains("hitrate@5");
    }

    @Test
    void standardProtocolStatesTheFill(@TempDir Path dir) throws Exception {
        Path d = data(dir);
        assertThat(run(base(d, "--protocol", "time:0.25"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("short lists filled with trending items");
        assertThat(run(base(d, "--protocol", "time:0.25", "--no-fill"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("short lists not filled");
        Path rk = dir.resolve("std-rk.csv");
        Path held = dir.resolve("std-held.csv");
        assertThat(run(base(d, "--protocol", "time:0.25", "--rankings", rk.toString(), "--held-out", held.toString())))
                .isZero();
        assertThat(Files.readAllLines(held).get(0)).isEqualTo("user,scene,item");
        assertThat(Files.readAllLines(held)).hasSizeGreaterThan(1);
    }

    @Test
    void badOptionsNameTheParameter(@TempDir Path dir) throws Exception {
        Path d = data(dir);
        assertThat(run(base(d, "--protocol", "basket", "--gap", "soon"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--gap");
        assertThat(run(base(d, "--protocol", "basket", "--gap", "-5"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--gap");
        assertThat(run(base(d, "--protocol", "session", "-k", "0"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("-k");
        assertThat(run(base(d, "--protocol", "session:x"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--protocol");
        assertThat(run(base(d, "--protocol", "basket", "--threads", "-1"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--threads");
        assertThat(run(base(d, "--protocol", "basket", "--no-fill"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--no-fill");
        assertThat(run(base(d, "--protocol", "per-user:0.2", "--held-out", "x.csv"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--held-out");
    }
    @Test
    void nextItemProtocolHoldsOutEachUsersLatestTarget(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        long t = 1_500_000_000L;
        for (int u = 0; u < 40; u++) {
            for (int s = 0; s < 4; s++) {
                sb.append(u).append(",i").append((u + s) % 6).append(",1,").append(s >= 2 ? "buy" : "pv").append(',')
                        .append(t + 60L * s).append('\n');
            }
            t += 7200;
        }
        Path d = dir.resolve("seq.csv");
        Files.writeString(d, sb.toString(), StandardCharsets.UTF_8);
        List<String> a = List.of("--quiet", "evaluate", "--data", d.toString(), "--format", "csv",
                "--columns", "user=0,item=1,category=2,behavior=3,time=4", "--algo", "vsknn", "--compare", "popularity");
        List<String> args = new java.util.ArrayList<>(a);
        args.addAll(List.of("--protocol", "next-item", "--relevant", "purchase"));
        assertThat(run(args.toArray(new String[0]))).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String o = out.toString(StandardCharsets.UTF_8);
        assertThat(o).contains("leave-last-out by time").contains("protocol: leave-last-out: ").contains("PURCHASE")
                .contains("vsknn").contains("popularity").contains("ndcg@10");
        args.add("--validation");
        assertThat(run(args.toArray(new String[0]))).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("validation cut of leave-last-out by time");
        for (String[] bad : new String[][] {{"--protocol", "next-item:0.2"}, {"--protocol", "session", "--relevant", "buy"},
                {"--protocol", "next-item", "--gap", "60"}, {"--protocol", "time:0.2", "--validation"}}) {
            List<String> b = new java.util.ArrayList<>(a);
            b.addAll(List.of(bad));
            assertThat(run(b.toArray(new String[0]))).as(String.join(" ", bad)).isEqualTo(2);
        }
    }
}
