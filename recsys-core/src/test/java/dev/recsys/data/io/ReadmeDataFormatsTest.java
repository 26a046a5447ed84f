package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.data.Behavior;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.ValueTransform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of the README's "Data formats" section load as the section says. */
class ReadmeDataFormatsTest {
    @TempDir
    Path dir;

    private static List<String> blocks() throws IOException {
        Path readme = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && readme == null; d = d.getParent()) {
            if (Files.exists(d.resolve("README.md")) && Files.exists(d.resolve("recsys-core"))) {
                readme = d.resolve("README.md");
            }
        }
        Assumptions.assumeTrue(readme != null, "README.md of the project not found above the working directory");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf("\n## Data formats\n");
        assertThat(start).as("README has a section 'Data formats'").isGreaterThanOrEqualTo(0);
        int end = text.indexOf("\n## ", start + 5);
        String section = text.substring(start, end < 0 ? text.length() : end);
        List<String> out = new ArrayList<>();
        int p = 0;
        while ((p = section.indexOf("```\n", p)) >= 0) {
            int q = section.indexOf("```\n", p + 4);
            out.add(section.substring(p + 4, q));
            p = q + 4;
        }
        return out;
    }

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void examplesLoad() throws IOException {
        List<String> b = blocks();
        assertThat(b).hasSizeGreaterThanOrEqualTo(4);
        String events = b.get(0);
        assertThat(events.lines().count()).isEqualTo(5);
        Interactions log = InteractionLoader.load(file("events.csv", events), DataFormat.CSV).dataset().interactions();
        assertThat(log.size()).isEqualTo(4);
        assertThat(log.behavior(3)).isEqualTo(Behavior.REVIEW);

        String shop = b.get(1);
        String cmd = b.get(2);
        String columns = cmd.replaceAll("(?s).*--columns (\\S+).*", "$1").trim();
        String names = cmd.replaceAll("(?s).*--behaviors (\\S+).*", "$1").trim();
        LoadOptions o = LoadOptions.defaults().withMapping(ColumnMapping.parse(columns))
                .withBehaviorNames(LoadOptions.parseBehaviorNames(names));
        Interactions s = InteractionLoader.load(file("shop.csv", shop), DataFormat.CSV, o).dataset().interactions();
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.behavior(1)).isEqualTo(Behavior.ADD_TO_CART);
        assertThat(s.behavior(2)).isEqualTo(Behavior.PURCHASE);
        assertThat(s.time(0)).isEqualTo(1709287200L);

        String items = b.get(3);
        assertThat(items.lines().count()).isEqualTo(5);
        ItemCatalog cat = new ItemCatalog(new IdIndex());
        LoadReport r = ItemCatalogLoader.loadCsv(file("items.csv", items), cat);
        assertThat(r.eventsLoaded()).isEqualTo(4);
        assertThat(cat.numericAttributes()).contains(ItemCatalog.PRICE, "stock");
        assertThat(cat.categoricalAttributes()).contains(ItemCatalog.CATEGORY, ItemCatalog.BRAND, "repeatable");

        String counts = b.get(4);
        String countCmd = b.get(5);
        ColumnMapping cm = ColumnMapping.parse(countCmd.replaceAll("(?s).*--columns (\\S+).*", "$1").trim());
        MatrixOptions mo = cm.matrixOptions(MatrixOptions.implicitDefaults()).withWeights(MatrixOptions.parseWeights(
                countCmd.replaceAll("(?s).*--behavior-weights (\\S+).*", "$1").trim()));
        Interactions c = InteractionLoader.load(file("counts.csv", counts), DataFormat.CSV,
                LoadOptions.defaults().withMapping(cm)).dataset().interactions();
        InteractionMatrix x = MatrixBuilder.build(c, mo);
        assertThat(mo.valueTransform()).isEqualTo(ValueTransform.LOG);
        assertThat(x.get(0, 0)).isCloseTo((float) Math.log(13), within(1e-6f)); // u1 viewed sku-1 12 times
        assertThat(x.get(0, 1)).isCloseTo((float) (6 * Math.log(2)), within(1e-5f)); // a view and a purchase
        assertThat(x.get(1, 0)).isCloseTo((float) (3 * Math.log(3)), within(1e-5f)); // cart weight 3 x ln(1 + 2)

        String retail = b.get(6);
        String retailCmd = b.get(7);
        assertThat(retailCmd).contains("--protocol basket");
        ColumnMapping rm = ColumnMapping.parse(retailCmd.replaceAll("(?s).*--columns (\\S+).*", "$1").trim());
        Interactions r6 = InteractionLoader.load(file("retail.csv", retail), DataFormat.CSV,
                LoadOptions.defaults().withMapping(rm)).dataset().interactions();
        assertThat(r6.size()).isEqualTo(5);
        assertThat(r6.basketCount()).isEqualTo(2);
        assertThat(r6.basket(0)).isEqualTo(r6.basket(2)).isNotEqualTo(r6.basket(3));
        assertThat(r6.basketIds().idOf(r6.basket(4))).isEqualTo("536366");
    }
}
