package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour weights and value transforms: parsing, what reaches the matrix, and the unused-value warnings. */
class ConfidenceTest {
    /** u1 viewed x 12 times (one row of count 12), viewed y once and bought it; u2 put x in the cart twice and rated z. */
    private static Interactions counts() {
        Interactions log = new Interactions();
        log.add(new Event("u1", "x", Behavior.VIEW, 12f, 1, null));
        log.add(new Event("u1", "y", Behavior.VIEW, 1f, 2, null));
        log.add(new Event("u1", "y", Behavior.PURCHASE, 1f, 3, null));
        log.add(new Event("u2", "x", Behavior.ADD_TO_CART, 2f, 4, null));
        log.add(new Event("u2", "z", Behavior.RATING, 4f, 5, null));
        return log;
    }

    @Test
    void transformsParseAndPrintTheirTextForm() {
        assertThat(ValueTransform.parse("log")).isEqualTo(ValueTransform.LOG);
        assertThat(ValueTransform.parse(" LOG:0.5 ")).isEqualTo(ValueTransform.log(0.5));
        assertThat(ValueTransform.parse("binary")).isEqualTo(ValueTransform.BINARY);
        assertThat(ValueTransform.parse("linear")).isEqualTo(ValueTransform.LINEAR);
        assertThat(ValueTransform.parse("none")).isEqualTo(ValueTransform.NONE);
        for (ValueTransform t : new ValueTransform[] {ValueTransform.NONE, ValueTransform.LINEAR, ValueTransform.LOG,
                ValueTransform.log(0.25), ValueTransform.BINARY}) {
            assertThat(ValueTransform.parse(t.toString())).isEqualTo(t);
        }
        assertThat(ValueTransform.log(0.25).toString()).isEqualTo("log:0.25");
    }

    @Test
    void badTransformSpecsNameTheParameter() {
        for (String bad : new String[] {"sqrt", "", "log:0", "log:-1", "log:x", "log:NaN", "log:Infinity", "binary:2"}) {
            assertThatThrownBy(() -> ValueTransform.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("value-transform");
        }
        assertThatThrownBy(() -> new ValueTransform(ValueTransform.Kind.BINARY, 2.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
    }

    @Test
    void transformsApplyTheirFormula() {
        assertThat(ValueTransform.NONE.apply(7f)).isEqualTo(1f);
        assertThat(ValueTransform.LINEAR.apply(7f)).isEqualTo(7f);
        assertThat(ValueTransform.LOG.apply(7f)).isCloseTo((float) Math.log(8), within(1e-6f));
        assertThat(ValueTransform.log(0.5).apply(7f)).isCloseTo((float) Math.log(15), within(1e-6f));
        assertThat(ValueTransform.BINARY.apply(7f)).isEqualTo(1f);
        assertThat(ValueTransform.BINARY.apply(0f)).isEqualTo(0f);
        for (float bad : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> ValueTransform.LOG.apply(bad)).as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        }
    }

    @Test
    void weightsParseAndBadSpecsNameTheParameter() {
        Map<Behavior, Float> w = MatrixOptions.parseWeights("view:1, cart:3,buy:5.5,fav:0");
        assertThat(w).containsExactly(Map.entry(Behavior.VIEW, 1f), Map.entry(Behavior.ADD_TO_CART, 3f),
                Map.entry(Behavior.PURCHASE, 5.5f), Map.entry(Behavior.FAVORITE, 0f));
        for (String bad : new String[] {"", "view", "view:", "teleport:1", "view:x", "view:-1", "view:NaN",
                "view:Infinity", "view:1,pv:2"}) {
            assertThatThrownBy(() -> MatrixOptions.parseWeights(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("behavior-weights");
        }
    }

    @Test
    void overridesChangeOnlyTheListedBehaviours() {
        MatrixOptions o = MatrixOptions.implicitDefaults().withWeights(MatrixOptions.parseWeights("view:0.5,cart:0"));
        assertThat(o.weight(Behavior.VIEW)).isEqualTo(0.5f);
        assertThat(o.weight(Behavior.ADD_TO_CART)).isZero();
        assertThat(o.weight(Behavior.PURCHASE)).isEqualTo(5f);
        assertThat(o.weight(Behavior.FAVORITE)).isEqualTo(2f);
        assertThat(o.weightsText()).isEqualTo("view:0.5,click:1,search:1,favorite:2,purchase:5,rating:1,review:1");
        assertThat(MatrixOptions.implicitDefaults().withValueTransform(ValueTransform.LOG))
                .isNotEqualTo(MatrixOptions.implicitDefaults());
    }

    @Test
    void withoutTransformImplicitValuesAreIgnored() {
        InteractionMatrix m = MatrixBuilder.build(counts(), MatrixOptions.implicitDefaults());
        assertThat(m.get(0, 0)).isEqualTo(1f); // view weight, the 12 ignored
        assertThat(m.get(0, 1)).isEqualTo(6f); // view 1 + purchase 5
        assertThat(m.get(1, 0)).isEqualTo(3f); // cart weight, the 2 ignored
        assertThat(m.get(1, 2)).isEqualTo(4f); // rating 1 x 4
    }

    @Test
    void transformsReachTheMatrixAsWeightTimesTransformedValue() {
        MatrixOptions base = MatrixOptions.implicitDefaults();
        InteractionMatrix lin = MatrixBuilder.build(counts(), base.withValueTransform(ValueTransform.LINEAR));
        assertThat(lin.get(0, 0)).isEqualTo(12f);
        assertThat(lin.get(1, 0)).isEqualTo(6f); // cart 3 x 2
        assertThat(lin.get(1, 2)).isEqualTo(4f); // the rating is not transformed
        InteractionMatrix log = MatrixBuilder.build(counts(), base.withValueTransform(ValueTransform.LOG));
        assertThat(log.get(0, 0)).isCloseTo((float) Math.log(13), within(1e-6f));
        assertThat(log.get(0, 1)).isCloseTo((float) (Math.log(2) + 5 * Math.log(2)), within(1e-5f));
        assertThat(log.get(1, 0)).isCloseTo((float) (3 * Math.log(3)), within(1e-5f));
        assertThat(log.get(1, 2)).isEqualTo(4f);
        InteractionMatrix eps = MatrixBuilder.build(counts(), base.withValueTransform(ValueTransform.log(0.5)));
        assertThat(eps.get(0, 0)).isCloseTo((float) Math.log(25), within(1e-6f));
        InteractionMatrix bin = MatrixBuilder.build(counts(), base.withValueTransform(ValueTransform.BINARY)
                .withWeights(Map.of(Behavior.PURCHASE, 10f)));
        assertThat(bin.get(0, 0)).isEqualTo(1f);
        assertThat(bin.get(0, 1)).isEqualTo(11f);
        assertThat(bin.get(1, 0)).isEqualTo(3f);
    }

    @Test
    void zeroValuesAreNoInteractionUnderATransformAndNegativeOnesAreNamed() {
        Interactions log = counts();
        log.add(new Event("u3", "y", Behavior.VIEW, 0f, 6, null));
        InteractionMatrix none = MatrixBuilder.build(log, MatrixOptions.implicitDefaults());
        assertThat(none.rowLength(2)).isEqualTo(1);
        InteractionMatrix lin = MatrixBuilder.build(log, MatrixOptions.implicitDefaults()
                .withValueTransform(ValueTransform.LINEAR));
        assertThat(lin.rowLength(2)).isZero();
        assertThat(lin.nnz()).isEqualTo(none.nnz() - 1);

        log.add(new Event("u4", "z", Behavior.ADD_TO_CART, -2f, 7, null));
        assertThat(MatrixBuilder.build(log, MatrixOptions.implicitDefaults()).nnz()).isEqualTo(none.nnz() + 1);
        assertThatThrownBy(() -> MatrixBuilder.build(log, MatrixOptions.implicitDefaults()
                .withValueTransform(ValueTransform.LOG))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user u4").hasMessageContaining("item z").hasMessageContaining("-2.0")
                .hasMessageContaining("log");
    }

    @Test
    void ignoredValuesAreCountedAndWarned() {
        MatrixOptions none = MatrixOptions.implicitDefaults();
        assertThat(none.ignoredValues(counts())).isEqualTo(2); // the view of 12 and the cart of 2
        assertThat(none.warnings(counts())).singleElement().asString().contains("ignored for 2 events")
                .contains("value-transform");
        MatrixOptions log = none.withValueTransform(ValueTransform.LOG);
        assertThat(log.ignoredValues(counts())).isZero();
        assertThat(log.warnings(counts())).isEmpty();
        // dropped behaviours and explicit ones are not counted
        assertThat(MatrixOptions.ratings().ignoredValues(counts())).isZero();
        assertThat(none.withWeights(Map.of(Behavior.VIEW, 0f, Behavior.ADD_TO_CART, 0f)).ignoredValues(counts())).isZero();

        Interactions ones = new Interactions();
        ones.add(Event.of("a", "x", Behavior.VIEW, 1));
        assertThat(none.warnings(ones)).isEmpty();
        assertThat(log.warnings(ones)).singleElement().asString().contains("value transform log is unused")
                .contains("value 1");
        Interactions ratings = new Interactions();
        ratings.add(new Event("a", "x", Behavior.RATING, 4f, 1, null));
        assertThat(log.warnings(ratings)).singleElement().asString().contains("no events of implicit behaviours");
        // behaviours of weight 0 are left out: said, with their counts
        assertThat(MatrixOptions.ratings().warnings(counts())).anySatisfy(w -> assertThat(w)
                .contains("weight 0").contains("view (").contains("add_to_cart ("));
        assertThat(MatrixOptions.ratings().warnings(ratings)).isEmpty();
    }
}
