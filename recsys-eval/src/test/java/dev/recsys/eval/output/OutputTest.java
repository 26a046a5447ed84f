package dev.recsys.eval.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.eval.EvaluationOptions;
import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.Evaluator;
import dev.recsys.eval.FoldSummary;
import dev.recsys.eval.stats.PairedComparison;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {
    /** Scores items by descending index distance from a salt; two scenes in the test set. */
    private static final class Model implements TrainedModel {
        private final String name;
        private final int n;
        private final int salt;

        Model(String name, int n, int salt) {
            this.name = name;
            this.n = n;
            this.salt = salt;
        }

        @Override
        public String algorithm() {
            return name;
        }

        @Override
        public Params params() {
            // (ParamSpec construction is broken on this branch's skeleton; params are set via withAlgorithm)
            return Params.defaults(List.of());
        }

        @Override
        public int numItems() {
            return n;
        }

        @Override
        public boolean score(Query q, float[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = -Math.abs(i - salt - q.user() % 3);
            }
            return true;
        }

        @Override
        public void save(ModelOutput out) {
        }
    }

    private static Interactions[] data() {
        Interactions train = new Interactions();
        for (int u = 0; u < 12; u++) {
            for (int j = 0; j < 4; j++) {
                train.add(new Event("u,\"" + u, "i" + ((u + j * 3) % 10), Behavior.VIEW, 1f, j, null));
            }
        }
        Interactions test = new Interactions(train.users(), train.items(), 16);
        for (int u = 0; u < 12; u++) {
            test.add(new Event("u,\"" + u, "i" + ((u + 1) % 10), Behavior.VIEW, 1f, 10, u % 2 == 0 ? Scene.HOME : Scene.CART));
            test.add(new Event("u,\"" + u, "i" + ((u + 2) % 10), Behavior.VIEW, 1f, 11, Scene.CART));
        }
        return new Interactions[] {train, test};
    }

    private static EvaluationResult result(int salt) {
        Interactions[] d = data();
        return Evaluator.of("precision@3,ndcg@3,coverage@3", EvaluationOptions.builder().splitDescription("unit \"test\"").build())
                .evaluate(d[0], d[1], new Model("m" + salt, 10, salt)).withTrainSeconds(1.5)
                .withAlgorithm("m" + salt, Map.of("salt", Integer.toString(salt)));
    }

    @Test
    void jsonHasTheDocumentedFields() {
        EvaluationResult r = result(2);
        String json = JsonOutput.toJson(r);
        assertThat(json).contains("\"algo\": \"m2\"", "\"params\": {\"salt\": \"2\"}", "\"metrics\": {\"precision@3\": ",
                "\"per_scene\": {\"home\": {", "\"cart\": {", "\"train_seconds\": 1.5", "\"users_evaluated\": 12",
                "\"sampled\": false", "\"protocol\": \"split: unit \\\"test\\\";");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
        String arr = JsonOutput.toJson(List.of(r, result(3)));
        assertThat(arr).startsWith("[").contains("\"algo\": \"m3\"").endsWith("]\n");
        String cmp = JsonOutput.toJson(r, result(3), PairedComparison.withSeed(1).compareAll(r, result(3)));
        assertThat(cmp).contains("\"tests\": [", "\"metric\": \"precision@3\"", "\"wilcoxon_p_value\": ");
        assertThat(JsonOutput.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }

    @Test
    void foldSummaryHasMeanAndSampleStdAndNestsEachResult() {
        EvaluationResult a = result(2);
        EvaluationResult b = result(5);
        FoldSummary s = FoldSummary.of("m", List.of("1", "2"), List.of(a, b), 7.25);
        double pa = a.metric("precision@3");
        double pb = b.metric("precision@3");
        assertThat(s.mean()).containsOnlyKeys("precision@3", "ndcg@3", "coverage@3");
        assertThat(s.mean().get("precision@3")).isCloseTo((pa + pb) / 2, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(s.std().get("precision@3")).isCloseTo(Math.abs(pa - pb) / Math.sqrt(2),
                org.assertj.core.api.Assertions.within(1e-15));
        assertThat(s.trainSecondsTotal()).isEqualTo(3.0);
        String json = JsonOutput.toJson(s);
        assertThat(json).startsWith("{\n  \"algo\": \"m\",\n  \"folds\": [\n    {\"fold\": \"1\", \"result\": {\n      \"algo\": \"m2\"")
                .contains("{\"fold\": \"2\", \"result\": {", "\"mean\": {\"precision@3\": ", "\"std\": {",
                        "\"train_seconds_total\": 3", "\"wall_seconds\": 7.25")
                .endsWith("\n}\n");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
        assertThat(FoldSummary.of("m", List.of("1"), List.of(a), 1).std().get("ndcg@3")).isZero();
        assertThatThrownBy(() -> FoldSummary.of("m", List.of("1", "2"), List.of(a), 1))
                .hasMessageContaining("one result per fold");
    }

    @Test
    void csvResultsPerUserAndRankings() throws Exception {
        EvaluationResult r = result(2);
        StringWriter w = new StringWriter();
        CsvOutput.writeResults(w, List.of(r));
        String[] lines = w.toString().split("\n");
        assertThat(lines[0]).isEqualTo("algo,params,scene,users_evaluated,sampled,protocol,train_seconds,eval_seconds,precision@3,ndcg@3,coverage@3");
        assertThat(lines).hasSize(1 + 3);
        assertThat(lines[1]).startsWith("m2,salt=2,all,12,false,\"split: unit \"\"test\"\";");
        assertThat(lines[3]).contains(",cart,12,");

        StringWriter pu = new StringWriter();
        CsvOutput.writePerUser(pu, r);
        String[] pl = pu.toString().split("\n");
        assertThat(pl[0]).isEqualTo("user,scene,precision@3,ndcg@3");
        assertThat(pl).hasSize(1 + r.unitsEvaluated());
        assertThat(pl[1]).startsWith("\"u,\"\"0\",home,");
        // the mean of the per-user column is the aggregate
        double sum = 0;
        for (int i = 1; i < pl.length; i++) {
            String[] f = pl[i].substring(pl[i].lastIndexOf('"') + 2).split(",");
            sum += Double.parseDouble(f[1]);
        }
        assertThat(sum / (pl.length - 1)).isCloseTo(r.metric("precision@3"), org.assertj.core.api.Assertions.within(1e-12));

        StringWriter rk = new StringWriter();
        CsvOutput.writeRankings(rk, r);
        String[] rl = rk.toString().split("\n");
        assertThat(rl[0]).isEqualTo("user,rank,item,score,scene");
        assertThat(rl).hasSize(1 + 3 * r.unitsEvaluated());
        assertThat(rl[1]).matches("\"u,\"\"0\",1,i\\d,-?\\d+\\.\\d+,home");

        Interactions[] d = data();
        EvaluationResult sampled = Evaluator.of("precision@3", EvaluationOptions.builder().sampledNegatives(3).build())
                .evaluate(d[0], d[1], new Model("s", 10, 1));
        assertThatThrownBy(() -> CsvOutput.writeRankings(new StringWriter(), sampled)).hasMessageContaining("no rankings");
    }

    @Test
    void consoleTableShowsProtocolMetricsAndScenes() {
        String t = ConsoleTable.format(List.of(result(2), result(4)));
        assertThat(t).startsWith("protocol: split: unit \"test\"");
        assertThat(t).contains("algorithm", "precision@3", "ndcg@3", "coverage@3", "users", "m2", "m4", "per scene: m2", "cart");
        String cmp = ConsoleTable.formatComparisons(PairedComparison.withSeed(1).compareAll(result(2), result(4)));
        assertThat(cmp.split("\n")).hasSize(2);
    }

    @Test
    void csvCellsThatLookLikeFormulasAreNeutralised() throws Exception {
        String[] users = {"=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2-2", "@SUM(A1)"};
        Interactions train = new Interactions();
        Interactions test = new Interactions(train.users(), train.items(), 8);
        for (String u : users) {
            train.add(new Event(u, "=item", Behavior.VIEW, 1f, 1, null));
            test.add(new Event(u, "-5", Behavior.VIEW, 1f, 2, Scene.HOME));
        }
        train.add(new Event("plain", "-5", Behavior.VIEW, 1f, 1, null));
        EvaluationResult r = Evaluator.of("precision@3", EvaluationOptions.builder().excludeTrainingItems(false).keepRankings(true).build())
                .evaluate(train, test, new Model("=algo", 2, 0)).withAlgorithm("=algo", Map.of("-p", "+1"));
        StringWriter rk = new StringWriter();
        CsvOutput.writeRankings(rk, r);
        StringWriter pu = new StringWriter();
        CsvOutput.writePerUser(pu, r);
        StringWriter res = new StringWriter();
        CsvOutput.writeResults(res, List.of(r));
        for (String csv : List.of(rk.toString(), pu.toString(), res.toString())) {
            for (String line : csv.split("\n")) {
                for (String cell : line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                    String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
                    assertThat(bare.isEmpty() || "=+@".indexOf(bare.charAt(0)) < 0
                            && (bare.charAt(0) != '-' || bare.matches("-[0-9.Ee-]+"))).as(cell + " in " + line).isTrue();
                }
            }
        }
        assertThat(rk.toString()).contains("'+1+1,1,").contains(",-5,").contains("'=item");
        assertThat(pu.toString()).contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",home,");
        assertThat(res.toString()).contains("'=algo,'-p=+1,all,");
    }
}
