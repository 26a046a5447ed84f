package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void wrongOptionIsOneLineAndExitCode2() {
        assertThat(run("evaluate", "--bogus", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).doesNotContain("\n").contains("--bogus");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("train", "--data")).isEqualTo(2);
    }

    @Test
    void helpForEveryCommand() {
        for (String c : new String[] {"quickstart", "train", "recommend", "evaluate", "algorithms", "scene-compare", "cold-start", "experiment"}) {
            assertThat(run(c, "--help")).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage:");
        }
    }

    @Test
    void algorithmsListsBaselines() {
        assertThat(run("algorithms")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("popularity").contains("item-cooccurrence");
    }

    @Test
    void trainRecommendEvaluateOnSampleCsv(@TempDir Path dir) throws Exception {
        var shop = SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().users(300).items(200).seed(7).build());
        Path events = dir.resolve("events.csv");
        shop.writeCsv(events, dir.resolve("items.csv"));
        Path model = dir.resolve("m.model");
        assertThat(run("train", "--data", events.toString(), "--format", "csv", "--algo", "item-cooccurrence",
                "--param", "neighbors=20", "--out", model.toString())).isZero();
        assertThat(run("recommend", "--model", model.toString(), "--user", "u1", "--scene", "home", "-k", "5")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(6);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("not in the model");
        assertThat(run("recommend", "--model", model.toString(), "--user", "nobody", "--scene", "item-detail",
                "--item", "no-such-item", "--cart", "i1,nope", "-k", "3")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("user 'nobody' is not in the model")
                .contains("item 'no-such-item' is not in the model")
                .contains("1 of 2 cart items are not in the model and are left out: nope");
        assertThat(run("recommend", "--model", model.toString(), "--user", "nobody", "--scene", "cart", "-k", "0")).isEqualTo(2);
        Path json = dir.resolve("r.json");
        assertThat(run("evaluate", "--data", events.toString(), "--format", "csv", "--protocol", "per-user:0.25",
                "--algo", "popularity", "--json", json.toString())).isZero();
        String j = Files.readString(json);
        assertThat(j).contains("\"algo\"").contains("\"params\"").contains("\"train_seconds\"")
                .contains("\"users_evaluated\"").contains("\"ndcg@10\"");
        assertThat(run("train", "--data", events.toString(), "--format", "csv", "--algo", "popularity",
                "--param", "nope=1", "--out", model.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope").contains("half-life-days");
    }

    @Test
    void quickstartRuns() {
        assertThat(run("quickstart")).isZero();
        String s = out.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("item-detail").contains("cart").contains("ndcg@10").contains("popularity");
        // the scene demo: a returning and a brand-new user, before and after recorded events, explained
        assertThat(s).contains("returning user").contains("brand-new user").contains("after recording")
                .contains("recorded new-visitor purchase").contains("trending in ").contains("because you ");
        // a sequence model (sasrec) serves a SceneEngine scene as the visitor's events arrive
        assertThat(s).contains("== session model 'sasrec'");
        String session = s.substring(s.indexOf("== session model 'sasrec'"));
        assertThat(session).contains("next-in-session").contains("item-detail").doesNotContain("(nothing)");
    }

    @Test
    void evaluateOverPredefinedFoldsPrintsMeanAndWritesJson(@TempDir Path dir) throws Exception {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int fold = 1; fold <= 2; fold++) {
            StringBuilder base = new StringBuilder();
            StringBuilder test = new StringBuilder();
            for (int u = 1; u <= 40; u++) {
                for (int i = 1; i <= 30; i++) {
                    if (rnd.nextInt(3) == 0) {
                        String line = u + "\t" + i + "\t" + (1 + (u + i * fold) % 5) + "\t" + (880000000 + u * 100 + i) + "\n";
                        (rnd.nextInt(5) == 0 ? test : base).append(line);
                    }
                }
            }
            Files.writeString(dir.resolve("u" + fold + ".base"), base);
            Files.writeString(dir.resolve("u" + fold + ".test"), test);
        }
        Path json = dir.resolve("folds.json");
        assertThat(run("evaluate", "--train", dir.resolve("u{fold}.base").toString(), "--test",
                dir.resolve("u{fold}.test").toString(), "--folds", "1,2", "--format", "movielens", "--algo",
                "popularity", "--metrics", "precision@10,ndcg@10", "--json", json.toString())).isZero();
        String s = out.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("popularity [1]").contains("popularity [2]").contains("mean over 2 folds")
                .contains("ndcg@10");
        String j = Files.readString(json);
        assertThat(j).contains("\"folds\"").contains("\"fold\": \"2\"").contains("\"mean\"").contains("\"std\"");
        assertThat(run("evaluate", "--train", "a.base", "--test", "a.test", "--folds", "1", "--format", "movielens",
                "--algo", "popularity")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("{fold}");
    }

    @Test
    void outOfMemoryIsOneLineWithTheHeapSizeAndExitCode1() {
        long heapMib = Runtime.getRuntime().maxMemory() >> 20;
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        err.reset();
        assertThat(Main.guarded(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, e)).isEqualTo(1);
        String line = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(line).doesNotContain("\n").doesNotContain("\tat ")
                .startsWith("recsys: error: out of memory (Java heap space)")
                .contains("heap of " + heapMib + " MiB (-Xmx" + heapMib + "m)")
                .contains("larger -Xmx").contains("max-items").contains("factors");
        // an OutOfMemoryError a worker thread hands back wrapped is reported the same way
        err.reset();
        assertThat(Main.guarded(() -> {
            throw new java.util.concurrent.ExecutionException(new OutOfMemoryError("Java heap space"));
        }, e)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).doesNotContain("\n").contains("out of memory");
    }

    @Test
    void easeTooLargeForTheHeapIsRefusedBeforeAllocatingWithTheXmxItNeeds(@TempDir Path dir) throws Exception {
        int n = 46_340; // EASE's item matrix: 4 n^2 bytes = 8 GiB
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < 4L * n * n,
                "the heap holds EASE's 8 GiB item matrix; the memory check has nothing to refuse");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i % 50).append('\t').append(i).append("\t4\t").append(880000000 + i).append('\n');
        }
        Path data = dir.resolve("u.data");
        Files.writeString(data, sb);
        assertThat(run("train", "--data", data.toString(), "--format", "movielens", "--algo", "ease",
                "--param", "max-items=46340", "--out", dir.resolve("m.model").toString())).isEqualTo(1);
        String line = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(line).doesNotContain("\n").contains("46340 x 46340").contains("bytes").contains("-Xmx");
        assertThat(dir.resolve("m.model")).doesNotExist();
    }
}
