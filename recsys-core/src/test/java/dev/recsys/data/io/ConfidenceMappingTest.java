package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.data.Behavior;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.ValueTransform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code behavior-weights} and {@code value-transform} keys of the column mapping, and what the loader checks. */
class ConfidenceMappingTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("counts.csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void weightsRunToTheNextKeyAndRoundTrip() {
        ColumnMapping m = ColumnMapping.parse("user=0,behavior-weights=view:1,cart:3, buy:7,item=1,behavior=2,value=3,"
                + "value-transform=log:0.5");
        assertThat(m.behaviorWeights()).containsExactly(Map.entry(Behavior.VIEW, 1f), Map.entry(Behavior.ADD_TO_CART, 3f),
                Map.entry(Behavior.PURCHASE, 7f));
        assertThat(m.valueTransform()).isEqualTo(ValueTransform.log(0.5));
        assertThat(m.column(ColumnMapping.Field.ITEM).index()).isEqualTo(1);
        assertThat(ColumnMapping.parse(m.toString())).isEqualTo(m);
        assertThat(m).isNotEqualTo(ColumnMapping.parse("user=0,item=1,behavior=2,value=3"));

        MatrixOptions o = m.matrixOptions(MatrixOptions.implicitDefaults());
        assertThat(o.weight(Behavior.PURCHASE)).isEqualTo(7f);
        assertThat(o.weight(Behavior.FAVORITE)).isEqualTo(2f); // not listed: the default
        assertThat(o.valueTransform()).isEqualTo(ValueTransform.log(0.5));
        MatrixOptions plain = ColumnMapping.parse("user=0,item=1,behavior=2").matrixOptions(MatrixOptions.implicitDefaults());
        assertThat(plain).isEqualTo(MatrixOptions.implicitDefaults());
    }

    @Test
    void badSpecsNameTheParameter() {
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,behavior=2,behavior-weights=view:x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("behavior-weights");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,behavior=2,behavior-weights=teleport:2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("behavior-weights")
                .hasMessageContaining("teleport");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,behavior=2,value=3,value-transform=sqrt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value-transform")
                .hasMessageContaining("sqrt");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,behavior=2,value-transform=log"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value-transform=log")
                .hasMessageContaining("value column");
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,value=2,fixed-behavior=rating,value-transform=log"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value-transform")
                .hasMessageContaining("rating");
        // a stray part without '=' elsewhere is still an error
        assertThatThrownBy(() -> ColumnMapping.parse("user=0,item=1,cart:3,behavior=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
    }

    @Test
    void countsLoadAndReachTheMatrixThroughTheMapping() throws IOException {
        Path f = file("user,item,behavior,count\nu1,a,view,12\nu1,b,view,\nu1,b,buy,1\nu2,a,cart,2\n");
        ColumnMapping m = ColumnMapping.parse("user=user,item=item,behavior=behavior,value=count,value-transform=log,"
                + "behavior-weights=view:1,cart:3,purchase:5");
        Interactions log = InteractionLoader.load(f, DataFormat.CSV, LoadOptions.defaults().withMapping(m)).dataset()
                .interactions();
        InteractionMatrix x = MatrixBuilder.build(log, m.matrixOptions(MatrixOptions.implicitDefaults()));
        assertThat(x.get(0, 0)).isCloseTo((float) Math.log(13), within(1e-6f));
        // an empty value cell is the value 1
        assertThat(x.get(0, 1)).isCloseTo((float) (6 * Math.log(2)), within(1e-5f));
        assertThat(x.get(1, 0)).isCloseTo((float) (3 * Math.log(3)), within(1e-5f));
        // the same file without a transform: the values are ignored, and that is counted
        assertThat(MatrixOptions.implicitDefaults().ignoredValues(log)).isEqualTo(2);
    }

    @Test
    void negativeValuesOfImplicitBehavioursAreErrorsNamingFileAndLineUnderATransform() throws IOException {
        Path f = file("user,item,behavior,count\nu1,a,view,3\nu1,b,view,-2\nu2,a,rating,-1\n");
        LoadOptions o = LoadOptions.defaults().withMapping(ColumnMapping.parse(
                "user=user,item=item,behavior=behavior,value=count,value-transform=linear"));
        assertThatThrownBy(() -> InteractionLoader.load(f, DataFormat.CSV, o)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("counts.csv:3").hasMessageContaining("-2").hasMessageContaining("value-transform=linear");
        LoadResult lenient = InteractionLoader.load(f, DataFormat.CSV, o.withLenient(true));
        assertThat(lenient.report().rowsSkipped()).isEqualTo(1);
        assertThat(lenient.report().eventsLoaded()).isEqualTo(2); // the negative rating is a rating, not transformed
        // without a transform the value of an implicit behaviour is not used, so not checked
        LoadOptions plain = LoadOptions.defaults().withMapping(ColumnMapping.parse(
                "user=user,item=item,behavior=behavior,value=count"));
        assertThat(InteractionLoader.load(f, DataFormat.CSV, plain).report().eventsLoaded()).isEqualTo(3);
    }
}
