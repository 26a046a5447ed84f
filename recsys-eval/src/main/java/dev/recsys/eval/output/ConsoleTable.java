package dev.recsys.eval.output;

import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.context.ContextResult;
import dev.recsys.eval.stats.ComparisonResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Formats results as a plain-text table for the console (the library never prints; the caller
 * does). Layout: the protocol line(s), then one row per algorithm with its metrics, users evaluated
 * and times; then, if any result has more than one scene, one block per result with a row per scene.
 * Values have 4 decimals; sampled results are marked {@code [sampled]}.
 *
 * <p>Thread safety: stateless.
 */
public final class ConsoleTable {
    private ConsoleTable() {
    }

    /** The table for one result. */
    public static String format(EvaluationResult r) {
        return format(List.of(r));
    }

    /**
     * The table for context protocol results: the protocol's rule, one row per algorithm with
     * HitRate@k, MRR@k, NDCG@k, cases and times, then what was skipped.
     */
    public static String formatContext(List<ContextResult> results) {
        StringBuilder sb = new StringBuilder();
        Set<String> rules = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (ContextResult r : results) {
            rules.add(r.rule());
            metrics.addAll(r.metrics().keySet());
        }
        for (String p : rules) {
            sb.append("protocol: ").append(p).append('\n');
        }
        List<String> header = new ArrayList<>();
        header.add("algorithm");
        header.addAll(metrics);
        header.add("cases");
        header.add("train s");
        header.add("eval s");
        List<List<String>> rows = new ArrayList<>();
        for (ContextResult r : results) {
            List<String> row = new ArrayList<>();
            row.add(r.algorithm());
            for (String m : metrics) {
                Double v = r.metrics().get(m);
                row.add(v == null ? "-" : fmt(v));
            }
            row.add(Integer.toString(r.caseCount()));
            row.add(String.format(Locale.ROOT, "%.2f", r.trainSeconds()));
            row.add(String.format(Locale.ROOT, "%.2f", r.evalSeconds()));
            rows.add(row);
        }
        table(sb, header, rows);
        if (!results.isEmpty()) {
            sb.append("skipped:");
            for (Map.Entry<String, Integer> e : results.get(0).skipped().entrySet()) {
                sb.append(' ').append(e.getValue()).append(' ').append(e.getKey()).append(';');
            }
            sb.setLength(sb.length() - 1);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The table for several results (typically the same protocol). */
    public static String format(List<EvaluationResult> results) {
        StringBuilder sb = new StringBuilder();
        Set<String> protocols = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (EvaluationResult r : results) {
            protocols.add(r.protocol());
            metrics.addAll(r.metrics().keySet());
        }
        for (String p : protocols) {
            sb.append("protocol: ").append(p).append('\n');
        }
        List<String> header = new ArrayList<>();
        header.add("algorithm");
        header.addAll(metrics);
        header.add("users");
        header.add("train s");
        header.add("eval s");
        List<List<String>> rows = new ArrayList<>();
        for (EvaluationResult r : results) {
            List<String> row = new ArrayList<>();
            row.add(r.algorithm() + (r.sampled() ? " [sampled]" : ""));
            for (String m : metrics) {
                Double v = r.metrics().get(m);
                row.add(v == null ? "-" : fmt(v));
            }
            row.add(Integer.toString(r.usersEvaluated()));
            row.add(String.format(Locale.ROOT, "%.2f", r.trainSeconds()));
            row.add(String.format(Locale.ROOT, "%.2f", r.evalSeconds()));
            rows.add(row);
        }
        table(sb, header, rows);
        for (EvaluationResult r : results) {
            if (r.perScene().size() > 1) {
                sb.append('\n').append("per scene: ").append(r.algorithm()).append('\n');
                List<String> h = new ArrayList<>();
                h.add("scene");
                h.addAll(r.metrics().keySet());
                h.add("users");
                List<List<String>> sr = new ArrayList<>();
                for (Map.Entry<String, Map<String, Double>> e : r.perScene().entrySet()) {
                    List<String> row = new ArrayList<>();
                    row.add(e.getKey());
                    for (String m : r.metrics().keySet()) {
                        Double v = e.getValue().get(m);
                        row.add(v == null ? "-" : fmt(v));
                    }
                    row.add(Integer.toString(r.usersPerScene().getOrDefault(e.getKey(), 0)));
                    sr.add(row);
                }
                table(sb, h, sr);
            }
        }
        return sb.toString();
    }

    /** One line per comparison (see {@link ComparisonResult#format()}). */
    public static String formatComparisons(List<ComparisonResult> comparisons) {
        StringBuilder sb = new StringBuilder();
        for (ComparisonResult c : comparisons) {
            sb.append(c.format()).append('\n');
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static void table(StringBuilder sb, List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = header.get(c).length();
            for (List<String> r : rows) {
                w[c] = Math.max(w[c], r.get(c).length());
            }
        }
        appendRow(sb, header, w);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < w.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(w[c]));
        }
        sb.append(rule).append('\n');
        for (List<String> r : rows) {
            appendRow(sb, r, w);
        }
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] w) {
        for (int c = 0; c < w.length; c++) {
            String s = cells.get(c);
            if (c == 0) {
                sb.append(s).append(" ".repeat(w[c] - s.length()));
            } else {
                sb.append("  ").append(" ".repeat(w[c] - s.length())).append(s);
            }
        }
        sb.append('\n');
    }
}
