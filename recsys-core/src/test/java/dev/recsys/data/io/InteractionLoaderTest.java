package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void loadsMovieLensUData() throws IOException {
        Path f = write("u.data", "196\t242\t3\t881250949\n186\t302\t3.5\t891717742\n196\t302\t1 \t881250950 \n");
        LoadResult res = InteractionLoader.load(f, DataFormat.MOVIELENS);
        Interactions log = res.dataset().interactions();
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.users().size()).isEqualTo(2);
        assertThat(log.items().size()).isEqualTo(2);
        assertThat(log.users().isNumeric()).isTrue();
        assertThat(log.users().idOf(log.user(1))).isEqualTo("186");
        assertThat(log.items().idOf(log.item(2))).isEqualTo("302");
        assertThat(log.behavior(0)).isEqualTo(Behavior.RATING);
        assertThat(log.value(1)).isEqualTo(3.5f);
        assertThat(log.time(2)).isEqualTo(881250950L);
        assertThat(log.scene(0)).isNull();
        assertThat(res.report().rowsRead()).isEqualTo(3);
        assertThat(res.report().eventsLoaded()).isEqualTo(3);
        assertThat(res.report().rowsSkipped()).isZero();
        assertThat(log.columnBytes()).isEqualTo(3L * Interactions.BYTES_PER_EVENT);
    }

    @Test
    void loadsMovieLensDatAndCsv() throws IOException {
        Path dat = write("ratings.dat", "1::1193::5::978300760\r\n1::661::3::978302109\r\n");
        Interactions a = InteractionLoader.load(dat, DataFormat.MOVIELENS_DAT).dataset().interactions();
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.items().idOf(a.item(0))).isEqualTo("1193");
        assertThat(a.value(0)).isEqualTo(5f);
        assertThat(a.time(1)).isEqualTo(978302109L);

        Path csv = write("ratings.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n");
        Interactions b = InteractionLoader.load(csv, DataFormat.MOVIELENS_CSV).dataset().interactions();
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.value(0)).isEqualTo(2.5f);
        assertThat(b.behavior(1)).isEqualTo(Behavior.RATING);
        assertThat(b.items().idOf(b.item(1))).isEqualTo("1029");
    }

    @Test
    void movieLensCsvFindsColumnsByName() throws IOException {
        Path csv = write("ratings.csv", "timestamp,rating,movieId,userId\n1260759144,4.5,31,7\n");
        Interactions b = InteractionLoader.load(csv, DataFormat.MOVIELENS_CSV).dataset().interactions();
        assertThat(b.users().idOf(b.user(0))).isEqualTo("7");
        assertThat(b.items().idOf(b.item(0))).isEqualTo("31");
        assertThat(b.value(0)).isEqualTo(4.5f);
        assertThat(b.time(0)).isEqualTo(1260759144L);
    }

    @Test
    void missingHeaderColumnIsNamed() throws IOException {
        Path csv = write("ratings.csv", "userId,itemId,rating,timestamp\n1,31,2.5,1260759144\n");
        assertThatThrownBy(() -> InteractionLoader.load(csv, DataFormat.MOVIELENS_CSV))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("ratings.csv:1:")
                .hasMessageContaining("movieId");
    }

    @Test
    void loadsTaobaoWithCategories() throws IOException {
        Path f = write("UserBehavior.csv", "1,2268318,2520377,pv,1511544070\n1,2333346,2520771,cart,1511561733\n"
                + "2,2268318,2520377,buy,1511572885\n3,5002615,2520377,fav,1511616481\n");
        Dataset d = InteractionLoader.load(f, DataFormat.TAOBAO).dataset();
        Interactions log = d.interactions();
        assertThat(log.size()).isEqualTo(4);
        assertThat(log.behavior(0)).isEqualTo(Behavior.VIEW);
        assertThat(log.behavior(1)).isEqualTo(Behavior.ADD_TO_CART);
        assertThat(log.behavior(2)).isEqualTo(Behavior.PURCHASE);
        assertThat(log.behavior(3)).isEqualTo(Behavior.FAVORITE);
        assertThat(log.value(2)).isEqualTo(1f);
        ItemCatalog cat = d.catalog();
        int i0 = log.items().indexOf("2268318");
        int i1 = log.items().indexOf("2333346");
        int i2 = log.items().indexOf("5002615");
        assertThat(cat.category(i0)).isEqualTo(cat.category(i2)).isNotEqualTo(cat.category(i1));
        assertThat(cat.dictionary(ItemCatalog.CATEGORY).valueOf(cat.category(i1))).isEqualTo("2520771");
    }

    @Test
    void loadsRetailRocketMillisAsSeconds() throws IOException {
        Path f = write("events.csv", "timestamp,visitorid,event,itemid,transactionid\n"
                + "1433221332117,257597,view,355908,\n1433224214164,992329,addtocart,248676,\n"
                + "1433221999827,111016,transaction,7943,4000\n");
        Interactions log = InteractionLoader.load(f, DataFormat.RETAILROCKET).dataset().interactions();
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.time(0)).isEqualTo(1433221332L);
        assertThat(log.behavior(0)).isEqualTo(Behavior.VIEW);
        assertThat(log.behavior(1)).isEqualTo(Behavior.ADD_TO_CART);
        assertThat(log.behavior(2)).isEqualTo(Behavior.PURCHASE);
        assertThat(log.users().idOf(log.user(2))).isEqualTo("111016");
        assertThat(log.items().idOf(log.item(2))).isEqualTo("7943");
    }

    @Test
    void loadsGenericCsvWithDefaultHeaderAndScenes() throws IOException {
        Path f = write("events.csv", "user,item,behavior,value,timestamp,scene\n"
                + "alice,sku-1,view,1,100,item-detail\n"
                + "alice,sku-1,review,4,200,after_sale_review\n"
                + "bob,42,purchase,,300,\n");
        Interactions log = InteractionLoader.load(f, DataFormat.CSV).dataset().interactions();
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.users().isNumeric()).isFalse();
        assertThat(log.users().idOf(log.user(2))).isEqualTo("bob");
        assertThat(log.items().idOf(log.item(2))).isEqualTo("42");
        assertThat(log.scene(0)).isSameAs(Scene.ITEM_DETAIL);
        assertThat(log.scene(1)).isSameAs(Scene.AFTER_SALE_REVIEW);
        assertThat(log.scene(2)).isNull();
        assertThat(log.behavior(1)).isEqualTo(Behavior.REVIEW);
        assertThat(log.value(1)).isEqualTo(4f);
        assertThat(log.value(2)).isEqualTo(1f);
        assertThat(log.sceneCode(0)).isEqualTo(log.sceneCode(Scene.ITEM_DETAIL));
    }

    @Test
    void genericCsvOptionalColumnsMayBeAbsent() throws IOException {
        Path f = write("events.csv", "item,user,behavior\nsku-1,alice,cart\n");
        Interactions log = InteractionLoader.load(f, DataFormat.CSV).dataset().interactions();
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.users().idOf(log.user(0))).isEqualTo("alice");
        assertThat(log.behavior(0)).isEqualTo(Behavior.ADD_TO_CART);
        assertThat(log.time(0)).isZero();
        assertThat(log.scene(0)).isNull();
    }

    @Test
    void genericCsvWithIndexMappingFixedBehaviourAndMillis() throws IOException {
        Path f = write("orders.txt", "1700000000123;u1;p9;5\n1700000001999;u2;p9;2\n");
        ColumnMapping m = ColumnMapping.parse("time=0,user=1,item=2,value=3,fixed-behavior=purchase,delimiter=semicolon,time-unit=ms");
        Interactions log = InteractionLoader.load(f, DataFormat.CSV, LoadOptions.defaults().withMapping(m))
                .dataset().interactions();
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.behavior(0)).isEqualTo(Behavior.PURCHASE);
        assertThat(log.time(1)).isEqualTo(1700000001L);
        assertThat(log.value(0)).isEqualTo(5f);
        assertThat(log.items().size()).isEqualTo(1);
    }

    @Test
    void genericCsvByHeaderNamesHandlesQuotesBomAndCrLf() throws IOException {
        String text = "\uFEFFvisitor,\"sku\",event,ts\r\n\"v,1\",\"a\"\"b\",view,5\r\n  v2 , 7 ,buy, 6 \r\n";
        Path f = write("x.csv", text);
        ColumnMapping m = ColumnMapping.parse("user=visitor,item=sku,behavior=event,time=ts");
        Interactions log = InteractionLoader.load(f, DataFormat.CSV, LoadOptions.defaults().withMapping(m))
                .dataset().interactions();
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.users().idOf(log.user(0))).isEqualTo("v,1");
        assertThat(log.items().idOf(log.item(0))).isEqualTo("a\"b");
        assertThat(log.users().idOf(log.user(1))).isEqualTo("v2");
        assertThat(log.items().idOf(log.item(1))).isEqualTo("7");
        assertThat(log.time(1)).isEqualTo(6L);
    }

    @Test
    void gzipFilesAreDecompressed() throws IOException {
        Path f = dir.resolve("u.data.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("1\t2\t3\t4\n5\t6\t4\t8\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(InteractionLoader.load(f, DataFormat.MOVIELENS).dataset().interactions().size()).isEqualTo(2);
    }

    @Test
    void stringIdsAreCreatedOncePerDistinctId() throws IOException {
        StringBuilder sb = new StringBuilder("user,item,behavior\n");
        for (int k = 0; k < 1000; k++) {
            sb.append("user-").append(k % 10).append(",item-").append(k % 7).append(",view\n");
        }
        Interactions log = InteractionLoader.load(write("e.csv", sb.toString()), DataFormat.CSV).dataset().interactions();
        assertThat(log.size()).isEqualTo(1000);
        assertThat(log.users().size()).isEqualTo(10);
        assertThat(log.items().size()).isEqualTo(7);
        for (int e = 0; e < 1000; e++) {
            assertThat(log.users().idOf(log.user(e))).isEqualTo("user-" + (e % 10));
            assertThat(log.items().idOf(log.item(e))).isEqualTo("item-" + (e % 7));
        }
    }

    @Test
    void numericIdsSwitchToStringsMidFile() throws IOException {
        Path f = write("e.csv", "user,item,behavior\n1,10,view\n007,10,view\n1,x,view\n7,10,view\n");
        Interactions log = InteractionLoader.load(f, DataFormat.CSV).dataset().interactions();
        assertThat(log.users().size()).isEqualTo(3);
        assertThat(log.users().idOf(log.user(1))).isEqualTo("007");
        assertThat(log.user(0)).isEqualTo(log.user(2));
        assertThat(log.users().idOf(log.user(3))).isEqualTo("7");
        assertThat(log.item(0)).isEqualTo(log.item(3));
        assertThat(log.items().idOf(log.item(2))).isEqualTo("x");
    }

    @Test
    void appendsIntoExistingIndices() throws IOException {
        Path train = write("train.data", "1\t10\t5\t100\n2\t20\t3\t101\n");
        Path test = write("test.data", "2\t10\t4\t200\n3\t30\t2\t201\n");
        Dataset tr = InteractionLoader.load(train, DataFormat.MOVIELENS).dataset();
        Interactions trainLog = tr.interactions();
        Dataset te = new Dataset(new Interactions(trainLog.users(), trainLog.items(), 0), tr.catalog());
        LoadResult res = InteractionLoader.load(test, DataFormat.MOVIELENS, LoadOptions.defaults(), te);
        assertThat(res.dataset()).isSameAs(te);
        Interactions testLog = te.interactions();
        assertThat(testLog.size()).isEqualTo(2);
        assertThat(trainLog.size()).isEqualTo(2);
        assertThat(testLog.users()).isSameAs(trainLog.users());
        assertThat(testLog.user(0)).isEqualTo(trainLog.user(1));
        assertThat(testLog.item(0)).isEqualTo(trainLog.item(0));
        assertThat(trainLog.users().size()).isEqualTo(3); // user 3 was added
        assertThat(trainLog.items().idOf(testLog.item(1))).isEqualTo("30");
    }

    @Test
    void appendsIntoAnInteractionsLogAndRecordsCsvCategories() throws IOException {
        Interactions log = new Interactions();
        log.add(dev.recsys.data.Event.of("alice", "sku-1", Behavior.VIEW, 1));
        Path f = write("e.csv", "user,item,behavior,category\nbob,sku-1,cart,shoes\nalice,sku-2,buy,socks\n");
        LoadResult res = InteractionLoader.load(f, DataFormat.CSV, LoadOptions.defaults(), log);
        assertThat(res.dataset().interactions()).isSameAs(log);
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.user(2)).isEqualTo(log.user(0));
        ItemCatalog cat = res.dataset().catalog();
        assertThat(cat.dictionary(ItemCatalog.CATEGORY).valueOf(cat.category(log.items().indexOf("sku-2")))).isEqualTo("socks");
        assertThat(cat.dictionary(ItemCatalog.CATEGORY).valueOf(cat.category(0))).isEqualTo("shoes");
    }

    @Test
    void appendsFromStream() {
        Dataset d = Dataset.of(new Interactions());
        InteractionLoader.load(new ByteArrayInputStream("a,b,view\n".getBytes(StandardCharsets.UTF_8)), "mem",
                DataFormat.CSV, LoadOptions.defaults().withMapping(ColumnMapping.parse("user=0,item=1,behavior=2")), d);
        assertThat(d.interactions().size()).isEqualTo(1);
    }

    // ---- bad input -------------------------------------------------------------------------

    @Test
    void wrongFieldCountNamesFileAndLine() throws IOException {
        Path f = write("u.data", "1\t2\t3\t4\n1\t2\t3\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(f + ":2:")
                .hasMessageContaining("expected 4 fields")
                .hasMessageContaining("found 3")
                .satisfies(e -> assertThat(((DataFileException) e).line()).isEqualTo(2));
    }

    @Test
    void notANumberIsNamed() throws IOException {
        Path f = write("u.data", "1\t2\t3\t4\n\n1\t2\tfive\t4\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("u.data:3:")
                .hasMessageContaining("field 3 (rating) is not a number: 'five'");
        Path g = write("u2.data", "1\t2\t3\t4x\n");
        assertThatThrownBy(() -> InteractionLoader.load(g, DataFormat.MOVIELENS))
                .hasMessageContaining("u2.data:1:")
                .hasMessageContaining("field 4 (time) is not a time stamp").hasMessageContaining("'4x'");
    }

    @Test
    void nanAndInfinityAreRejected() throws IOException {
        for (String bad : new String[] {"NaN", "Infinity", "-inf", "1e99"}) {
            Path f = write("u.data", "1\t2\t3\t4\n1\t2\t" + bad + "\t4\n");
            assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS))
                    .isInstanceOf(DataFileException.class)
                    .hasMessageContaining("u.data:2:")
                    .hasMessageContaining("must be finite");
        }
    }

    @Test
    void unknownBehaviourListsAcceptedNames() throws IOException {
        Path f = write("t.csv", "1,2,3,pv,5\n1,2,3,like,6\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.TAOBAO))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("t.csv:2:")
                .hasMessageContaining("unknown behaviour 'like'")
                .hasMessageContaining(Behavior.acceptedNames());
    }

    @Test
    void invalidSceneAndEmptyIdAreNamed() throws IOException {
        Path f = write("e.csv", "user,item,behavior,scene\na,b,view,home page!\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.CSV))
                .hasMessageContaining("e.csv:2:")
                .hasMessageContaining("scene");
        Path g = write("g.csv", "user,item,behavior\n,b,view\n");
        assertThatThrownBy(() -> InteractionLoader.load(g, DataFormat.CSV))
                .hasMessageContaining("g.csv:2:")
                .hasMessageContaining("field 1 (user) is empty");
    }

    @Test
    void ratingWithoutValueIsAnError() throws IOException {
        Path f = write("e.csv", "user,item,behavior,value\na,b,rating,\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.CSV))
                .hasMessageContaining("e.csv:2:")
                .hasMessageContaining("needs a value");
    }

    @Test
    void emptyFileAndHeaderOnlyFileAreErrors() throws IOException {
        Path empty = write("empty.data", "");
        assertThatThrownBy(() -> InteractionLoader.load(empty, DataFormat.MOVIELENS))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("empty.data")
                .hasMessageContaining("no events");
        Path blank = write("blank.data", "\n\n  \n");
        assertThatThrownBy(() -> InteractionLoader.load(blank, DataFormat.MOVIELENS))
                .hasMessageContaining("no events");
        Path headerOnly = write("h.csv", "user,item,behavior\n");
        assertThatThrownBy(() -> InteractionLoader.load(headerOnly, DataFormat.CSV))
                .hasMessageContaining("h.csv")
                .hasMessageContaining("header but no data");
    }

    @Test
    void missingFileIsAnError() {
        Path f = dir.resolve("nope.data");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("nope.data")
                .hasMessageContaining("not found");
    }

    @Test
    void lenientModeSkipsAndReports() throws IOException {
        Path f = write("u.data", "1\t2\t3\t4\nbad line\n1\t2\tNaN\t4\n5\t6\t4\t8\n1\t2\t3\n1\t2\t3\tx\n");
        LoadResult res = InteractionLoader.load(f, DataFormat.MOVIELENS,
                LoadOptions.defaults().withLenient(true).withMaxExamples(2));
        LoadReport rep = res.report();
        assertThat(res.dataset().interactions().size()).isEqualTo(2);
        assertThat(rep.rowsRead()).isEqualTo(6);
        assertThat(rep.eventsLoaded()).isEqualTo(2);
        assertThat(rep.rowsSkipped()).isEqualTo(4);
        assertThat(rep.skipExamples()).hasSize(2);
        assertThat(rep.skipExamples().get(0)).startsWith(f + ":2:").contains("expected 4 fields");
        assertThat(rep.skipExamples().get(1)).startsWith(f + ":3:").contains("finite");
        assertThat(rep.summary()).contains("6 rows", "2 loaded", "4 skipped");
        // no id of a skipped line was added
        assertThat(res.dataset().interactions().users().size()).isEqualTo(2);
    }

    @Test
    void lenientModeWithNothingValidIsStillAnError() throws IOException {
        Path f = write("u.data", "x\ny\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS, LoadOptions.defaults().withLenient(true)))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("all 2 lines were skipped");
    }

    @Test
    void unterminatedQuoteIsNamed() throws IOException {
        Path f = write("q.csv", "user,item,behavior\n\"a,b,view\n");
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.CSV))
                .hasMessageContaining("q.csv:2:")
                .hasMessageContaining("unterminated quote");
    }

    @Test
    void mappingOnlyForCsv() throws IOException {
        Path f = write("u.data", "1\t2\t3\t4\n");
        LoadOptions o = LoadOptions.defaults().withMapping(ColumnMapping.defaults());
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.MOVIELENS, o))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only to format csv");
    }

    @Test
    void parsesPlainAndExponentDecimalsExactly() throws IOException {
        Path f = write("e.csv", "user,item,behavior,value\n1,1,view,0.1\n1,2,view,-2.75\n1,3,view,1.5e3\n1,4,view,+3\n"
                + "1,5,view,.5\n1,6,view,123456.789\n");
        Interactions log = InteractionLoader.load(f, DataFormat.CSV).dataset().interactions();
        assertThat(log.value(0)).isEqualTo(0.1f);
        assertThat(log.value(1)).isEqualTo(-2.75f);
        assertThat(log.value(2)).isEqualTo(1500f);
        assertThat(log.value(3)).isEqualTo(3f);
        assertThat(log.value(4)).isEqualTo(0.5f);
        assertThat(log.value(5)).isEqualTo(123456.789f);
    }

    @Test
    void longLinesCrossBufferBoundaries() throws IOException {
        StringBuilder sb = new StringBuilder("user,item,behavior\n");
        String longId = "x".repeat(100_000);
        for (int k = 0; k < 3; k++) {
            sb.append(longId).append(k).append(",i,view\n");
        }
        for (int k = 0; k < 20_000; k++) {
            sb.append("u").append(k).append(",i").append(k % 13).append(",view\n");
        }
        Interactions log = InteractionLoader.load(write("big.csv", sb.toString()), DataFormat.CSV).dataset().interactions();
        assertThat(log.size()).isEqualTo(20_003);
        assertThat(log.users().idOf(log.user(2))).isEqualTo(longId + 2);
        assertThat(log.users().idOf(log.user(20_002))).isEqualTo("u19999");
    }
}
