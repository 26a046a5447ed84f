package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Behavior;
import dev.recsys.data.io.ColumnMapping.Column;
import dev.recsys.data.io.ColumnMapping.Field;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {
    @Test
    void parsesIndexMappingWithoutHeader() {
        ColumnMapping m = ColumnMapping.parse("user=0,item=1,behavior=2,value=3,time=4,scene=5");
        assertThat(m.column(Field.USER)).isEqualTo(Column.at(0));
        assertThat(m.column(Field.SCENE)).isEqualTo(Column.at(5));
        assertThat(m.column(Field.CATEGORY)).isNull();
        assertThat(m.hasHeader()).isFalse();
        assertThat(m.delimiter()).isEqualTo(",");
        assertThat(m.timeInMillis()).isFalse();
        assertThat(m.fixedBehavior()).isNull();
    }

    @Test
    void parsesNamesAndOptions() {
        ColumnMapping m = ColumnMapping.parse(
                " user = visitor , item=sku, timestamp=ts?, fixed-behavior=buy, delimiter=tab, time-unit=ms ");
        assertThat(m.column(Field.USER)).isEqualTo(Column.named("visitor"));
        assertThat(m.column(Field.TIME)).isEqualTo(Column.optionalNamed("ts"));
        assertThat(m.hasHeader()).isTrue();
        assertThat(m.delimiter()).isEqualTo("\t");
        assertThat(m.fixedBehavior()).isEqualTo(Behavior.PURCHASE);
        assertThat(m.timeInMillis()).isTrue();
        assertThat(ColumnMapping.parse(m.toString())).isEqualTo(m);
        assertThat(ColumnMapping.parse("user=0,item=1,behavior=2,header=yes,delimiter=::").delimiter()).isEqualTo("::");
    }

    @Test
    void defaultsMatchTheGeneratorHeader() {
        ColumnMapping d = ColumnMapping.defaults();
        assertThat(d.hasHeader()).isTrue();
        assertThat(d.column(Field.USER).name()).isEqualTo("user");
        assertThat(d.column(Field.TIME).name()).isEqualTo("timestamp");
        assertThat(d.column(Field.SCENE).optional()).isTrue();
        assertThat(ColumnMapping.parse(d.toString())).isEqualTo(d);
        assertThat(CsvWriter.EVENTS_HEADER).isEqualTo("user,item,behavior,value,timestamp,scene");
    }

    @Test
    void builderMatchesParse() {
        ColumnMapping b = ColumnMapping.builder()
                .column(Field.USER, Column.at(1)).column(Field.ITEM, Column.at(0))
                .fixedBehavior(Behavior.VIEW).delimiter(";").build();
        assertThat(b).isEqualTo(ColumnMapping.parse("item=0,user=1,fixed-behavior=view,delimiter=semicolon"));
        assertThat(b.hashCode()).isEqualTo(ColumnMapping.parse(b.toString()).hashCode());
    }

    @Test
    void rejectsBadMappings() {
        assertThatThrownBy(() -> ColumnMapping.parse("item=1,behavior=2")).hasMessageContaining("user and item");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1")).hasMessageContaining("no behavior column")
                .hasMessageContaining("fixed-behavior");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,behavior=2,fixed-behavior=view"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,fixed-behavior=rating")).hasMessageContaining("value column");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=0,behavior=2")).hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> ColumnMapping.parse("user=a,item=b,behavior=c,header=no")).hasMessageContaining("header=yes");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,behavior=2,colour=3")).hasMessageContaining("unknown key 'colour'")
                .hasMessageContaining("valid keys");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,user=1,item=2,behavior=3")).hasMessageContaining("twice");
        assertThatThrownBy(() -> ColumnMapping.parse("user,item=1")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,behavior=2,time-unit=h")).hasMessageContaining("time-unit");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,behavior=2,header=maybe")).hasMessageContaining("header");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,fixed-behavior=like")).hasMessageContaining("unknown behaviour");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0?,item=1,behavior=2")).hasMessageContaining("optional");
        assertThatThrownBy(() -> ColumnMapping.parse(" ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,behavior=2,delimiter=abcde")).hasMessageContaining("delimiter");
    }

    @Test
    void dataFormatNames() {
        assertThat(DataFormat.names()).containsExactly("movielens", "movielens-dat", "movielens-csv", "taobao", "retailrocket", "csv");
        for (DataFormat f : DataFormat.values()) {
            assertThat(DataFormat.byName(f.formatName())).isEqualTo(f);
            assertThat(f.toString()).isEqualTo(f.formatName());
            assertThat(f.description()).isNotBlank();
        }
        assertThat(DataFormat.byName(" MovieLens_CSV ")).isEqualTo(DataFormat.MOVIELENS_CSV);
        assertThatThrownBy(() -> DataFormat.byName("parquet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'parquet'")
                .hasMessageContaining("movielens, movielens-dat, movielens-csv, taobao, retailrocket, csv");
        assertThatThrownBy(() -> DataFormat.byName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadOptionsAndReport() {
        LoadOptions o = LoadOptions.defaults();
        assertThat(o.lenient()).isFalse();
        assertThat(o.maxExamples()).isEqualTo(5);
        assertThat(o.mapping()).isNull();
        assertThat(o.withLenient(true).lenient()).isTrue();
        assertThatThrownBy(() -> o.withMaxExamples(-1)).hasMessageContaining("maxExamples");
        LoadReport r = new LoadReport("f", 3, 2, 1, java.util.List.of("f:2: bad"));
        assertThat(r.summary()).isEqualTo("f: 3 rows, 2 loaded, 1 skipped (e.g. f:2: bad)");
        DataFileException e = new DataFileException("f.csv", 7, "not a number");
        assertThat(e.getMessage()).isEqualTo("f.csv:7: not a number");
        assertThat(e.source()).isEqualTo("f.csv");
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.reason()).isEqualTo("not a number");
        assertThat(new DataFileException("f.csv", 0, "empty").getMessage()).isEqualTo("f.csv: empty");
    }
}
