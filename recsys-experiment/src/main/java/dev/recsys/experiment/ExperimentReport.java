package dev.recsys.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@link ExperimentResult}s as a plain-text summary or a self-contained HTML page (no
 * scripts, no external resources): per-variant metrics with 95% intervals, each treatment's
 * difference with its interval drawn to scale, fixed-horizon and always-valid p-values, the
 * sample-ratio check and the interleaving outcome.
 *
 * <p>Thread safety: stateless.
 */
public final class ExperimentReport {
    /** Significance level used for the verdicts. */
    public static final double ALPHA = 0.05;

    private ExperimentReport() {
    }

    /** A plain-text summary. */
    public static String text(List<ExperimentResult> results) {
        StringBuilder sb = new StringBuilder();
        for (ExperimentResult r : results) {
            sb.append("experiment ").append(r.name()).append(": ").append(r.days()).append(" daily look(s)");
            if (r.crossovers() > 0) {
                sb.append(", WARNING ").append(r.crossovers()).append(" unit(s) seen in more than one variant");
            }
            sb.append('\n');
            if (r.sampleRatio() != null) {
                sb.append(String.format(Locale.ROOT, "  units %s, expected split %s: sample ratio %s (p = %.3g)%n",
                        r.sampleRatio().observed(), fmtSplit(r.sampleRatio()),
                        r.sampleRatio().mismatch() ? "MISMATCH - do not trust the comparisons" : "ok", r.sampleRatio().pValue()));
                sb.append(String.format(Locale.ROOT, "  %-14s %-14s %12s %24s%n", "variant", "metric", "value", "95% interval"));
                for (String v : r.variants()) {
                    for (MetricEstimate e : r.estimates().get(v)) {
                        sb.append(String.format(Locale.ROOT, "  %-14s %-14s %12.5g [%10.5g, %10.5g]%n", v, e.metric().label(),
                                e.value(), e.low(), e.high()));
                    }
                }
                for (var en : r.comparisons().entrySet()) {
                    for (Comparison c : en.getValue()) {
                        sb.append(String.format(Locale.ROOT,
                                "  %s vs %s %-13s diff %+.5g [%+.5g, %+.5g] (%+.1f%%)  p = %.3g  always-valid p = %.3g  %s%n",
                                en.getKey(), r.control(), c.metric().label(), c.difference(), c.low(), c.high(),
                                100 * c.relativeLift(), c.pValue(), c.alwaysValidP(), verdict(c)));
                    }
                }
            }
            if (r.interleaving() != null) {
                Interleaving.Result il = r.interleaving();
                sb.append(String.format(Locale.ROOT,
                        "  interleaving: %d units, prefer A %d, prefer B %d, ties %d, delta %+.4f, sign test p = %.3g: winner %s%n",
                        il.units(), il.preferA(), il.preferB(), il.ties(), il.delta(), il.pValue(), il.winner(ALPHA)));
            }
        }
        return sb.toString();
    }

    private static String fmtSplit(SampleRatio s) {
        StringBuilder sb = new StringBuilder("{");
        s.expected().forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=')
                .append(String.format(Locale.ROOT, "%.3f", v)));
        return sb.append('}').toString();
    }

    private static String verdict(Comparison c) {
        if (!c.significant(ALPHA)) {
            return "no decision yet";
        }
        return c.difference() > 0 ? "treatment better" : "treatment worse";
    }

    /** A self-contained HTML page. */
    public static String html(String title, List<ExperimentResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}"
                        + "th{background:#f3f3f3}td.l{text-align:left}.good{color:#0a0}.bad{color:#c00}.warn{background:#fdd;padding:.5em}"
                        + "</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n<p>Intervals are 95%; ratio metrics use the "
                        + "delta method. <b>Always-valid p</b> comes from the mSPRT updated at every daily look and stays valid however "
                        + "often the page is looked at; decide on it, not on the fixed-horizon p, unless the sample size was fixed in "
                        + "advance and this is the only look.</p>\n");
        for (ExperimentResult r : results) {
            sb.append("<h2>").append(esc(r.name())).append("</h2>\n<p>").append(r.days()).append(" daily look(s).</p>\n");
            if (r.crossovers() > 0) {
                sb.append("<p class=\"warn\">").append(r.crossovers())
                        .append(" unit(s) were logged in more than one variant: assignment or logging is broken.</p>\n");
            }
            SampleRatio srm = r.sampleRatio();
            if (srm != null) {
                sb.append(srm.mismatch() ? "<p class=\"warn\"><b>Sample ratio mismatch</b>" : "<p>Sample ratio ok")
                        .append(String.format(Locale.ROOT, " (chi-square p = %.3g): units %s, expected %s.", srm.pValue(),
                                esc(srm.observed().toString()), esc(fmtSplit(srm))))
                        .append(srm.mismatch() ? " Do not trust the comparisons below." : "").append("</p>\n");
                sb.append("<table><tr><th>variant</th><th>units</th>");
                for (Metric m : Metric.values()) {
                    sb.append("<th>").append(esc(m.label())).append("</th>");
                }
                sb.append("</tr>\n");
                for (String v : r.variants()) {
                    List<MetricEstimate> es = r.estimates().get(v);
                    sb.append("<tr><td class=\"l\">").append(esc(v)).append("</td><td>").append(es.get(0).units()).append("</td>");
                    for (MetricEstimate e : es) {
                        sb.append(String.format(Locale.ROOT, "<td>%.4g<br><small>[%.4g, %.4g]</small></td>", e.value(), e.low(), e.high()));
                    }
                    sb.append("</tr>\n");
                }
                sb.append("</table>\n<table><tr><th>comparison</th><th>metric</th><th>difference [95%]</th><th>interval</th>"
                        + "<th>lift</th><th>p (fixed)</th><th>always-valid p</th><th>units/variant for 80% power</th><th>verdict</th></tr>\n");
                for (var en : r.comparisons().entrySet()) {
                    for (Comparison c : en.getValue()) {
                        String cls = !c.significant(ALPHA) ? "" : c.difference() > 0 ? "good" : "bad";
                        sb.append("<tr><td class=\"l\">").append(esc(en.getKey())).append(" vs ").append(esc(r.control()))
                                .append("</td><td class=\"l\">").append(esc(c.metric().label())).append("</td>")
                                .append(String.format(Locale.ROOT, "<td>%+.4g<br><small>[%+.4g, %+.4g]</small></td>", c.difference(),
                                        c.low(), c.high()))
                                .append("<td>").append(svgInterval(c)).append("</td>")
                                .append(String.format(Locale.ROOT, "<td>%+.1f%%</td><td>%.3g</td><td>%.3g</td><td>%d</td>",
                                        100 * c.relativeLift(), c.pValue(), c.alwaysValidP(), c.unitsFor80()))
                                .append("<td class=\"l ").append(cls).append("\">").append(verdict(c)).append("</td></tr>\n");
                    }
                }
                sb.append("</table>\n");
            }
            if (r.interleaving() != null) {
                Interleaving.Result il = r.interleaving();
                sb.append(String.format(Locale.ROOT, "<h3>Interleaving</h3>\n<table><tr><th>units</th><th>prefer A</th>"
                                + "<th>prefer B</th><th>ties</th><th>delta</th><th>sign-test p</th><th>winner</th></tr>\n"
                                + "<tr><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%+.4f</td><td>%.3g</td><td class=\"l\">%s</td></tr></table>\n",
                        il.units(), il.preferA(), il.preferB(), il.ties(), il.delta(), il.pValue(), il.winner(ALPHA)));
            }
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /** Writes {@link #html} to a file. */
    public static void writeHtml(Path file, String title, List<ExperimentResult> results) {
        try {
            Files.writeString(file, html(title, results), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The interval as a bar around zero, scaled to the larger end. */
    private static String svgInterval(Comparison c) {
        double span = Math.max(Math.abs(c.low()), Math.abs(c.high()));
        if (!(span > 0)) {
            return "";
        }
        double w = 160;
        double mid = w / 2;
        double x1 = mid + c.low() / span * (mid - 4);
        double x2 = mid + c.high() / span * (mid - 4);
        double xd = mid + c.difference() / span * (mid - 4);
        String color = !c.significant(ALPHA) ? "#888" : c.difference() > 0 ? "#0a0" : "#c00";
        return String.format(Locale.ROOT, "<svg width=\"%.0f\" height=\"16\"><line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"16\" "
                + "stroke=\"#000\"/><line x1=\"%.1f\" y1=\"8\" x2=\"%.1f\" y2=\"8\" stroke=\"%s\" stroke-width=\"3\"/>"
                + "<circle cx=\"%.1f\" cy=\"8\" r=\"3\" fill=\"%s\"/></svg>", w, mid, mid, x1, x2, color, xd, color);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
