package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {
    @TempDir
    Path dir;

    @Test
    void eventsAndItemsReadBackUnchanged() throws IOException {
        Interactions log = new Interactions();
        log.add(new Event("a,b", "x\"y", Behavior.ADD_TO_CART, 1f, 10, Scene.CART));
        log.add(new Event(" pad ", "007", Behavior.REVIEW, 4.5f, -3, Scene.of("flash-sale")));
        log.add(new Event("42", "1", Behavior.RATING, 0.1f, 1_700_000_000_000L, null));
        log.add(new Event("42", "2", Behavior.CLICK, 1e-7f, 0, Scene.HOME));
        ItemCatalog cat = new ItemCatalog(log.items());
        cat.setCategorical(ItemCatalog.CATEGORY, 0, "phone, smart");
        cat.setNumeric(ItemCatalog.PRICE, 1, 12.34f);
        cat.setCategorical("color", 2, "red");
        cat.setNumeric("weight", 0, 3.25e6f);
        Path events = dir.resolve("e.csv");
        Path items = dir.resolve("i.csv");
        CsvWriter.writeEvents(log, events);
        CsvWriter.writeItems(cat, items);
        assertThat(Files.readAllLines(events).get(0)).isEqualTo(CsvWriter.EVENTS_HEADER);
        assertThat(Files.readAllLines(items).get(0)).isEqualTo("item,category,brand,price,color,weight");

        // the writer writes epoch seconds; this log has times beyond the default range and would
        // read as a mix of seconds and milliseconds, so the unit and the range are given
        LoadOptions asWritten = LoadOptions.defaults().withTimeRange(Long.MIN_VALUE, Long.MAX_VALUE)
                .withMapping(ColumnMapping.parse("user=user,item=item,behavior=behavior,value=value,time=timestamp,"
                        + "scene=scene,time-unit=s"));
        Dataset back = InteractionLoader.load(events, DataFormat.CSV, asWritten).dataset();
        ItemCatalogLoader.loadCsv(items, back.catalog());
        Interactions b = back.interactions();
        assertThat(b.size()).isEqualTo(log.size());
        assertThat(b.users().toStringArray()).isEqualTo(log.users().toStringArray());
        assertThat(b.items().toStringArray()).isEqualTo(log.items().toStringArray());
        for (int e = 0; e < log.size(); e++) {
            assertThat(b.behavior(e)).isEqualTo(log.behavior(e));
            assertThat(b.value(e)).isEqualTo(log.value(e));
            assertThat(b.time(e)).isEqualTo(log.time(e));
            assertThat(b.scene(e)).isEqualTo(log.scene(e));
        }
        ItemCatalog c = back.catalog();
        assertThat(c.dictionary(ItemCatalog.CATEGORY).valueOf(c.category(0))).isEqualTo("phone, smart");
        assertThat(c.price(1, 0f)).isEqualTo(12.34f);
        assertThat(c.hasPrice(0)).isFalse();
        assertThat(c.dictionary("color").valueOf(c.code("color", 2))).isEqualTo("red");
        assertThat(c.numeric("weight", 0, 0f)).isEqualTo(3.25e6f);
    }

    @Test
    void rejectsLineBreaks() {
        Interactions log = new Interactions();
        log.add(Event.of("a\nb", "x", Behavior.VIEW, 0));
        assertThatThrownBy(() -> CsvWriter.writeEvents(log, dir.resolve("e.csv"))).hasMessageContaining("line break");
    }

    @Test
    void spreadsheetSafePrefixesFormulaTextButKeepsNumbers() {
        assertThat(CsvWriter.spreadsheetSafe("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(CsvWriter.spreadsheetSafe("+cmd|' /C calc'!A0")).isEqualTo("'+cmd|' /C calc'!A0");
        assertThat(CsvWriter.spreadsheetSafe("-2+3")).isEqualTo("'-2+3");
        assertThat(CsvWriter.spreadsheetSafe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvWriter.spreadsheetSafe("\t=1")).isEqualTo("'\t=1");
        assertThat(CsvWriter.spreadsheetSafe("-")).isEqualTo("'-");
        assertThat(CsvWriter.spreadsheetSafe("-e5")).isEqualTo("'-e5");
        for (String number : new String[] {"-0.5", "+3", "-1.0E-5", "-12", "-.5", "+2.e+7"}) {
            assertThat(CsvWriter.spreadsheetSafe(number)).as(number).isEqualTo(number);
        }
        for (String plain : new String[] {"", "u1", "a=b", "x-y", "'=quoted already", " =x"}) {
            assertThat(CsvWriter.spreadsheetSafe(plain)).as(plain).isEqualTo(plain);
        }
        assertThatThrownBy(() -> CsvWriter.spreadsheetSafe(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
