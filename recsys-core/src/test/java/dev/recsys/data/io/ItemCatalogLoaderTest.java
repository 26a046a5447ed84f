package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.IdIndex;
import dev.recsys.data.ItemCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemCatalogLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void loadsMovieLensItems() throws IOException {
        String flags1 = "|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0";
        String flags2 = "|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0";
        String text = "1|Toy Story (1995)|01-Jan-1995||http://x" + flags1 + "\n"
                + "267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
                + "1682|Mis\u00e9rables (1995)|01-Jan-1995||http://y" + flags2 + "\n";
        Path f = dir.resolve("u.item");
        Files.write(f, text.getBytes(StandardCharsets.ISO_8859_1));
        IdIndex items = new IdIndex();
        items.add(1682L); // already known from the ratings
        ItemCatalog cat = new ItemCatalog(items);
        LoadReport rep = ItemCatalogLoader.loadMovieLensItems(f, cat);
        assertThat(rep.eventsLoaded()).isEqualTo(3);
        assertThat(items.size()).isEqualTo(3);
        int toy = items.indexOf("1");
        assertThat(cat.dictionary(ItemCatalog.CATEGORY).valueOf(cat.category(toy))).isEqualTo("Animation");
        assertThat(cat.numeric(ItemCatalogLoader.YEAR, toy, 0f)).isEqualTo(1995f);
        int unknown = items.indexOf("267");
        assertThat(cat.dictionary(ItemCatalog.CATEGORY).valueOf(cat.category(unknown))).isEqualTo("unknown");
        assertThat(cat.hasNumeric(ItemCatalogLoader.YEAR, unknown)).isFalse();
        assertThat(cat.category(0)).isEqualTo(-1); // no genre flagged
        assertThat(cat.dictionary(ItemCatalogLoader.TITLE).valueOf(cat.code(ItemCatalogLoader.TITLE, 0)))
                .isEqualTo("Mis\u00e9rables (1995)");
    }

    @Test
    void movieLensItemErrorsNameTheLine() throws IOException {
        Path f = write("u.item", "1|A|01-Jan-1995||u|0|0|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n2|B|x||u|0|0\n");
        assertThatThrownBy(() -> ItemCatalogLoader.loadMovieLensItems(f, new ItemCatalog(new IdIndex())))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("u.item:2:")
                .hasMessageContaining("expected 24 fields");
        Path g = write("v.item", "1|A|01-Jan-1995||u|0|0|0|2|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
        assertThatThrownBy(() -> ItemCatalogLoader.loadMovieLensItems(g, new ItemCatalog(new IdIndex())))
                .hasMessageContaining("v.item:1:")
                .hasMessageContaining("must be 0 or 1");
    }

    @Test
    void loadsItemCsvAndDetectsAttributeTypes() throws IOException {
        Path f = write("items.csv", "item,category,brand,price,rating,color,size\n"
                + "a,phone,acme,199.9,4.5,red,\n"
                + "b,case,,5,3,blue,10\n"
                + "c,,bolt,,,,XL\n");
        ItemCatalog cat = new ItemCatalog(new IdIndex());
        LoadReport rep = ItemCatalogLoader.loadCsv(f, cat);
        assertThat(rep.rowsRead()).isEqualTo(3);
        assertThat(rep.eventsLoaded()).isEqualTo(3);
        IdIndex items = cat.items();
        int a = items.indexOf("a");
        int b = items.indexOf("b");
        int c = items.indexOf("c");
        assertThat(cat.price(a, 0)).isEqualTo(199.9f);
        assertThat(cat.hasPrice(c)).isFalse();
        assertThat(cat.brand(b)).isEqualTo(-1);
        assertThat(cat.dictionary(ItemCatalog.BRAND).valueOf(cat.brand(c))).isEqualTo("bolt");
        assertThat(cat.numericAttributes()).containsExactly("price", "rating");
        assertThat(cat.categoricalAttributes()).containsExactly("category", "brand", "color", "size");
        assertThat(cat.numeric("rating", b, 0)).isEqualTo(3f);
        assertThat(cat.dictionary("size").valueOf(cat.code("size", b))).isEqualTo("10");
    }

    @Test
    void itemCsvErrors() throws IOException {
        Path noItem = write("a.csv", "sku,category\nx,y\n");
        assertThatThrownBy(() -> ItemCatalogLoader.loadCsv(noItem, new ItemCatalog(new IdIndex())))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("a.csv:1:")
                .hasMessageContaining("no item column");
        Path badPrice = write("b.csv", "item,price\nx,3\ny,cheap\n");
        assertThatThrownBy(() -> ItemCatalogLoader.loadCsv(badPrice, new ItemCatalog(new IdIndex())))
                .hasMessageContaining("b.csv:3:")
                .hasMessageContaining("field 2 (price) is not a finite number: 'cheap'");
        Path nanPrice = write("n.csv", "item,price\nx,NaN\n");
        assertThatThrownBy(() -> ItemCatalogLoader.loadCsv(nanPrice, new ItemCatalog(new IdIndex())))
                .hasMessageContaining("n.csv:2:");
        Path count = write("c.csv", "item,category\nx,y,z\n");
        assertThatThrownBy(() -> ItemCatalogLoader.loadCsv(count, new ItemCatalog(new IdIndex())))
                .hasMessageContaining("c.csv:2:")
                .hasMessageContaining("expected 2 fields");
        Path empty = write("e.csv", "");
        assertThatThrownBy(() -> ItemCatalogLoader.loadCsv(empty, new ItemCatalog(new IdIndex())))
                .hasMessageContaining("e.csv")
                .hasMessageContaining("no items");
        assertThatThrownBy(() -> ItemCatalogLoader.loadCsv(dir.resolve("missing.csv"), new ItemCatalog(new IdIndex())))
                .hasMessageContaining("not found");
    }

    @Test
    void itemCsvLenientSkips() throws IOException {
        Path f = write("b.csv", "item,price\nx,3\ny,cheap\n,4\nz,5\n");
        ItemCatalog cat = new ItemCatalog(new IdIndex());
        LoadReport rep = ItemCatalogLoader.loadCsv(f, cat, LoadOptions.defaults().withLenient(true));
        assertThat(rep.rowsRead()).isEqualTo(4);
        assertThat(rep.eventsLoaded()).isEqualTo(2);
        assertThat(rep.rowsSkipped()).isEqualTo(2);
        assertThat(rep.skipExamples()).hasSize(2);
        assertThat(rep.skipExamples().get(0)).contains("b.csv:3:").contains("cheap");
        assertThat(rep.skipExamples().get(1)).contains("b.csv:4:").contains("is empty");
        assertThat(cat.items().size()).isEqualTo(2);
    }
}
