package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Behavior;
import dev.recsys.data.DataField;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.io.ColumnMapping.Field;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basket and session id columns: mapping, loading, storage, splits and the unused-column warnings. */
class GroupColumnsTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static Interactions load(Path f, String columns) {
        return InteractionLoader.load(f, DataFormat.CSV, LoadOptions.defaults().withMapping(ColumnMapping.parse(columns)))
                .dataset().interactions();
    }

    @Test
    void mappingAcceptsBasketOrderAndSessionKeys() {
        ColumnMapping m = ColumnMapping.parse("user=0,item=1,fixed-behavior=purchase,order=2,session=3");
        assertThat(m.column(Field.BASKET).index()).isEqualTo(2);
        assertThat(m.column(Field.SESSION).index()).isEqualTo(3);
        assertThat(ColumnMapping.parse(m.toString())).isEqualTo(m);
        assertThat(m.toString()).contains("basket=2").contains("session=3");
        assertThat(ColumnMapping.KEYS).contains("basket", "session");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,fixed-behavior=view,basket=2,order=3"))
                .hasMessageContaining("'basket' given twice");
        assertThat(ColumnMapping.defaults().column(Field.BASKET).optional()).isTrue();
        assertThat(ColumnMapping.defaults().column(Field.SESSION).name()).isEqualTo("session");
    }

    @Test
    void idsAreDictionaryCodedOneIntPerEvent() throws Exception {
        Path f = file("orders.csv", "invoice,customer,product,sess\n"
                + "A-1,c1,p1,s9\n"
                + "A-1,c1,p2,s9\n"
                + "B-7,c2,p1,\n"      // no session
                + ",c2,p3,s10\n"      // no basket
                + "A-1,c3,p4,s9\n");  // same order id, other customer
        Interactions log = load(f, "user=customer,item=product,basket=invoice,session=sess,fixed-behavior=purchase");
        assertThat(log.hasBaskets()).isTrue();
        assertThat(log.hasSessions()).isTrue();
        assertThat(log.basketIds().size()).isEqualTo(2);
        assertThat(log.basket(0)).isEqualTo(log.basket(1)).isEqualTo(log.basket(4));
        assertThat(log.basketIds().idOf(log.basket(2))).isEqualTo("B-7");
        assertThat(log.basket(3)).isEqualTo(Interactions.NO_GROUP);
        assertThat(log.session(2)).isEqualTo(Interactions.NO_GROUP);
        assertThat(log.sessionIds().idOf(log.session(3))).isEqualTo("s10");
        assertThat(log.columnBytes()).isEqualTo(5L * (Interactions.BYTES_PER_EVENT + 8));

        // a split keeps the codes and shares the dictionaries
        Interactions part = log.select(new int[] {4, 3});
        assertThat(part.basketIds()).isSameAs(log.basketIds());
        assertThat(part.basket(0)).isEqualTo(log.basket(4));
        assertThat(part.basket(1)).isEqualTo(Interactions.NO_GROUP);
        assertThat(part.sessionIds().idOf(part.session(1))).isEqualTo("s10");
    }

    @Test
    void numericIdsAndAHeaderNamedBasketWithoutMapping() throws Exception {
        Path f = file("events.csv", "user,item,behavior,timestamp,basket\n"
                + "u1,i1,purchase,1709286600,1001\n"
                + "u1,i2,purchase,1709286600,1001\n"
                + "u1,i3,purchase,1709286700,1002\n");
        Interactions log = InteractionLoader.load(f, DataFormat.CSV).dataset().interactions();
        assertThat(log.hasBaskets()).isTrue();
        assertThat(log.hasSessions()).isFalse();
        assertThat(log.session(0)).isEqualTo(Interactions.NO_GROUP);
        assertThat(log.basketIds().idOf(log.basket(2))).isEqualTo("1002");
        assertThat(log.basket(0)).isEqualTo(log.basket(1)).isNotEqualTo(log.basket(2));
    }

    @Test
    void csvWriterWritesTheGroupColumnsAndTheDefaultMappingReadsThemBack() throws Exception {
        Interactions log = new Interactions();
        log.add(Event.of("u1", "a", Behavior.PURCHASE, 1709286600));
        log.add(Event.of("u1", "b", Behavior.PURCHASE, 1709286600));
        log.add(Event.of("u2", "a", Behavior.VIEW, 1709286700));
        log.setBasket(0, log.basketCode("order, 1")); // a comma: quoted
        log.setBasket(1, log.basketCode("order, 1"));
        log.setSession(2, log.sessionCode("s-9"));
        Path f = dir.resolve("out.csv");
        CsvWriter.writeEvents(log, f);
        assertThat(Files.readAllLines(f).get(0)).isEqualTo(CsvWriter.EVENTS_HEADER + ",basket,session");
        Interactions back = InteractionLoader.load(f, DataFormat.CSV).dataset().interactions();
        assertThat(back.basketIds().idOf(back.basket(1))).isEqualTo("order, 1");
        assertThat(back.basket(2)).isEqualTo(Interactions.NO_GROUP);
        assertThat(back.session(0)).isEqualTo(Interactions.NO_GROUP);
        assertThat(back.sessionIds().idOf(back.session(2))).isEqualTo("s-9");
    }

    @Test
    void aLogWithoutGroupsPaysNothingAndLaterEventsHaveNoGroup() {
        Interactions log = new Interactions(new IdIndex(), new IdIndex(), 16);
        log.add(Event.of("u", "a", Behavior.VIEW, 0));
        long before = log.columnBytes();
        assertThat(log.hasBaskets()).isFalse();
        log.setBasket(0, Interactions.NO_GROUP); // no column for "none"
        assertThat(log.hasBaskets()).isFalse();
        log.setSession(0, log.sessionCode("s1"));
        assertThat(log.hasSessions()).isTrue();
        assertThat(log.columnBytes()).isEqualTo(16L * (Interactions.BYTES_PER_EVENT + 4));
        assertThat(before).isEqualTo(16L * Interactions.BYTES_PER_EVENT);
        for (int k = 0; k < 100; k++) { // grows past the first capacity
            log.add(Event.of("u", "b" + k, Behavior.VIEW, k));
        }
        assertThat(log.session(0)).isZero();
        assertThat(log.session(100)).isEqualTo(Interactions.NO_GROUP);
        assertThatThrownBy(() -> log.setSession(1, 5)).hasMessageContaining("session code 5 is not defined");
        assertThatThrownBy(() -> log.basketCode("")).hasMessageContaining("basket id must not be empty");
    }

    @Test
    void hostileInputNamesFileAndLine() throws Exception {
        Path missing = file("m.csv", "user,item\nu1,i1\n");
        assertThatThrownBy(() -> load(missing, "user=user,item=item,fixed-behavior=view,basket=order_id"))
                .isInstanceOf(DataFileException.class).hasMessageContaining("m.csv:1:")
                .hasMessageContaining("'order_id' (for basket)");
        Path short_ = file("s.csv", "u1,i1,o1\nu1,i2\n");
        assertThatThrownBy(() -> load(short_, "user=0,item=1,basket=2,fixed-behavior=purchase"))
                .isInstanceOf(DataFileException.class).hasMessageContaining("s.csv:2:")
                .hasMessageContaining("expected at least 3 fields");
        Path bad = dir.resolve("b.csv");
        Files.write(bad, new byte[] {'u', '1', ',', 'i', ',', 'o', (byte) 0xFF, '\n'});
        assertThatThrownBy(() -> load(bad, "user=0,item=1,basket=2,fixed-behavior=purchase"))
                .isInstanceOf(DataFileException.class).hasMessageContaining("b.csv:1:").hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,fixed-behavior=view,session=2000"))
                .hasMessageContaining("session must be in 0..1023");
    }

    @Test
    void unusedFieldsNameTheColumnAndItsReaders() throws Exception {
        Path f = file("all.csv", "user,item,behavior,scene,category,basket,session\n"
                + "u1,i1,cart,cart,coffee,o1,s1\n"
                + "u1,i2,purchase,cart,tea,o1,s1\n");
        Dataset d = InteractionLoader.load(f, DataFormat.CSV).dataset();
        assertThat(d.fields()).containsExactlyInAnyOrder(DataField.values());
        assertThat(d.unusedFields(EnumSet.allOf(DataField.class), "x")).isEmpty();
        List<String> w = d.unusedFields(EnumSet.of(DataField.CATEGORY), "training ials");
        assertThat(w).hasSize(3);
        assertThat(w.get(0)).startsWith("the scene column (1 scenes) is not used by training ials").contains("scene-ials");
        assertThat(w.get(1)).startsWith("the basket id column (1 basket ids)").contains("evaluate --protocol basket");
        assertThat(w.get(2)).startsWith("the session id column (1 session ids)").contains("evaluate --protocol session");
        assertThat(Dataset.of(new Interactions()).fields()).isEmpty();
    }

    @Test
    void readFieldsOfAnAlgorithmIncludeTheServingCategory() {
        Algorithm pop = Algorithms.byName("popularity");
        Set<DataField> r = Recommenders.readFields(pop, Params.defaults(pop.params()));
        assertThat(r).containsExactly(DataField.CATEGORY);
        assertThat(pop.reads(Params.defaults(pop.params()))).isEmpty();
    }
}
