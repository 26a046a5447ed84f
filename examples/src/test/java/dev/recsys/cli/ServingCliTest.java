package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --serving} on train, recommend and evaluate; {@code recommend --similar-to}; {@code info}. */
class ServingCliTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void trainRecommendAndEvaluateThroughTheServingPath() throws Exception {
        var shop = SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().users(300).items(150).seed(3).build());
        Path events = dir.resolve("events.csv");
        shop.writeCsv(events, dir.resolve("items.csv"));
        Path model = dir.resolve("m.model");
        assertThat(run("train", "--data", events.toString(), "--format", "csv", "--algo", "ials", "--param",
                "factors=8,iterations=2,threads=1", "--serving", "int8+hnsw", "--out", model.toString())).isZero();
        RecommenderModel m = ModelFiles.load(model);
        assertThat(m.servingOptions().orElseThrow().storage()).isEqualTo(FactorStorage.INT8);
        assertThat(m.servingOptions().orElseThrow().index()).isTrue();

        assertThat(run("info", "--model", model.toString())).isZero();
        String info = out.toString(StandardCharsets.UTF_8);
        assertThat(info).contains("algorithm:  ials").contains("users:      " + m.numUsers())
                .contains("items:      " + m.numItems()).contains("factors:    8").contains("serving:    int8+hnsw(M=");
        assertThat(run("info", "--model", dir.resolve("absent.model").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("recsys: error: no such file or directory: ")
                .doesNotContain("\tat ");

        String user = m.users().idOf(0);
        assertThat(run("recommend", "--model", model.toString(), "--user", user, "-k", "5", "--serving", "bf16")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(6);

        String item = m.items().idOf(m.history().colIdx()[0]);
        assertThat(run("recommend", "--model", model.toString(), "--similar-to", item, "-k", "3")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cosine");
        assertThat(out.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(4);

        assertThat(run("recommend", "--model", model.toString(), "--serving", "int4")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("serving must be float, int8, bf16, hnsw");

        assertThat(run("evaluate", "--data", events.toString(), "--format", "csv", "--algo", "ials", "--param",
                "factors=8,iterations=2,threads=1", "--metrics", "ndcg@10", "--serving", "int8")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ndcg@10");
    }
}
