package dev.recsys.report;

import dev.recsys.eval.CurveResult;
import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.PopularityProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes one self-contained HTML page (inline CSS and SVG, no scripts, no network) with the charts
 * of an evaluation run:
 * <ol>
 *   <li>a table of the overall metrics of every algorithm, with the protocol line(s);</li>
 *   <li>precision, recall and NDCG against k = 1..maxK, one line per algorithm (from
 *       {@link CurveResult}s);</li>
 *   <li>per-scene bars of up to three per-user metrics, one bar per algorithm in each scene;</li>
 *   <li>recommended-item popularity against catalogue popularity: the catalogue sorted by training
 *       popularity and cut into ten equal groups of items, with each group's share of all training
 *       interactions (grey) and of each algorithm's recommendations
 *       ({@link PopularityProfile#shares(int)}).</li>
 * </ol>
 *
 * <p>Thread safety: stateless.
 */
public final class HtmlReport {
    private static final int BUCKETS = 10;

    private HtmlReport() {
    }

    /**
     * Renders the page.
     *
     * @param title   page title
     * @param results evaluation results to tabulate and chart (scenes, popularity); may be empty
     * @param curves  curves to draw (typically one per algorithm, same maxK); may be empty
     * @throws IllegalArgumentException if both lists are empty or an argument is null
     */
    public static String render(String title, List<EvaluationResult> results, List<CurveResult> curves) {
        if (title == null || results == null || curves == null) {
            throw new IllegalArgumentException("title, results and curves must not be null");
        }
        if (results.isEmpty() && curves.isEmpty()) {
            throw new IllegalArgumentException("nothing to report: results and curves are both empty");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(SvgChart.esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;max-width:1200px}\n")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}\n")
                .append("table{border-collapse:collapse;font-size:13px}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}\n")
                .append("td:first-child,th:first-child{text-align:left}.protocol{font-size:12px;color:#555}\n")
                .append(".charts{display:flex;flex-wrap:wrap;gap:16px}.legend{font-size:13px;margin:8px 0}\n")
                .append(".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 14px;vertical-align:-1px}\n")
                .append("svg{font-size:11px}.tick{fill:#444}.axis{fill:#222}.chart-title{font-weight:600;fill:#222;font-size:13px}\n")
                .append(".sampled{color:#b00;font-weight:600}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(SvgChart.esc(title)).append("</h1>\n");
        if (!results.isEmpty()) {
            summary(sb, results);
        }
        if (!curves.isEmpty()) {
            curves(sb, curves);
        }
        if (!results.isEmpty()) {
            scenes(sb, results);
            popularity(sb, results);
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** Renders the page and writes it to a UTF-8 file. */
    public static void write(Path file, String title, List<EvaluationResult> results, List<CurveResult> curves) throws IOException {
        Files.writeString(file, render(title, results, curves), StandardCharsets.UTF_8);
    }

    private static void summary(StringBuilder sb, List<EvaluationResult> results) {
        sb.append("<h2>Results</h2>\n");
        Set<String> protocols = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (EvaluationResult r : results) {
            protocols.add(r.protocol());
            metrics.addAll(r.metrics().keySet());
        }
        for (String p : protocols) {
            sb.append("<p class=\"protocol\">protocol: ").append(SvgChart.esc(p)).append("</p>\n");
        }
        sb.append("<table>\n<tr><th>algorithm</th>");
        for (String m : metrics) {
            sb.append("<th>").append(SvgChart.esc(m)).append("</th>");
        }
        sb.append("<th>users</th><th>train s</th><th>eval s</th></tr>\n");
        for (EvaluationResult r : results) {
            sb.append("<tr><td>").append(SvgChart.esc(r.algorithm()));
            if (r.sampled()) {
                sb.append(" <span class=\"sampled\">[sampled, ").append(r.sampledNegatives()).append(" negatives]</span>");
            }
            sb.append("</td>");
            for (String m : metrics) {
                Double v = r.metrics().get(m);
                sb.append("<td>").append(v == null ? "-" : String.format(Locale.ROOT, "%.4f", v)).append("</td>");
            }
            sb.append(String.format(Locale.ROOT, "<td>%d</td><td>%.2f</td><td>%.2f</td></tr>%n", r.usersEvaluated(),
                    r.trainSeconds(), r.evalSeconds()));
        }
        sb.append("</table>\n");
    }

    private static void legend(StringBuilder sb, List<String> names, List<String> colors) {
        sb.append("<div class=\"legend\">");
        for (int i = 0; i < names.size(); i++) {
            sb.append("<span style=\"background:").append(colors.get(i)).append("\"></span>").append(SvgChart.esc(names.get(i)));
        }
        sb.append("</div>\n");
    }

    private static List<String> palette(int n) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.add(SvgChart.color(i));
        }
        return c;
    }

    private static void curves(StringBuilder sb, List<CurveResult> curves) {
        int maxK = curves.get(0).maxK();
        sb.append("<h2>Accuracy against cut-off k (1 to ").append(maxK).append(")</h2>\n");
        List<String> names = new ArrayList<>();
        List<double[]> p = new ArrayList<>();
        List<double[]> r = new ArrayList<>();
        List<double[]> n = new ArrayList<>();
        for (CurveResult c : curves) {
            if (c.maxK() != maxK) {
                throw new IllegalArgumentException("all curves must share maxK; " + c.algorithm() + " has " + c.maxK() + ", expected " + maxK);
            }
            names.add(c.algorithm());
            p.add(c.precision());
            r.add(c.recall());
            n.add(c.ndcg());
        }
        legend(sb, names, palette(names.size()));
        sb.append("<div class=\"charts\">\n");
        sb.append(SvgChart.lines("Precision@k", "k", p, names, 380, 260)).append('\n');
        sb.append(SvgChart.lines("Recall@k", "k", r, names, 380, 260)).append('\n');
        sb.append(SvgChart.lines("NDCG@k", "k", n, names, 380, 260)).append('\n');
        sb.append("</div>\n");
    }

    private static void scenes(StringBuilder sb, List<EvaluationResult> results) {
        Set<String> scenes = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (EvaluationResult r : results) {
            scenes.addAll(r.perScene().keySet());
            for (String m : r.perUser().metrics()) {
                if (!m.equals("rmse") && !m.equals("mse") && !m.equals("mae") && !m.startsWith("popularity@")) {
                    metrics.add(m);
                }
            }
        }
        if (scenes.isEmpty() || metrics.isEmpty()) {
            return;
        }
        sb.append("<h2>Per scene</h2>\n");
        List<String> names = new ArrayList<>();
        for (EvaluationResult r : results) {
            names.add(r.algorithm());
        }
        legend(sb, names, palette(names.size()));
        List<String> groups = new ArrayList<>(scenes);
        sb.append("<div class=\"charts\">\n");
        int shown = 0;
        for (String m : metrics) {
            if (shown++ == 3) {
                break;
            }
            List<double[]> series = new ArrayList<>();
            for (EvaluationResult r : results) {
                double[] v = new double[groups.size()];
                for (int g = 0; g < groups.size(); g++) {
                    Map<String, Double> sm = r.perScene().get(groups.get(g));
                    Double x = sm == null ? null : sm.get(m);
                    v[g] = x == null ? 0 : x;
                }
                series.add(v);
            }
            sb.append(SvgChart.bars(m + " by scene", groups, series, names, palette(names.size()), false, 260)).append('\n');
        }
        sb.append("</div>\n");
        sb.append("<table>\n<tr><th>scene</th>");
        for (EvaluationResult r : results) {
            sb.append("<th>users (").append(SvgChart.esc(r.algorithm())).append(")</th>");
        }
        sb.append("</tr>\n");
        for (String s : groups) {
            sb.append("<tr><td>").append(SvgChart.esc(s)).append("</td>");
            for (EvaluationResult r : results) {
                sb.append("<td>").append(r.usersPerScene().getOrDefault(s, 0)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    private static void popularity(StringBuilder sb, List<EvaluationResult> results) {
        List<EvaluationResult> with = new ArrayList<>();
        for (EvaluationResult r : results) {
            if (r.popularity().isPresent() && r.popularity().get().items() >= BUCKETS) {
                with.add(r);
            }
        }
        if (with.isEmpty()) {
            return;
        }
        PopularityProfile first = with.get(0).popularity().get();
        sb.append("<h2>Recommended-item popularity against catalogue popularity</h2>\n");
        sb.append("<p class=\"protocol\">The catalogue (").append(first.items())
                .append(" items) sorted by training popularity and cut into ").append(BUCKETS)
                .append(" groups of equal item count, most popular first. Grey: the group's share of all training"
                        + " interactions; colours: its share of each algorithm's top-").append(first.k())
                .append(" recommendations.</p>\n");
        List<String> names = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        List<double[]> series = new ArrayList<>();
        names.add("catalogue (training interactions)");
        colors.add(SvgChart.REFERENCE_COLOR);
        series.add(first.shares(BUCKETS)[0]);
        for (int i = 0; i < with.size(); i++) {
            names.add(with.get(i).algorithm() + " (top-" + with.get(i).popularity().get().k() + ")");
            colors.add(SvgChart.color(results.indexOf(with.get(i))));
            series.add(with.get(i).popularity().get().shares(BUCKETS)[1]);
        }
        List<String> groups = new ArrayList<>();
        for (int b = 1; b <= BUCKETS; b++) {
            groups.add((b * 10 - 10) + "-" + (b * 10) + "%");
        }
        legend(sb, names, colors);
        sb.append(SvgChart.bars("Share per popularity group (items ranked by training popularity)", groups, series, names, colors, true, 280))
                .append('\n');
    }
}
