package dev.recsys.eval.output;

import dev.recsys.data.io.CsvWriter;
import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.Rankings;
import dev.recsys.eval.UserMetrics;
import dev.recsys.eval.context.ContextResult;
import dev.recsys.eval.stats.ComparisonResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes results as CSV (comma-separated, header line, RFC 4180 quoting, UTF-8, '\n' line ends).
 * Numbers are written with full double precision; an empty cell means "undefined". Text cells
 * (algorithm, parameters, scene, protocol, user and item ids, metric names) pass through
 * {@link CsvWriter#spreadsheetSafe}: one that a spreadsheet would evaluate as a formula (it begins
 * with {@code =}, {@code +}, {@code -} or {@code @} and is not a number) is written with a leading
 * apostrophe, so {@code =cmd} is written as {@code '=cmd}; numbers such as {@code -0.5} stay numbers.
 *
 * <ul>
 *   <li>{@link #writeResults}: {@code algo,params,scene,users_evaluated,sampled,protocol,
 *       train_seconds,eval_seconds,<metrics...>}, one row per result overall ({@code scene = all})
 *       and one per scene;</li>
 *   <li>{@link #writePerUser}: {@code user,scene,<per-user metrics...>}, one row per evaluated
 *       (user, scene);</li>
 *   <li>{@link #writeRankings}: {@code user,rank,item,score,scene}, rank 1-based;</li>
 *   <li>{@link #writeComparisons}: one row per compared metric.</li>
 * </ul>
 *
 * <p>Thread safety: stateless.
 */
public final class CsvOutput {
    private CsvOutput() {
    }

    /** Writes aggregate results (overall and per scene). */
    public static void writeResults(Writer out, List<EvaluationResult> results) throws IOException {
        Set<String> metrics = new LinkedHashSet<>();
        for (EvaluationResult r : results) {
            metrics.addAll(r.metrics().keySet());
        }
        List<String> header = new ArrayList<>(List.of("algo", "params", "scene", "users_evaluated", "sampled", "protocol",
                "train_seconds", "eval_seconds"));
        header.addAll(metrics);
        row(out, header);
        for (EvaluationResult r : results) {
            String params = r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
            List<String> cells = new ArrayList<>(List.of(r.algorithm(), params, "all", Integer.toString(r.usersEvaluated()),
                    Boolean.toString(r.sampled()), r.protocol(), number(r.trainSeconds()), number(r.evalSeconds())));
            for (String m : metrics) {
                Double v = r.metrics().get(m);
                cells.add(v == null ? "" : number(v));
            }
            row(out, cells);
            for (Map.Entry<String, Map<String, Double>> e : r.perScene().entrySet()) {
                cells = new ArrayList<>(List.of(r.algorithm(), params, e.getKey(),
                        Integer.toString(r.usersPerScene().getOrDefault(e.getKey(), 0)), Boolean.toString(r.sampled()),
                        r.protocol(), number(r.trainSeconds()), number(r.evalSeconds())));
                for (String m : metrics) {
                    Double v = e.getValue().get(m);
                    cells.add(v == null ? "" : number(v));
                }
                row(out, cells);
            }
        }
    }

    /** Writes the per-user metric values; undefined cells are empty. */
    public static void writePerUser(Writer out, EvaluationResult r) throws IOException {
        UserMetrics pu = r.perUser();
        List<String> header = new ArrayList<>(List.of("user", "scene"));
        header.addAll(pu.metrics());
        row(out, header);
        int cols = pu.metrics().size();
        for (int row = 0; row < pu.rows(); row++) {
            List<String> cells = new ArrayList<>(cols + 2);
            cells.add(pu.user(row));
            cells.add(pu.scene(row).name());
            for (int c = 0; c < cols; c++) {
                cells.add(pu.has(row, c) ? number(pu.get(row, c)) : "");
            }
            row(out, cells);
        }
    }

    /**
     * Writes the ranked lists as {@code user,rank,item,score,scene}.
     *
     * @throws IllegalArgumentException if the result kept no rankings (sampled, or keepRankings off)
     */
    public static void writeRankings(Writer out, EvaluationResult r) throws IOException {
        Rankings rk = r.rankings().orElseThrow(() -> new IllegalArgumentException(
                "result of " + r.algorithm() + " holds no rankings (sampled evaluation, or keepRankings off)"));
        row(out, List.of("user", "rank", "item", "score", "scene"));
        StringBuilder sb = new StringBuilder();
        for (int u = 0; u < rk.units(); u++) {
            String user = escape(rk.user(u));
            String scene = escape(rk.scene(u).name());
            for (int i = 0; i < rk.length(u); i++) {
                sb.setLength(0);
                sb.append(user).append(',').append(i + 1).append(',').append(escape(rk.itemId(u, i))).append(',')
                        .append(rk.score(u, i)).append(',').append(scene).append('\n');
                out.write(sb.toString());
            }
        }
    }

    /** Writes comparison results, one row per metric. */
    public static void writeComparisons(Writer out, List<ComparisonResult> tests) throws IOException {
        row(out, List.of("metric", "a", "b", "n", "mean_a", "mean_b", "mean_difference", "t", "t_p_value", "wilcoxon_w",
                "wilcoxon_n", "wilcoxon_p_value", "ci_low", "ci_high", "confidence", "bootstrap_samples", "seed"));
        for (ComparisonResult c : tests) {
            row(out, List.of(c.metric(), c.algorithmA(), c.algorithmB(), Integer.toString(c.n()), number(c.meanA()),
                    number(c.meanB()), number(c.meanDifference()), number(c.tStatistic()), number(c.tPValue()),
                    number(c.wilcoxonW()), Integer.toString(c.wilcoxonN()), number(c.wilcoxonPValue()), number(c.ciLow()),
                    number(c.ciHigh()), number(c.confidence()), Integer.toString(c.bootstrapSamples()), Long.toString(c.seed())));
        }
    }

    /** Writes {@link #writeResults} to a UTF-8 file. */
    public static void writeResults(Path file, List<EvaluationResult> results) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeResults(w, results);
        }
    }

    /** Writes {@link #writePerUser} to a UTF-8 file. */
    public static void writePerUser(Path file, EvaluationResult r) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writePerUser(w, r);
        }
    }

    /** Writes {@link #writeRankings} to a UTF-8 file. */
    public static void writeRankings(Path file, EvaluationResult r) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeRankings(w, r);
        }
    }

    /**
     * Writes the ranked lists of a context protocol: {@code case,user,rank,item,score}, rank 1-based,
     * one row per listed item, cases in evaluation order. With {@link #writeHeldOut} anyone can
     * recompute the metrics (see {@code scripts/rescore.py}).
     */
    public static void writeRankings(Writer out, ContextResult r) throws IOException {
        row(out, List.of("case", "user", "rank", "item", "score"));
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < r.caseCount(); c++) {
            String id = escape(r.cases().get(c).id());
            String user = escape(r.cases().get(c).user());
            List<String> items = r.ranking(c);
            for (int i = 0; i < items.size(); i++) {
                sb.setLength(0);
                sb.append(id).append(',').append(user).append(',').append(i + 1).append(',').append(escape(items.get(i)))
                        .append(',').append(r.score(c, i)).append('\n');
                out.write(sb.toString());
            }
        }
    }

    /**
     * Writes the held-out item of every case of a context protocol: {@code case,user,item,context_size}
     * (the context is the cart or the session prefix).
     */
    public static void writeHeldOut(Writer out, ContextResult r) throws IOException {
        row(out, List.of("case", "user", "item", "context_size"));
        for (var c : r.cases()) {
            row(out, List.of(c.id(), c.user(), c.target(), Integer.toString(c.context().size())));
        }
    }

    /**
     * Writes the relevant (held-out) test items of every ranked unit of a result: {@code user,scene,item},
     * one row per relevant item; with {@link #writeRankings(Writer, EvaluationResult)} anyone can
     * recompute the ranking metrics (see {@code scripts/rescore.py}).
     *
     * @throws IllegalArgumentException if the result holds no rankings
     */
    public static void writeHeldOut(Writer out, EvaluationResult r) throws IOException {
        Rankings rk = r.rankings().orElseThrow(() -> new IllegalArgumentException(
                "result of " + r.algorithm() + " holds no rankings (sampled evaluation, or keepRankings off)"));
        row(out, List.of("user", "scene", "item"));
        for (int u = 0; u < rk.units(); u++) {
            for (String item : rk.relevantItems(u)) {
                row(out, List.of(rk.user(u), rk.scene(u).name(), item));
            }
        }
    }

    /** Writes {@link #writeHeldOut(Writer, EvaluationResult)} to a UTF-8 file. */
    public static void writeHeldOut(Path file, EvaluationResult r) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeHeldOut(w, r);
        }
    }

    /** Writes {@link #writeRankings(Writer, ContextResult)} to a UTF-8 file. */
    public static void writeRankings(Path file, ContextResult r) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeRankings(w, r);
        }
    }

    /** Writes {@link #writeHeldOut} to a UTF-8 file. */
    public static void writeHeldOut(Path file, ContextResult r) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeHeldOut(w, r);
        }
    }

    private static void row(Writer out, List<String> cells) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(escape(cells.get(i)));
        }
        out.write(sb.append('\n').toString());
    }

    /**
     * Neutralises a formula-like cell ({@link CsvWriter#spreadsheetSafe}), then quotes it if it holds
     * a comma, quote or line break.
     */
    static String escape(String cell) {
        String s = CsvWriter.spreadsheetSafe(cell);
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String number(double v) {
        return JsonOutput.number(v);
    }
}
