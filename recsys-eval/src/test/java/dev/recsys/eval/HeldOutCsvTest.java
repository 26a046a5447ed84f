package dev.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.Interactions;
import dev.recsys.eval.output.CsvOutput;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@link Rankings#relevantItems} and {@link CsvOutput#writeHeldOut(java.io.Writer, EvaluationResult)}. */
class HeldOutCsvTest {
    @Test
    void heldOutListsEveryRelevantItemOfEveryRankedUnit() throws Exception {
        // u1 has two relevant test items, u2 one (its other test item is a training item: dropped), u3 none ranked
        Interactions[] d = Fixtures.pair("u1 a;u1 b;u2 c;u3 a", "u1 c;u1 d;u2 a;u2 c", "a", "b", "c", "d", "e");
        Fixtures.TableModel m = new Fixtures.TableModel("t", 5, (u, i, s) -> -i);
        EvaluationResult r = Evaluator.of("hitrate@2,recall@2", EvaluationOptions.defaults()).evaluate(d[0], d[1], m);
        Rankings rk = r.rankings().orElseThrow();
        assertThat(rk.units()).isEqualTo(2);
        assertThat(rk.relevantItems(0)).containsExactly("c", "d");
        assertThat(rk.relevantItems(1)).containsExactly("a");
        StringWriter w = new StringWriter();
        CsvOutput.writeHeldOut(w, r);
        assertThat(w.toString()).isEqualTo("user,scene,item\nu1,home,c\nu1,home,d\nu2,home,a\n");
    }
}
