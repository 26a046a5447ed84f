package dev.recsys.report;

import java.util.List;
import java.util.Locale;

/**
 * Draws simple inline SVG charts (line and grouped bar charts) as strings: axes, ticks, grid lines,
 * hover titles. No scripts, no external resources.
 *
 * <p>Thread safety: stateless.
 */
final class SvgChart {
    /** Okabe-Ito colour-blind-safe palette. */
    static final String[] COLORS = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
    static final String REFERENCE_COLOR = "#999999";

    private static final int LEFT = 52;
    private static final int RIGHT = 12;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    private SvgChart() {
    }

    static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    /**
     * A line chart of series over x = 1..n.
     *
     * @param series one array per line (same length n), drawn in palette order
     * @param names  line names (for hover titles)
     */
    static String lines(String title, String xLabel, List<double[]> series, List<String> names, int width, int height) {
        int n = series.isEmpty() ? 1 : series.get(0).length;
        double max = 0;
        for (double[] s : series) {
            for (double v : s) {
                max = Math.max(max, v);
            }
        }
        double top = niceMax(max);
        StringBuilder sb = open(title, width, height);
        double pw = width - LEFT - RIGHT;
        double ph = height - TOP - BOTTOM;
        yAxis(sb, top, width, height);
        // x ticks: 1 and multiples of a step
        int step = n <= 10 ? 1 : n <= 20 ? 5 : 10;
        for (int x = 1; x <= n; x++) {
            if (x == 1 || x % step == 0) {
                double px = LEFT + (n == 1 ? pw / 2 : (x - 1) * pw / (n - 1));
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>",
                        px, TOP + ph, px, TOP + ph + 4));
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">%d</text>",
                        px, TOP + ph + 16, x));
            }
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">%s</text>",
                LEFT + pw / 2, height - 6, esc(xLabel)));
        for (int s = 0; s < series.size(); s++) {
            double[] v = series.get(s);
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                double px = LEFT + (n == 1 ? pw / 2 : i * pw / (n - 1));
                double py = TOP + ph - (top == 0 ? 0 : v[i] / top * ph);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color(s)).append("\" points=\"")
                    .append(pts.toString().trim()).append("\"><title>").append(esc(names.get(s))).append("</title></polyline>");
        }
        return sb.append("</svg>").toString();
    }

    /**
     * A grouped bar chart: one group per category, one bar per series.
     *
     * @param groups  category labels (x axis)
     * @param series  one array per series with one value per group
     * @param names   series names
     * @param colors  bar colour per series
     * @param percent whether to label values as percentages
     */
    static String bars(String title, List<String> groups, List<double[]> series, List<String> names, List<String> colors,
                       boolean percent, int height) {
        int nb = Math.max(1, series.size());
        int groupWidth = nb * 16 + 18;
        int width = Math.max(260, LEFT + RIGHT + groups.size() * groupWidth);
        double max = 0;
        for (double[] s : series) {
            for (double v : s) {
                max = Math.max(max, v);
            }
        }
        double top = niceMax(max);
        StringBuilder sb = open(title, width, height);
        double pw = width - LEFT - RIGHT;
        double ph = height - TOP - BOTTOM;
        yAxisFormatted(sb, top, width, height, percent);
        double gw = pw / Math.max(1, groups.size());
        double bw = Math.min(16, (gw - 10) / nb);
        for (int g = 0; g < groups.size(); g++) {
            double gx = LEFT + g * gw + (gw - bw * nb) / 2;
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s)[g];
                double h = top == 0 ? 0 : v / top * ph;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                        gx + s * bw, TOP + ph - h, Math.max(1, bw - 1), h, colors.get(s)));
                sb.append("<title>").append(esc(names.get(s) + " / " + groups.get(g) + ": " + label(v, percent))).append("</title></rect>");
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">%s</text>",
                    LEFT + g * gw + gw / 2, TOP + ph + 16, esc(groups.get(g))));
        }
        return sb.append("</svg>").toString();
    }

    private static StringBuilder open(String title, int width, int height) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", width, height, width, height));
        sb.append("<title>").append(esc(title)).append("</title>");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" class=\"chart-title\">%s</text>", LEFT, esc(title)));
        return sb;
    }

    private static void yAxis(StringBuilder sb, double top, int width, int height) {
        yAxisFormatted(sb, top, width, height, false);
    }

    private static void yAxisFormatted(StringBuilder sb, double top, int width, int height, boolean percent) {
        double ph = height - TOP - BOTTOM;
        int ticks = 5;
        for (int t = 0; t <= ticks; t++) {
            double v = top * t / ticks;
            double py = TOP + ph - ph * t / ticks;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>",
                    LEFT, py, width - RIGHT, py, t == 0 ? "#444" : "#e4e4e4"));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>",
                    LEFT - 5, py + 4, label(v, percent)));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/>", LEFT, TOP, LEFT, TOP + ph));
    }

    private static String label(double v, boolean percent) {
        if (percent) {
            return String.format(Locale.ROOT, "%.1f%%", v * 100);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The smallest "nice" number (1, 2, 2.5 or 5 times a power of ten) at or above {@code max}; 1 for 0. */
    static double niceMax(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= max * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** Escapes text for HTML and SVG. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '&':
                    sb.append("&amp;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.toString();
    }
}
