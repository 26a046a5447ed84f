package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Behavior;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.IdIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and careless input: absurd values, time stamps of the wrong unit or far in the future,
 * shop exports (ISO-8601 times, own event names), invalid UTF-8, stray byte-order marks, huge
 * column numbers, overlong lines and capacity guesses.
 */
class LoaderInputLimitsTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private Path writeBytes(String name, byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- values

    @Test
    void absurdRatingIsRejectedNamingTheRange() throws IOException {
        Path f = write("u.data", "1\t10\t4\t881250949\n2\t10\t1e30\t881250950\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("u.data:2:")
                .hasMessageContaining("'1e30'")
                .hasMessageContaining("outside the accepted value range [-1000000, 1000000]");
        LoadResult lenient = InteractionLoader.load(f, DataFormat.MOVIELENS, LoadOptions.defaults().withLenient(true));
        assertThat(lenient.dataset().interactions().size()).isEqualTo(1);
        assertThat(lenient.report().rowsSkipped()).isEqualTo(1);
        assertThat(lenient.report().skipExamples().get(0)).contains("u.data:2:").contains("value range");
    }

    @Test
    void valueRangeIsConfigurable() throws IOException {
        Path f = write("u.data", "1\t10\t5\t881250949\n2\t10\t6\t881250950\n");
        assertThat(InteractionLoader.load(f, DataFormat.MOVIELENS).dataset().interactions().size()).isEqualTo(2);
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS, LoadOptions.defaults().withValueRange(1, 5)))
                .hasMessageContaining("u.data:2:").hasMessageContaining("[1, 5]");
        assertThatThrownBy(() -> LoadOptions.defaults().withValueRange(5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadOptions.defaults().withValueRange(0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- time stamps

    @Test
    void millisecondStampAmongSecondsIsRejected() throws IOException {
        Path f = write("u.data", "1\t10\t4\t881250949\n2\t10\t3\t881250950000\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("u.data:2:")
                .hasMessageContaining("outside the accepted time range")
                .hasMessageContaining("looks like milliseconds");
    }

    @Test
    void farFutureStampIsRejectedAndTheRangeIsConfigurable() throws IOException {
        Path f = write("u.data", "1\t10\t4\t881250949\n2\t10\t3\t9999999999\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS))
                .hasMessageContaining("u.data:2:")
                .hasMessageContaining("2286-11-20T17:46:39Z")
                .hasMessageContaining("1900-01-01T00:00:00Z .. 2100-01-01T00:00:00Z");
        Interactions log = InteractionLoader.load(f, DataFormat.MOVIELENS,
                LoadOptions.defaults().withTimeRange(0, 10_000_000_000L)).dataset().interactions();
        assertThat(log.time(1)).isEqualTo(9999999999L);
    }

    @Test
    void csvDetectsMillisecondsAndRefusesAMix() throws IOException {
        Path ms = write("ms.csv", "user,item,behavior,timestamp\nu1,a,view,1700000000123\nu2,a,view,1700000001999\n");
        Interactions log = InteractionLoader.load(ms, DataFormat.CSV).dataset().interactions();
        assertThat(log.time(0)).isEqualTo(1700000000L);
        assertThat(log.time(1)).isEqualTo(1700000001L);
        Path s = write("s.csv", "user,item,behavior,timestamp\nu1,a,view,1700000000\n");
        assertThat(InteractionLoader.load(s, DataFormat.CSV).dataset().interactions().time(0)).isEqualTo(1700000000L);

        Path mixed = write("mixed.csv", "user,item,behavior,timestamp\nu1,a,view,1700000000\n\nu2,a,view,1700000001000\n");
        assertThatThrownBy(() -> InteractionLoader.load(mixed, DataFormat.CSV))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("mixed.csv:4:")
                .hasMessageContaining("milliseconds but the first time stamp (line 2) is in seconds")
                .hasMessageContaining("must not mix");
        LoadResult lenient = InteractionLoader.load(mixed, DataFormat.CSV, LoadOptions.defaults().withLenient(true));
        assertThat(lenient.report().rowsSkipped()).isEqualTo(1);
        assertThat(lenient.dataset().interactions().size()).isEqualTo(1);
    }

    @Test
    void statedMillisecondsRefuseSeconds() throws IOException {
        Path f = write("e.csv", "user,item,behavior,timestamp\nu1,a,view,1700000000123\nu2,a,view,1700000001\n");
        LoadOptions ms = LoadOptions.defaults().withMapping(
                ColumnMapping.parse("user=user,item=item,behavior=behavior,time=timestamp,time-unit=ms"));
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.CSV, ms))
                .hasMessageContaining("e.csv:3:").hasMessageContaining("looks like seconds");
        assertThat(ColumnMapping.parse("user=0,item=1,behavior=2").timeUnit()).isEqualTo(ColumnMapping.TimeUnit.AUTO);
        assertThat(ColumnMapping.parse("user=0,item=1,behavior=2,time-unit=s").timeUnit())
                .isEqualTo(ColumnMapping.TimeUnit.SECONDS);
        assertThat(ColumnMapping.parse("user=0,item=1,behavior=2,time-unit=auto").toString()).contains("time-unit=auto");
    }

    @Test
    void isoTimeStampsWithAndWithoutZone() throws IOException {
        Path f = write("shop.csv", "user,item,behavior,timestamp\n"
                + "u1,a,view,2024-03-01T12:30:00Z\n"
                + "u1,b,view,2024-03-01T12:30:00\n"
                + "u1,c,view,2024-03-01 13:30:00.250+01:00\n"
                + "u1,d,view,2024-03-01\n"
                + "u1,e,view,2024-03-01T12:30:00+01:00[Europe/Paris]\n");
        Interactions log = InteractionLoader.load(f, DataFormat.CSV).dataset().interactions();
        long noon30 = 1709296200L; // 2024-03-01T12:30:00Z
        assertThat(log.time(0)).isEqualTo(noon30);
        assertThat(log.time(1)).isEqualTo(noon30); // no zone: UTC
        assertThat(log.time(2)).isEqualTo(noon30);
        assertThat(log.time(3)).isEqualTo(1709251200L); // midnight UTC
        assertThat(log.time(4)).isEqualTo(noon30 - 3600);
        Path bad = write("bad.csv", "user,item,behavior,timestamp\nu1,a,view,01/03/2024\n");
        assertThatThrownBy(() -> InteractionLoader.load(bad, DataFormat.CSV))
                .hasMessageContaining("bad.csv:2:").hasMessageContaining("not a time stamp").hasMessageContaining("ISO-8601");
    }

    @Test
    void shopEventNamesMapToBehaviours() throws IOException {
        Path f = write("shop.csv", "visitor,sku,event,ts\nv1,a,page_view,2024-03-01T10:00:00Z\n"
                + "v1,a,ADD_TO_BASKET,2024-03-01T10:01:00Z\nv1,a,checkout,2024-03-01T10:02:00Z\nv1,b,view,2024-03-01T10:03:00Z\n");
        ColumnMapping m = ColumnMapping.parse("user=visitor,item=sku,behavior=event,time=ts");
        LoadOptions o = LoadOptions.defaults().withMapping(m)
                .withBehaviorNames(LoadOptions.parseBehaviorNames("page_view=view, add_to_basket=cart,checkout=purchase"));
        Interactions log = InteractionLoader.load(f, DataFormat.CSV, o).dataset().interactions();
        assertThat(log.behavior(0)).isEqualTo(Behavior.VIEW);
        assertThat(log.behavior(1)).isEqualTo(Behavior.ADD_TO_CART);
        assertThat(log.behavior(2)).isEqualTo(Behavior.PURCHASE);
        assertThat(log.behavior(3)).isEqualTo(Behavior.VIEW); // built-in names still work
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.CSV, LoadOptions.defaults().withMapping(m)))
                .hasMessageContaining("shop.csv:2:").hasMessageContaining("'page_view'").hasMessageContaining("--behaviors");
        assertThatThrownBy(() -> LoadOptions.parseBehaviorNames("page_view=like")).hasMessageContaining("page_view=like")
                .hasMessageContaining("unknown behaviour");
        assertThatThrownBy(() -> LoadOptions.parseBehaviorNames("page_view")).hasMessageContaining("NAME=BEHAVIOUR");
        assertThatThrownBy(() -> LoadOptions.parseBehaviorNames("a=view,A=cart")).hasMessageContaining("twice");
        assertThat(o.behaviorNames()).isEqualTo(Map.of("page_view", Behavior.VIEW, "add_to_basket", Behavior.ADD_TO_CART,
                "checkout", Behavior.PURCHASE));
    }

    // ---- text encoding

    @Test
    void invalidUtf8IsRejectedInsteadOfMergingIds() throws IOException {
        Path f = writeBytes("u.csv", utf8("user,item,behavior\n"), new byte[] {'a', (byte) 0xFF}, utf8(",x,view\n"),
                new byte[] {'a', (byte) 0xFE}, utf8(",y,view\nb,z,view\n"));
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.CSV))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("u.csv:2:")
                .hasMessageContaining("invalid UTF-8 at byte 2");
        LoadResult r = InteractionLoader.load(f, DataFormat.CSV, LoadOptions.defaults().withLenient(true));
        assertThat(r.report().rowsSkipped()).isEqualTo(2);
        assertThat(r.dataset().interactions().users().size()).isEqualTo(1);
        // a truncated multi-byte sequence, an overlong encoding and a surrogate are invalid too
        for (byte[] bad : new byte[][] {{(byte) 0xC3}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            Path g = writeBytes("g.csv", utf8("user,item,behavior\nu,"), bad, utf8(",view\n"));
            assertThatThrownBy(() -> InteractionLoader.load(g, DataFormat.CSV)).hasMessageContaining("g.csv:2: invalid UTF-8");
        }
        Path ok = write("ok.csv", "user,item,behavior\nJosé,日本,view\n");
        assertThat(InteractionLoader.load(ok, DataFormat.CSV).dataset().interactions().users().idOf(0)).isEqualTo("José");
    }

    @Test
    void byteOrderMarkOnlyAtTheStart() throws IOException {
        // two exports concatenated: the second one's mark is inside the file
        Path f = write("cat.data", "\uFEFF1\t10\t4\t881250949\n\uFEFF2\t10\t3\t881250950\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS))
                .hasMessageContaining("cat.data:2:").hasMessageContaining("byte-order mark");
        LoadResult r = InteractionLoader.load(f, DataFormat.MOVIELENS, LoadOptions.defaults().withLenient(true));
        assertThat(r.report().rowsSkipped()).isEqualTo(1);
        assertThat(r.dataset().interactions().users().toStringArray()).containsExactly("1");
    }

    @Test
    void itemCsvChecksUtf8Too() throws IOException {
        Path f = writeBytes("items.csv", utf8("item,category\na,"), new byte[] {(byte) 0xFF}, utf8("\n"));
        ItemCatalog cat = new ItemCatalog(new IdIndex());
        assertThatThrownBy(() -> ItemCatalogLoader.loadCsv(f, cat)).hasMessageContaining("items.csv:2: invalid UTF-8");
    }

    // ---- column numbers

    @Test
    void hugeColumnNumberNamesTheKey() {
        assertThatThrownBy(() -> ColumnMapping.parse("user=2147483647,item=1,behavior=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user")
                .hasMessageContaining("0..1023");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=99999999999,behavior=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item");
        assertThatThrownBy(() -> ColumnMapping.Column.at(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ColumnMapping.parse("user=1023,item=0,behavior=1").column(ColumnMapping.Field.USER).index()).isEqualTo(1023);
    }

    // ---- memory

    @Test
    void overlongLineNamesTheLineAndTheLimit() throws IOException {
        String longId = "x".repeat(200);
        Path f = write("long.csv", "user,item,behavior\nu1,a,view\nu2," + longId + ",view\nu3,b,view\n");
        LoadOptions small = LoadOptions.defaults().withMaxLineBytes(64);
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.CSV, small))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("long.csv:3:")
                .hasMessageContaining("maximum line length of 64 bytes");
        LoadResult r = InteractionLoader.load(f, DataFormat.CSV, small.withLenient(true));
        assertThat(r.report().rowsSkipped()).isEqualTo(1);
        assertThat(r.dataset().interactions().users().toStringArray()).containsExactly("u1", "u3");
        // the last line without a line end, and the default limit lets the line through
        Path g = write("last.csv", "user,item,behavior\nu1,a,view\nu2," + longId + ",view");
        assertThat(InteractionLoader.load(g, DataFormat.CSV, small.withLenient(true)).report().rowsSkipped()).isEqualTo(1);
        assertThat(InteractionLoader.load(g, DataFormat.CSV).dataset().interactions().size()).isEqualTo(2);
        Path items = write("items.csv", "item,title\na,short\nb," + longId + "\n");
        assertThatThrownBy(() -> ItemCatalogLoader.loadCsv(items, new ItemCatalog(new IdIndex()), small))
                .hasMessageContaining("items.csv:3:").hasMessageContaining("maximum line length of 64 bytes");
        String flags = "|0".repeat(ItemCatalogLoader.MOVIELENS_GENRES.size());
        Path uitem = write("u.item", "1|Toy Story (1995)|01-Jan-1995||http://x" + flags + "\n2|" + longId
                + "|01-Jan-1995||http://y" + flags + "\n");
        ItemCatalog movies = new ItemCatalog(new IdIndex());
        LoadOptions limit128 = LoadOptions.defaults().withMaxLineBytes(128);
        assertThatThrownBy(() -> ItemCatalogLoader.loadMovieLensItems(uitem, movies, limit128))
                .hasMessageContaining("u.item:2:").hasMessageContaining("maximum line length of 128 bytes");
        LoadReport mr = ItemCatalogLoader.loadMovieLensItems(uitem, new ItemCatalog(new IdIndex()), limit128.withLenient(true));
        assertThat(mr.eventsLoaded()).isEqualTo(1);
        assertThat(mr.rowsSkipped()).isEqualTo(1);
        assertThatThrownBy(() -> LoadOptions.defaults().withMaxLineBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blankLinesInFrontDoNotInflateTheCapacity() throws IOException {
        // 65,536 blank lines, then (sparse, so no disk space) 1 GiB of zero bytes: a capacity
        // estimated from the first 64 KiB (one byte per line) would be a billion events and fail
        // with OutOfMemoryError; the loader instead reads on and stops at the overlong line
        Path f = dir.resolve("blank-prefix.csv");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(new byte[0]);
            raf.write("\n".repeat(65_536).getBytes(StandardCharsets.US_ASCII));
            raf.setLength(1L << 30);
        }
        LoadOptions o = LoadOptions.defaults().withMapping(ColumnMapping.parse("user=0,item=1,fixed-behavior=view"))
                .withMaxLineBytes(1 << 16);
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.CSV, o))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("blank-prefix.csv:65537:")
                .hasMessageContaining("maximum line length");
    }

    @Test
    void blankLinesThenEventsLoadTrimmed() throws IOException {
        Path f = write("b.data", "\n".repeat(70_000) + "1\t10\t4\t881250949\n2\t11\t3\t881250950\n");
        Interactions log = InteractionLoader.load(f, DataFormat.MOVIELENS).dataset().interactions();
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.columnBytes()).isEqualTo(2L * Interactions.BYTES_PER_EVENT);
    }
}
