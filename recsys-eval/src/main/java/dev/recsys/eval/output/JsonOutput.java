package dev.recsys.eval.output;

import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.FoldSummary;
import dev.recsys.eval.context.ContextResult;
import dev.recsys.eval.stats.ComparisonResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes results as JSON (hand-written, no JSON library). One result is an object with the fields
 * {@code algo, params, metrics, per_scene, users_per_scene, train_seconds, eval_seconds,
 * users_evaluated, units_evaluated, units_without_scores, ratings_evaluated,
 * relevant_dropped_as_seen, catalogue_size, protocol, sampled, sampled_negatives}; results over
 * folds ({@link FoldSummary}) and comparisons wrap such objects. Numbers are
 * written with full double precision (always finite).
 *
 * <p>Thread safety: stateless.
 */
public final class JsonOutput {
    private JsonOutput() {
    }

    /** One result as a JSON object (pretty-printed, two-space indent). */
    public static String toJson(EvaluationResult r) {
        StringBuilder sb = new StringBuilder();
        appendResult(sb, r, "");
        return sb.append('\n').toString();
    }

    /** Several results as a JSON array. */
    public static String toJson(List<EvaluationResult> results) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < results.size(); i++) {
            sb.append(i == 0 ? "\n  " : ",\n  ");
            appendResult(sb, results.get(i), "  ");
        }
        return sb.append(results.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    /**
     * A comparison as a JSON object: {@code {"a": result A, "b": result B, "tests": [...]}} where each
     * test has {@code metric, a, b, n, mean_a, mean_b, mean_difference, t, t_p_value, wilcoxon_w,
     * wilcoxon_n, wilcoxon_p_value, ci_low, ci_high, confidence, bootstrap_samples, seed}.
     */
    public static String toJson(EvaluationResult a, EvaluationResult b, List<ComparisonResult> tests) {
        StringBuilder sb = new StringBuilder("{\n  \"a\": ");
        appendResult(sb, a, "  ");
        sb.append(",\n  \"b\": ");
        appendResult(sb, b, "  ");
        sb.append(",\n  \"tests\": [");
        for (int i = 0; i < tests.size(); i++) {
            ComparisonResult c = tests.get(i);
            sb.append(i == 0 ? "\n    {" : ",\n    {");
            field(sb, "metric", c.metric(), true);
            field(sb, "a", c.algorithmA(), false);
            field(sb, "b", c.algorithmB(), false);
            num(sb, "n", c.n());
            num(sb, "mean_a", c.meanA());
            num(sb, "mean_b", c.meanB());
            num(sb, "mean_difference", c.meanDifference());
            num(sb, "t", c.tStatistic());
            num(sb, "t_p_value", c.tPValue());
            num(sb, "wilcoxon_w", c.wilcoxonW());
            num(sb, "wilcoxon_n", c.wilcoxonN());
            num(sb, "wilcoxon_p_value", c.wilcoxonPValue());
            num(sb, "ci_low", c.ciLow());
            num(sb, "ci_high", c.ciHigh());
            num(sb, "confidence", c.confidence());
            num(sb, "bootstrap_samples", c.bootstrapSamples());
            num(sb, "seed", c.seed());
            sb.append('}');
        }
        sb.append(tests.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return sb.toString();
    }

    /**
     * Results over several folds as a JSON object: {@code {"algo": name, "folds": [{"fold": name,
     * "result": result}, ...], "mean": {metric: value}, "std": {metric: value},
     * "train_seconds_total": s, "wall_seconds": s}}.
     */
    public static String toJson(FoldSummary s) {
        StringBuilder sb = new StringBuilder("{\n  \"algo\": ").append(quote(s.algorithm()));
        sb.append(",\n  \"folds\": [");
        for (int i = 0; i < s.results().size(); i++) {
            sb.append(i == 0 ? "\n    {" : ",\n    {").append("\"fold\": ").append(quote(s.folds().get(i)))
                    .append(", \"result\": ");
            appendResult(sb, s.results().get(i), "    ");
            sb.append('}');
        }
        sb.append("\n  ],\n  \"mean\": ");
        numberMap(sb, s.mean());
        sb.append(",\n  \"std\": ");
        numberMap(sb, s.std());
        line(sb, "  ", "train_seconds_total", number(s.trainSecondsTotal()));
        line(sb, "  ", "wall_seconds", number(s.wallSeconds()));
        return sb.append("\n}\n").toString();
    }

    /**
     * Context protocol results as a JSON object: {@code {"protocol": name, "rule": text, "results":
     * [{"algo": name, "metrics": {...}, "cases": n, "skipped": {reason: n}, "train_seconds": s,
     * "eval_seconds": s}, ...]}} (the protocol and rule of the first result; all share them in a run).
     *
     * @throws IllegalArgumentException if results is empty
     */
    public static String toJsonContext(List<ContextResult> results) {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("results must not be empty");
        }
        StringBuilder sb = new StringBuilder("{\n  \"protocol\": ").append(quote(results.get(0).protocol()));
        line(sb, "  ", "rule", quote(results.get(0).rule()));
        sb.append(",\n  \"results\": [");
        for (int i = 0; i < results.size(); i++) {
            ContextResult r = results.get(i);
            sb.append(i == 0 ? "\n    {" : ",\n    {").append("\"algo\": ").append(quote(r.algorithm()));
            sb.append(", \"metrics\": ");
            numberMap(sb, r.metrics());
            sb.append(", \"cases\": ").append(r.caseCount()).append(", \"skipped\": {");
            boolean first = true;
            for (Map.Entry<String, Integer> e : r.skipped().entrySet()) {
                sb.append(first ? "" : ", ").append(quote(e.getKey())).append(": ").append(e.getValue());
                first = false;
            }
            sb.append('}');
            num(sb, "train_seconds", r.trainSeconds());
            num(sb, "eval_seconds", r.evalSeconds());
            sb.append('}');
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    /** Writes {@link #toJson(EvaluationResult)} to a writer. */
    public static void write(Writer out, EvaluationResult r) throws IOException {
        out.write(toJson(r));
    }

    /** Writes {@link #toJson(List)} to a UTF-8 file. */
    public static void write(Path file, List<EvaluationResult> results) throws IOException {
        Files.writeString(file, results.size() == 1 ? toJson(results.get(0)) : toJson(results), StandardCharsets.UTF_8);
    }

    private static void appendResult(StringBuilder sb, EvaluationResult r, String indent) {
        String in = indent + "  ";
        sb.append("{\n").append(in).append("\"algo\": ").append(quote(r.algorithm()));
        sb.append(",\n").append(in).append("\"params\": ");
        stringMap(sb, r.params());
        sb.append(",\n").append(in).append("\"metrics\": ");
        numberMap(sb, r.metrics());
        sb.append(",\n").append(in).append("\"per_scene\": {");
        boolean first = true;
        for (Map.Entry<String, Map<String, Double>> e : r.perScene().entrySet()) {
            sb.append(first ? "" : ", ").append(quote(e.getKey())).append(": ");
            numberMap(sb, e.getValue());
            first = false;
        }
        sb.append('}');
        sb.append(",\n").append(in).append("\"users_per_scene\": {");
        first = true;
        for (Map.Entry<String, Integer> e : r.usersPerScene().entrySet()) {
            sb.append(first ? "" : ", ").append(quote(e.getKey())).append(": ").append(e.getValue());
            first = false;
        }
        sb.append('}');
        line(sb, in, "train_seconds", number(r.trainSeconds()));
        line(sb, in, "eval_seconds", number(r.evalSeconds()));
        line(sb, in, "users_evaluated", Integer.toString(r.usersEvaluated()));
        line(sb, in, "units_evaluated", Integer.toString(r.unitsEvaluated()));
        line(sb, in, "units_without_scores", Integer.toString(r.unitsWithoutScores()));
        line(sb, in, "ratings_evaluated", Long.toString(r.ratingsEvaluated()));
        line(sb, in, "relevant_dropped_as_seen", Integer.toString(r.relevantDroppedAsSeen()));
        line(sb, in, "catalogue_size", Integer.toString(r.catalogueSize()));
        line(sb, in, "protocol", quote(r.protocol()));
        line(sb, in, "sampled", Boolean.toString(r.sampled()));
        line(sb, in, "sampled_negatives", Integer.toString(r.sampledNegatives()));
        sb.append('\n').append(indent).append('}');
    }

    private static void line(StringBuilder sb, String in, String key, String value) {
        sb.append(",\n").append(in).append(quote(key)).append(": ").append(value);
    }

    private static void field(StringBuilder sb, String key, String value, boolean first) {
        sb.append(first ? "" : ", ").append(quote(key)).append(": ").append(quote(value));
    }

    private static void num(StringBuilder sb, String key, double v) {
        sb.append(", ").append(quote(key)).append(": ").append(number(v));
    }

    private static void num(StringBuilder sb, String key, long v) {
        sb.append(", ").append(quote(key)).append(": ").append(v);
    }

    private static void stringMap(StringBuilder sb, Map<String, String> m) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : m.entrySet()) {
            sb.append(first ? "" : ", ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
            first = false;
        }
        sb.append('}');
    }

    private static void numberMap(StringBuilder sb, Map<String, Double> m) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Double> e : m.entrySet()) {
            sb.append(first ? "" : ", ").append(quote(e.getKey())).append(": ").append(number(e.getValue()));
            first = false;
        }
        sb.append('}');
    }

    /** A finite double as a JSON number (integers without a fraction, others with full precision). */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("JSON numbers must be finite, got " + v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
