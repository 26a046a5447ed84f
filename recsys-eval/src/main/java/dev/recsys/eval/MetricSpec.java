package dev.recsys.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One metric at one cut-off, e.g. {@code ndcg@10}; the cut-off is 0 for metrics without one
 * ({@code rmse}, full-list {@code auc}).
 *
 * @param metric the metric
 * @param k      the cut-off, or 0 for none
 *
 * <p>Thread safety: immutable.
 */
public record MetricSpec(Metric metric, int k) {
    /** Largest accepted cut-off. */
    public static final int MAX_CUTOFF = 100_000;

    /**
     * Validates the cut-off against the metric.
     *
     * @throws IllegalArgumentException if the metric is null or the cut-off is missing, not
     *                                  allowed, or out of range
     */
    public MetricSpec {
        if (metric == null) {
            throw new IllegalArgumentException("metric must not be null");
        }
        if (k < 0 || k > MAX_CUTOFF) {
            throw new IllegalArgumentException("cut-off k of " + metric.label() + " must be in [1, " + MAX_CUTOFF + "], got " + k);
        }
        if (k == 0 && metric.cutoff() == Metric.Cutoff.REQUIRED) {
            throw new IllegalArgumentException("metric " + metric.label() + " needs a cut-off, e.g. " + metric.label() + "@10");
        }
        if (k > 0 && metric.cutoff() == Metric.Cutoff.NONE) {
            throw new IllegalArgumentException("metric " + metric.label() + " takes no cut-off, got " + metric.label() + "@" + k);
        }
    }

    /** A metric with a cut-off. */
    public static MetricSpec of(Metric metric, int k) {
        return new MetricSpec(metric, k);
    }

    /** A metric without a cut-off. */
    public static MetricSpec of(Metric metric) {
        return new MetricSpec(metric, 0);
    }

    /** The output name: the metric's label, then {@code @k} if there is a cut-off. */
    public String name() {
        return k == 0 ? metric.label() : metric.label() + "@" + k;
    }

    /**
     * Parses one metric such as {@code ndcg@10}, {@code RMSE} or {@code hr@5} (case-insensitive;
     * aliases accepted, output uses the canonical name).
     *
     * @throws IllegalArgumentException naming the text and listing the valid names if it is not a
     *                                  metric
     */
    public static MetricSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("metric name must not be blank; valid: " + Metric.validForms());
        }
        String t = text.trim();
        int at = t.indexOf('@');
        String name = at < 0 ? t : t.substring(0, at);
        Metric m = Metric.byLabel(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown metric '" + t + "'; valid: " + Metric.validForms()
                    + " (K a positive integer cut-off)");
        }
        int k = 0;
        if (at >= 0) {
            String ks = t.substring(at + 1).trim();
            try {
                k = Integer.parseInt(ks);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cut-off of metric '" + t + "' must be a positive integer, got '" + ks + "'", e);
            }
            if (k <= 0) {
                throw new IllegalArgumentException("cut-off of metric '" + t + "' must be a positive integer, got " + k);
            }
        }
        return new MetricSpec(m, k);
    }

    /**
     * Parses a comma-separated list such as {@code rmse,mae,precision@10,ndcg@5,recall@20}.
     * Whitespace around names is ignored; duplicates are kept once, in first-seen order.
     *
     * @throws IllegalArgumentException if the list is empty or an entry is not a metric (the message
     *                                  lists the valid names)
     */
    public static List<MetricSpec> parseList(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("metrics list must not be empty; valid: " + Metric.validForms());
        }
        Set<MetricSpec> out = new LinkedHashSet<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("metrics list '" + list + "' has an empty entry; valid: " + Metric.validForms());
            }
            out.add(parse(part));
        }
        return new ArrayList<>(out);
    }

    @Override
    public String toString() {
        return name();
    }
}
