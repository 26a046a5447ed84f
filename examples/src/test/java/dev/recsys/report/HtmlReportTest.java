package dev.recsys.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.eval.CurveResult;
import dev.recsys.eval.EvaluationOptions;
import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.Evaluator;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final int ITEMS = 60;

    private static final class Model implements TrainedModel {
        private final String name;
        private final long salt;

        Model(String name, long salt) {
            this.name = name;
            this.salt = salt;
        }

        @Override
        public String algorithm() {
            return name;
        }

        @Override
        public Params params() {
            return Params.defaults(List.of());
        }

        @Override
        public int numItems() {
            return ITEMS;
        }

        @Override
        public boolean score(Query q, float[] out) {
            SplittableRandom r = new SplittableRandom(salt * 31 + q.user());
            for (int i = 0; i < ITEMS; i++) {
                out[i] = (ITEMS - i) * (float) salt + r.nextInt(40);
            }
            return true;
        }

        @Override
        public void save(ModelOutput out) {
        }
    }

    private static Interactions[] data() {
        SplittableRandom r = new SplittableRandom(5);
        Interactions train = new Interactions();
        for (int i = 0; i < ITEMS; i++) {
            train.items().add("i" + i);
        }
        for (int u = 0; u < 40; u++) {
            for (int j = 0; j < 8; j++) {
                train.add(new Event("u" + u, "i" + (int) (ITEMS * Math.pow(r.nextDouble(), 2)), Behavior.VIEW, 1f, j, null));
            }
        }
        Interactions test = new Interactions(train.users(), train.items(), 64);
        Scene[] scenes = {Scene.HOME, Scene.ITEM_DETAIL, Scene.CART};
        for (int u = 0; u < 40; u++) {
            for (int j = 0; j < 3; j++) {
                test.add(new Event("u" + u, "i" + r.nextInt(ITEMS), Behavior.VIEW, 1f, 100 + j, scenes[(u + j) % 3]));
            }
        }
        return new Interactions[] {train, test};
    }

    @Test
    void writesOneSelfContainedPageWithAllCharts(@TempDir Path dir) throws Exception {
        Interactions[] d = data();
        EvaluationOptions o = EvaluationOptions.builder().splitDescription("synthetic <test>").build();
        Evaluator ev = Evaluator.of("precision@10,recall@10,ndcg@10,coverage@10", o);
        TrainedModel a = new Model("alpha", 1);
        TrainedModel b = new Model("beta & co", 0);
        List<EvaluationResult> results = List.of(ev.evaluate(d[0], d[1], a), ev.evaluate(d[0], d[1], b));
        List<CurveResult> curves = List.of(Evaluator.curve(d[0], d[1], a, o, 50), Evaluator.curve(d[0], d[1], b, o, 50));
        Path file = dir.resolve("report.html");
        HtmlReport.write(file, "recsys report", results, curves);
        String html = Files.readString(file);

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        // self-contained: no scripts, no external resources
        assertThat(html).doesNotContain("<script", "http:", "https:", "src=", "href=", "@import");
        assertThat(html).contains("alpha", "beta &amp; co", "synthetic &lt;test&gt;");
        // three line charts with one line per algorithm
        assertThat(count(html, "<polyline")).isEqualTo(6);
        assertThat(html).contains("Precision@k", "Recall@k", "NDCG@k");
        // per-scene bars: 3 metrics x 3 scenes x 2 algorithms
        assertThat(html).contains("precision@10 by scene", "item-detail", "cart");
        // popularity: 10 groups x (catalogue + 2 algorithms)
        assertThat(html).contains("Recommended-item popularity against catalogue popularity");
        assertThat(count(html, "<rect")).isEqualTo(3 * 3 * 2 + 10 * 3);
        assertThat(count(html, "<svg")).isEqualTo(count(html, "</svg>")).isEqualTo(7);
        // every drawn coordinate is a finite number
        Matcher m = Pattern.compile("\\s(?:x|y|x1|y1|x2|y2|width|height)=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            assertThat(Double.parseDouble(m.group(1))).isFinite();
        }
    }

    @Test
    void rejectsNothingToReport() {
        assertThatThrownBy(() -> HtmlReport.render("t", List.of(), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing to report");
    }

    @Test
    void niceAxisMaxima() {
        assertThat(SvgChart.niceMax(0.23)).isEqualTo(0.25);
        assertThat(SvgChart.niceMax(0.31)).isEqualTo(0.5);
        assertThat(SvgChart.niceMax(1.0)).isEqualTo(1.0);
        assertThat(SvgChart.niceMax(0)).isEqualTo(1.0);
        assertThat(SvgChart.niceMax(730)).isEqualTo(1000);
    }

    private static int count(String s, String what) {
        int c = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            c++;
        }
        return c;
    }
}
