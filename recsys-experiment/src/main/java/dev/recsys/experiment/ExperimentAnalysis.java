package dev.recsys.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analyses an experiment {@link EventLog}: for each experiment, per-variant metrics with 95%
 * intervals, each treatment against the control with fixed-horizon and always-valid (mSPRT)
 * p-values, the sample-ratio-mismatch check, and the interleaving result of its interleaved
 * impressions.
 *
 * <p>The always-valid p-values are updated once per day of data (days counted from the
 * experiment's first event), as a dashboard looked at daily would, and once more at the end; they
 * stay valid however many days are looked at. Units are the log's {@code unit} column.
 *
 * <pre>{@code
 * List<ExperimentResult> results = ExperimentAnalysis.defaults().analyze(EventLog.read(path));
 * }</pre>
 *
 * <p>Thread safety: immutable; {@link #analyze} may run concurrently.
 */
public final class ExperimentAnalysis {
    private static final long DAY = 86_400L;
    private final SequentialTest test;
    private final Map<String, Map<String, Double>> splits;
    private final Map<String, String> controls;

    private ExperimentAnalysis(SequentialTest test, Map<String, Map<String, Double>> splits, Map<String, String> controls) {
        this.test = test;
        this.splits = splits;
        this.controls = controls;
    }

    /** The default mSPRT, equal expected splits, the first variant seen as control. */
    public static ExperimentAnalysis defaults() {
        return new ExperimentAnalysis(SequentialTest.msprt(), Map.of(), Map.of());
    }

    /** The same analysis with another sequential test. */
    public ExperimentAnalysis withTest(SequentialTest t) {
        if (t == null) {
            throw new IllegalArgumentException("test must not be null");
        }
        return new ExperimentAnalysis(t, splits, controls);
    }

    /**
     * The same analysis taking control and expected split of an experiment from its definition.
     */
    public ExperimentAnalysis with(Experiment e) {
        if (e == null) {
            throw new IllegalArgumentException("experiment must not be null");
        }
        Map<String, Map<String, Double>> s = new HashMap<>(splits);
        s.put(e.name(), e.split());
        Map<String, String> c = new HashMap<>(controls);
        c.put(e.name(), e.control());
        return new ExperimentAnalysis(test, Map.copyOf(s), Map.copyOf(c));
    }

    /**
     * The same analysis with {@code variant} as the control of {@code experiment} (without a
     * definition or this, the control is the variant of the experiment's earliest event).
     */
    public ExperimentAnalysis withControl(String experiment, String variant) {
        Experiment.checkName("experiment", experiment);
        Experiment.checkName("variant", variant);
        Map<String, String> c = new HashMap<>(controls);
        c.put(experiment, variant);
        return new ExperimentAnalysis(test, splits, Map.copyOf(c));
    }

    /** Reads and analyses a log file (see {@link EventLog#read(Path)} for its errors). */
    public List<ExperimentResult> analyze(Path log) {
        return analyze(EventLog.read(log));
    }

    /**
     * Analyses events (in any order; they are sorted by time, stably).
     *
     * @return one result per experiment, in order of first appearance
     */
    public List<ExperimentResult> analyze(List<LogEvent> events) {
        if (events == null) {
            throw new IllegalArgumentException("events must not be null");
        }
        Map<String, List<LogEvent>> byExp = new LinkedHashMap<>();
        for (LogEvent e : events) {
            byExp.computeIfAbsent(e.experiment(), k -> new ArrayList<>()).add(e);
        }
        List<ExperimentResult> out = new ArrayList<>();
        for (Map.Entry<String, List<LogEvent>> en : byExp.entrySet()) {
            List<LogEvent> ev = new ArrayList<>(en.getValue());
            ev.sort(Comparator.comparingLong(LogEvent::timestamp));
            out.add(analyzeOne(en.getKey(), ev));
        }
        return out;
    }

    private ExperimentResult analyzeOne(String name, List<LogEvent> ev) {
        Map<Long, String> interleavedTeams = new HashMap<>();
        Map<String, UnitTotals> totals = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> unitIndex = new HashMap<>();
        Map<String, String> variantOfUnit = new HashMap<>();
        java.util.Set<String> crossed = new java.util.HashSet<>();
        Map<String, int[]> credit = new LinkedHashMap<>();
        String control = controls.get(name);
        Map<String, Double> declared = splits.get(name);
        if (declared != null) {
            // every declared variant takes part, even with no units (the sample-ratio check then fails)
            for (String v : declared.keySet()) {
                totals.put(v, new UnitTotals());
            }
        }
        Map<String, double[]> avp = new HashMap<>();
        long t0 = ev.isEmpty() ? 0 : ev.get(0).timestamp();
        long day = 0;
        int looks = 0;
        for (LogEvent e : ev) {
            long d = (e.timestamp() - t0) / DAY;
            if (d > day) {
                look(totals, control(control, totals), avp);
                looks++;
                day = d;
            }
            if (e.type() == LogEvent.Type.IMPRESSION && e.isInterleaved()) {
                interleavedTeams.put(e.impression(), e.teams());
                credit.computeIfAbsent(e.unit(), k -> new int[2]);
                continue;
            }
            if (e.type() == LogEvent.Type.CLICK && interleavedTeams.containsKey(e.impression())) {
                String teams = interleavedTeams.get(e.impression());
                if (e.position() < teams.length()) {
                    credit.computeIfAbsent(e.unit(), k -> new int[2])[teams.charAt(e.position()) == 'A' ? 0 : 1]++;
                }
                continue;
            }
            if (e.impression() >= 0 && interleavedTeams.containsKey(e.impression())) {
                continue;
            }
            String prev = variantOfUnit.putIfAbsent(e.unit(), e.variant());
            if (prev != null && !prev.equals(e.variant())) {
                crossed.add(e.unit());
            }
            UnitTotals t = totals.computeIfAbsent(e.variant(), k -> new UnitTotals());
            Map<String, Integer> idx = unitIndex.computeIfAbsent(e.variant(), k -> new HashMap<>());
            int i = idx.computeIfAbsent(e.unit(), k -> t.size());
            switch (e.type()) {
                case IMPRESSION -> t.add(i, 1, 0, 0, 0, 0);
                case CLICK -> t.add(i, 0, 1, 0, 0, 0);
                case CART -> t.add(i, 0, 0, 1, 0, 0);
                case PURCHASE -> t.add(i, 0, 0, 0, 1, e.revenue());
                default -> throw new IllegalStateException("unreachable");
            }
        }
        if (declared == null) {
            totals.values().removeIf(t -> t.size() == 0);
        }
        looks++; // the final look, at the end of the data
        control = control(control, totals);
        Map<String, List<MetricEstimate>> estimates = new LinkedHashMap<>();
        Map<String, List<Comparison>> comps = new LinkedHashMap<>();
        List<String> variants = new ArrayList<>();
        SampleRatio srm = null;
        if (control != null) {
            variants.add(control);
            for (String v : totals.keySet()) {
                if (!v.equals(control)) {
                    variants.add(v);
                }
            }
            comps.putAll(look(totals, control, avp));
            for (String v : variants) {
                List<MetricEstimate> list = new ArrayList<>();
                for (Metric m : Metric.values()) {
                    list.add(m.estimate(totals.get(v)));
                }
                estimates.put(v, list);
            }
            long[] observed = new long[variants.size()];
            double[] expected = new double[variants.size()];
            Map<String, Double> split = splits.get(name);
            for (int i = 0; i < variants.size(); i++) {
                observed[i] = totals.get(variants.get(i)).size();
                expected[i] = split == null ? 1.0 : split.getOrDefault(variants.get(i), 0.0);
                if (expected[i] <= 0) {
                    throw new IllegalArgumentException("experiment '" + name + "' logs variant '" + variants.get(i)
                            + "' which its definition does not declare");
                }
            }
            srm = SampleRatio.test(variants, observed, expected);
        }
        Interleaving.Result inter = null;
        if (!credit.isEmpty()) {
            int[] a = new int[credit.size()];
            int[] b = new int[credit.size()];
            int i = 0;
            for (int[] c : credit.values()) {
                a[i] = c[0];
                b[i++] = c[1];
            }
            inter = Interleaving.analyze(a, b);
        }
        return new ExperimentResult(name, control, variants, estimates, comps, srm, looks, crossed.size(), inter);
    }

    private static String control(String declared, Map<String, UnitTotals> totals) {
        if (declared != null) {
            return totals.isEmpty() ? null : declared;
        }
        for (Map.Entry<String, UnitTotals> en : totals.entrySet()) {
            if (en.getValue().size() > 0) {
                return en.getKey();
            }
        }
        return null;
    }

    /** One look: every treatment against the control; updates the running always-valid p-values. */
    private Map<String, List<Comparison>> look(Map<String, UnitTotals> totals, String control, Map<String, double[]> avp) {
        Map<String, List<Comparison>> out = new LinkedHashMap<>();
        UnitTotals c = control == null ? null : totals.get(control);
        if (c == null || c.size() == 0) {
            return out;
        }
        for (Map.Entry<String, UnitTotals> en : totals.entrySet()) {
            if (en.getKey().equals(control) || en.getValue().size() == 0) {
                continue;
            }
            double[] prev = avp.computeIfAbsent(en.getKey(), k -> {
                double[] p = new double[Metric.values().length];
                java.util.Arrays.fill(p, 1.0);
                return p;
            });
            List<Comparison> list = new ArrayList<>();
            for (Metric m : Metric.values()) {
                Comparison cmp = AbTest.compare(m, c, en.getValue(), test, prev[m.ordinal()]);
                prev[m.ordinal()] = cmp.alwaysValidP();
                list.add(cmp);
            }
            out.put(en.getKey(), list);
        }
        return out;
    }
}
