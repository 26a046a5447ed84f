package dev.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.ItemCatalog;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --items} keeps the catalogue; {@code recommend} answers per scene as the Java API does. */
class RecommendCommandTest {
    @TempDir
    static Path dir;
    static Path model;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void train() {
        var shop = SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().users(400).items(200).seed(5).build());
        Path events = dir.resolve("events.csv");
        shop.writeCsv(events, dir.resolve("items.csv"));
        model = dir.resolve("ials.model");
        int rc = Main.run(new String[] {"train", "--data", events.toString(), "--format", "csv", "--items",
            dir.resolve("items.csv").toString(), "--algo", "ials", "--param", "factors=16,iterations=5,threads=1",
            "--out", model.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System.err);
        assertThat(rc).isZero();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The (item, why) rows of a recommend listing. */
    private List<String[]> rows() {
        List<String[]> r = new ArrayList<>();
        out.toString(StandardCharsets.UTF_8).lines().skip(1).forEach(l -> {
            String[] f = l.trim().split("\\s+", 4);
            r.add(new String[] {f[1], f.length > 3 ? f[3] : ""});
        });
        return r;
    }

    private static String category(RecommenderModel m, String item) {
        int c = m.catalog().category(m.items().indexOf(item));
        return c < 0 ? null : m.catalog().dictionary(ItemCatalog.CATEGORY).valueOf(c);
    }

    @Test
    void scenesGiveDifferentRelevantAnswersFromTheCatalogue() throws Exception {
        RecommenderModel m = ModelFiles.load(model);
        assertThat(m.catalog().categoricalAttributes()).contains("category", "brand", "repeatable");
        assertThat(m.catalog().numericAttributes()).contains("price");
        String user = m.users().idOf(3);
        String phone = java.util.stream.IntStream.range(0, m.numItems()).mapToObj(i -> m.items().idOf(i))
                .filter(i -> "phone".equals(category(m, i))).findFirst().orElseThrow();

        assertThat(run("recommend", "--model", model.toString(), "--user", user, "--scene", "home", "-k", "5")).isZero();
        List<String[]> home = rows();
        assertThat(run("recommend", "--model", model.toString(), "--user", user, "--scene", "item-detail",
                "--item", phone, "-k", "5")).isZero();
        List<String[]> detail = rows();
        assertThat(run("recommend", "--model", model.toString(), "--user", user, "--scene", "cart",
                "--cart", phone, "-k", "5")).isZero();
        List<String[]> cart = rows();
        assertThat(home).hasSize(5);
        assertThat(detail).hasSize(5);
        assertThat(cart).hasSize(5);
        List<String> homeIds = home.stream().map(r -> r[0]).toList();
        List<String> detailIds = detail.stream().map(r -> r[0]).toList();
        List<String> cartIds = cart.stream().map(r -> r[0]).toList();
        assertThat(detailIds).isNotEqualTo(homeIds).doesNotContain(phone);
        assertThat(cartIds).isNotEqualTo(homeIds).isNotEqualTo(detailIds).doesNotContain(phone);
        // item detail: the other phones first, each explained by the phone; cart: what is bought
        // with phones (cases)
        long phones = java.util.stream.IntStream.range(0, m.numItems())
                .filter(i -> "phone".equals(category(m, m.items().idOf(i)))).count();
        long expected = Math.min(3, phones - 1);
        for (String[] r : detail.subList(0, (int) expected)) {
            assertThat(category(m, r[0])).as("item detail %s", r[0]).isEqualTo("phone");
            assertThat(r[1]).isIn("similar to " + phone, "often viewed with " + phone);
        }
        assertThat(cart).anySatisfy(r -> {
            assertThat(category(m, r[0])).isEqualTo("phone-case");
            assertThat(r[1]).isEqualTo("often bought with " + phone);
        });
        // the CLI answers exactly as the Java API does
        List<Recommendation> api = m.recommender().recommend(RecommendRequest.builder(Scene.CART, 5).user(user)
                .cart(List.of(phone)).build());
        assertThat(api.stream().map(Recommendation::itemId).toList()).isEqualTo(cartIds);
        assertThat(api.stream().map(Recommendation::explanation).toList())
                .isEqualTo(cart.stream().map(r -> r[1]).toList());
    }

    @Test
    void catalogueFiltersAndTrendingWorkFromTheCommandLine() {
        assertThat(run("recommend", "--model", model.toString(), "-k", "4")).isZero();
        assertThat(rows()).hasSize(4).allSatisfy(r -> assertThat(r[1]).startsWith("trending in "));
        assertThat(run("recommend", "--model", model.toString(), "--scene", "home", "--category", "phone-case",
                "-k", "3")).isZero();
        assertThat(rows()).hasSize(3).allSatisfy(r -> assertThat(r[1]).isEqualTo("trending in phone-case"));
        assertThat(run("recommend", "--model", model.toString(), "--price", "0,10", "-k", "3")).isZero();
        assertThat(rows()).hasSize(3);
        assertThat(run("recommend", "--model", model.toString(), "--price", "ten", "-k", "3")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--price");
        assertThat(run("recommend", "--model", model.toString(), "--scene", "item-detail", "-k", "3")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("without --item");
        assertThat(run("recommend", "--model", model.toString(), "--category", "unicorns", "-k", "3")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no item of the model's catalogue has category 'unicorns'");
    }
}
