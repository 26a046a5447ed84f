package dev.recsys.cli;

import dev.recsys.experiment.Comparison;
import dev.recsys.experiment.Experiment;
import dev.recsys.experiment.ExperimentAnalysis;
import dev.recsys.experiment.ExperimentReport;
import dev.recsys.experiment.ExperimentResult;
import dev.recsys.experiment.EventLog;
import dev.recsys.experiment.Interleaving;
import dev.recsys.experiment.Metric;
import dev.recsys.experiment.SampleSize;
import dev.recsys.experiment.SequentialTest;
import dev.recsys.experiment.ShopSimulator;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticData;
import dev.recsys.synth.SyntheticGenerator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code recsys experiment analyze|simulate}: analyses an experiment event log (text, optional
 * HTML report), or proves the experiment statistics on the simulated shop (A/A false positives
 * under daily peeking, A/B power at the predicted sample size, interleaving's saving).
 */
final class ExperimentCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar experiment analyze --log FILE [--html REPORT] [--tau T] [--control EXPERIMENT=VARIANT]...",
            "       recsys.jar experiment simulate [--users N] [--days D] [--aa-runs R] [--aa-units U] [--ab-runs R]",
            "                                      [--il-runs R] [--a ALGO] [--param-a k=v,...] [--b ALGO] [--param-b k=v,...]",
            "                                      [--seed S] [--log FILE] [--html REPORT] [--tau T]",
            "analyze   per experiment and variant: CTR, clicks, conversion and revenue per unit with 95% intervals",
            "          (delta method for CTR), each variant against the first (control) with fixed-horizon and",
            "          always-valid (mSPRT, updated daily) p-values, the sample-ratio check, interleaving sign test;",
            "          the control is --control's variant, else the variant of the experiment's earliest event",
            "simulate  on the synthetic shop (N users, default 3000; planted tastes are the ground truth):",
            "          1. R A/A experiments (default 1000) of U units (default 4000) over D days (default 14),",
            "             looked at daily: false-positive rates of the mSPRT, of the fixed test at the end, of",
            "             the fixed test peeked at daily;",
            "          2. the true CTR of models A and B (default item-cooccurrence and ease, trained on",
            "             the shop), a pilot of 100000 units that estimates the per-unit spread, the predicted",
            "             units per variant for 80% power, and R A/B experiments (default 1000) at that size:",
            "             the power reached;",
            "          3. team-draft interleaving (R runs per size, default 300): the power at 1/10 of the A/B's",
            "             units, and the fewest units reaching 80% power with the right winner (the ratio).",
            "          --log writes one simulated A/B and one interleaving experiment as an event log, --html",
            "          its report; --tau is the mSPRT mixture in per-unit standard deviations (default "
                    + SequentialTest.DEFAULT_TAU + ")");
    private final PrintStream out;
    private final TrainingListener progress;

    ExperimentCommand(PrintStream out, TrainingListener progress) {
        this.out = out;
        this.progress = progress;
    }

    int run(String[] argv) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
            out.println(HELP);
            return argv.length == 0 ? 2 : 0;
        }
        String sub = argv[0];
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        switch (sub) {
            case "analyze":
                return analyze(rest);
            case "simulate":
                return simulate(rest);
            default:
                throw new Args.UsageException("unknown experiment command '" + sub + "'; use analyze or simulate");
        }
    }

    private int analyze(String[] argv) {
        Args a = Args.parse(argv, Set.of("log", "html", "tau", "control"), Set.of("help"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        Path log = Path.of(a.required("log"));
        SequentialTest test = SequentialTest.msprt(parseDouble(a.get("tau", "" + SequentialTest.DEFAULT_TAU), "--tau"));
        ExperimentAnalysis analysis = ExperimentAnalysis.defaults().withTest(test);
        for (Map.Entry<String, String> c : a.params("control").entrySet()) {
            analysis = analysis.withControl(c.getKey(), c.getValue());
        }
        List<ExperimentResult> results = analysis.analyze(log);
        if (results.isEmpty()) {
            out.println("the log " + log + " holds no events");
            return 0;
        }
        out.print(ExperimentReport.text(results));
        if (a.has("html")) {
            Path html = Path.of(a.get("html"));
            ExperimentReport.writeHtml(html, "Experiments in " + log.getFileName(), results);
            out.println("report written to " + html);
        }
        return 0;
    }

    private int simulate(String[] argv) {
        Args a = Args.parse(argv, Set.of("users", "days", "aa-runs", "aa-units", "ab-runs", "il-runs", "a", "b",
                "param-a", "param-b", "seed", "log", "html", "tau"), Set.of("help"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        int users = range(a.getInt("users", 3000), 100, 1_000_000, "--users");
        int days = range(a.getInt("days", 14), 1, 365, "--days");
        int aaRuns = range(a.getInt("aa-runs", 1000), 0, 100_000, "--aa-runs");
        int aaUnits = range(a.getInt("aa-units", 4000), 4, 10_000_000, "--aa-units");
        int abRuns = range(a.getInt("ab-runs", 1000), 0, 100_000, "--ab-runs");
        int ilRuns = range(a.getInt("il-runs", 300), 0, 100_000, "--il-runs");
        long seed = (long) parseDouble(a.get("seed", "1"), "--seed");
        SequentialTest test = SequentialTest.msprt(parseDouble(a.get("tau", "" + SequentialTest.DEFAULT_TAU), "--tau"));
        String algoA = a.get("a", "item-cooccurrence");
        String algoB = a.get("b", "ease");
        Map<String, String> paramsA = a.params("param-a");
        Map<String, String> paramsB = a.params("param-b");

        long t0 = System.nanoTime();
        SyntheticData data = SyntheticGenerator.generate(SyntheticConfig.builder().users(users).items(Math.max(1000, users / 10))
                .seed(42).build());
        ShopSimulator sim = new ShopSimulator(data, 10, seed);
        RecommenderModel ma = Recommenders.train(data.dataset(), algoA, paramsA, progress);
        RecommenderModel mb = Recommenders.train(data.dataset(), algoB, paramsB, progress);
        ShopSimulator.Ranking ra = sim.ranking("A", ma.recommender());
        ShopSimulator.Ranking rb = sim.ranking("B", mb.recommender());
        double ctrA = sim.trueCtr(ra, days);
        double ctrB = sim.trueCtr(rb, days);
        out.printf(Locale.ROOT, "shop: %d users, %d items, %d days; A = %s %s, B = %s %s (set-up %.1f s)%n", users,
                data.dataset().catalog().items().size(), days, algoA, paramsA, algoB, paramsB, seconds(t0));
        out.printf(Locale.ROOT, "true CTR: A %.5f, B %.5f, difference %+.5f (%+.2f%%)%n", ctrA, ctrB, ctrB - ctrA,
                100 * (ctrB - ctrA) / ctrA);

        // 1. A/A with daily peeking
        if (aaRuns > 0) {
            t0 = System.nanoTime();
            int[] msprt = new int[Metric.values().length];
            int[] fixedEnd = new int[Metric.values().length];
            int[] peeked = new int[Metric.values().length];
            int anyMsprt = 0;
            for (int s = 0; s < aaRuns; s++) {
                ShopSimulator.AbOutcome o = sim.runAb(ra, ra, aaUnits, days, 1_000_000L + s, test, null, 0);
                boolean any = false;
                for (Metric m : Metric.values()) {
                    Comparison c = o.last().get(m.ordinal());
                    boolean fp = c.alwaysValidP() < 0.05;
                    msprt[m.ordinal()] += fp ? 1 : 0;
                    any |= fp;
                    fixedEnd[m.ordinal()] += c.pValue() < 0.05 ? 1 : 0;
                    boolean p = false;
                    for (List<Comparison> look : o.looks()) {
                        p |= look.get(m.ordinal()).pValue() < 0.05;
                    }
                    peeked[m.ordinal()] += p ? 1 : 0;
                }
                anyMsprt += any ? 1 : 0;
                progress.onProgress("a/a experiments", s + 1, aaRuns, Map.of());
            }
            out.printf(Locale.ROOT, "A/A: %d experiments x %d units x %d daily looks (%.1f s); false-positive rate at alpha 0.05:%n",
                    aaRuns, aaUnits, days, seconds(t0));
            out.printf(Locale.ROOT, "  %-14s %22s %18s %22s%n", "metric", "mSPRT (daily looks)", "fixed, one look", "fixed, peeked daily");
            for (Metric m : Metric.values()) {
                out.printf(Locale.ROOT, "  %-14s %21.1f%% %17.1f%% %21.1f%%%n", m.label(), 100.0 * msprt[m.ordinal()] / aaRuns,
                        100.0 * fixedEnd[m.ordinal()] / aaRuns, 100.0 * peeked[m.ordinal()] / aaRuns);
            }
            out.printf(Locale.ROOT, "  any of the 4 metrics by mSPRT: %.1f%%%n", 100.0 * anyMsprt / aaRuns);
        }

        // 2. A/B power at the predicted size
        t0 = System.nanoTime();
        double delta = ctrB - ctrA;
        if (delta == 0) {
            out.println("the two models have the same true CTR: nothing to detect");
            return 0;
        }
        int pilotUnits = 100_000;
        ShopSimulator.AbOutcome pilot = sim.runAb(ra, rb, pilotUnits, days, 7_000_000L, test, null, 0);
        Comparison pc = pilot.last().get(Metric.CTR.ordinal());
        double sdA = pc.control().stdErr() * Math.sqrt(pc.control().units());
        double sdB = pc.treatment().stdErr() * Math.sqrt(pc.treatment().units());
        long n = SampleSize.perVariant(sdA, sdB, delta, 0.05, 0.8);
        out.printf(Locale.ROOT, "A/B: pilot of %d units: per-unit sd of CTR (delta method) A %.4f, B %.4f; predicted %d units per"
                + " variant (%d in all) for 80%% power at alpha 0.05 on the true difference%n", pilotUnits, sdA, sdB, n, 2 * n);
        if (2 * n > 10_000_000) {
            out.println("  the predicted size is too large to simulate; choose models further apart");
            return 0;
        }
        int abUnits = (int) (2 * n);
        if (abRuns > 0) {
            int fixedHit = 0;
            int msprtHit = 0;
            int wrong = 0;
            for (int s = 0; s < abRuns; s++) {
                ShopSimulator.AbOutcome o = sim.runAb(ra, rb, abUnits, days, 2_000_000L + s, test, null, 0);
                Comparison c = o.last().get(Metric.CTR.ordinal());
                boolean right = Math.signum(c.difference()) == Math.signum(delta);
                fixedHit += c.pValue() < 0.05 && right ? 1 : 0;
                msprtHit += c.alwaysValidP() < 0.05 && right ? 1 : 0;
                wrong += (c.pValue() < 0.05 || c.alwaysValidP() < 0.05) && !right ? 1 : 0;
                progress.onProgress("a/b experiments", s + 1, abRuns, Map.of());
            }
            out.printf(Locale.ROOT, "  %d A/B experiments x %d units (%.1f s): power of the fixed-horizon test %.1f%%, of the mSPRT"
                    + " (daily looks) %.1f%%; significant in the wrong direction %d%n", abRuns, abUnits, seconds(t0),
                    100.0 * fixedHit / abRuns, 100.0 * msprtHit / abRuns, wrong);
        }

        // 3. interleaving: the fewest units with >= 80% power and the right winner
        String truth = delta > 0 ? "B" : "A";
        if (ilRuns > 0) {
            t0 = System.nanoTime();
            List<String> tried = new ArrayList<>();
            int tenth = Math.max(4, abUnits / 10);
            double atTenth = interleavingPower(sim, ra, rb, tenth, days, ilRuns, truth, tried);
            // the fewest units with >= 80%: grow by 25% from 1/200 of the A/B's units, then bisect
            int lo = 0;
            int hi = -1;
            int units = Math.max(4, abUnits / 200);
            while (units <= abUnits) {
                if (interleavingPower(sim, ra, rb, units, days, ilRuns, truth, tried) >= 0.8) {
                    hi = units;
                    break;
                }
                lo = units;
                units = Math.max(units + 1, (int) Math.ceil(units * 1.25));
            }
            while (hi > 0 && hi - lo > Math.max(1, lo / 25)) {
                int mid = (lo + hi) / 2;
                if (interleavingPower(sim, ra, rb, mid, days, ilRuns, truth, tried) >= 0.8) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            out.printf(Locale.ROOT, "interleaving: %d runs per size (%.1f s); power with the right winner (%s) by units: %s%n",
                    ilRuns, seconds(t0), truth, String.join(", ", tried));
            out.printf(Locale.ROOT, "  at 1/10 of the A/B's units (%d): power %.1f%% (same decision as the A/B: %s)%n", tenth,
                    100 * atTenth, atTenth >= 0.8 ? "yes, at >= 80% power" : "not at 80% power");
            if (hi > 0) {
                out.printf(Locale.ROOT, "  fewest units reaching 80%% power: %d, %.1fx fewer than the A/B's %d%n", hi,
                        abUnits / (double) hi, abUnits);
            } else {
                out.println("  interleaving did not reach 80% power with as many units as the A/B");
            }
        }

        if (a.has("log")) {
            Path logFile = Path.of(a.get("log"));
            try {
                Files.deleteIfExists(logFile);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot replace " + logFile + ": " + e.getMessage(), e);
            }
            long start = SyntheticConfig.DEFAULT_START;
            try (EventLog log = EventLog.open(logFile)) {
                sim.runAb(ra, rb, abUnits, days, 9_000_000L, test, log, start);
                sim.runInterleaving(ra, rb, Math.max(4, abUnits / 10), days, 9_000_000L, log, start);
            }
            List<ExperimentResult> results = ExperimentAnalysis.defaults().withTest(test)
                    .with(Experiment.builder("sim").variant("A", 1).variant("B", 1).build()).analyze(logFile);
            out.println("simulated log written to " + logFile + "; its analysis:");
            out.print(ExperimentReport.text(results));
            if (a.has("html")) {
                Path html = Path.of(a.get("html"));
                ExperimentReport.writeHtml(html, "Simulated experiment: " + algoA + " (A) vs " + algoB + " (B)", results);
                out.println("report written to " + html);
            }
        }
        return 0;
    }

    private double interleavingPower(ShopSimulator sim, ShopSimulator.Ranking ra, ShopSimulator.Ranking rb, int units, int days,
                                     int runs, String truth, List<String> tried) {
        int hit = 0;
        for (int s = 0; s < runs; s++) {
            Interleaving.Result r = sim.runInterleaving(ra, rb, units, days, 3_000_000L + s, null, 0);
            hit += r.winner(0.05).equals(truth) ? 1 : 0;
        }
        double power = hit / (double) runs;
        tried.add(String.format(Locale.ROOT, "%d: %.1f%%", units, 100 * power));
        progress.onProgress("interleaving sizes", tried.size(), 0, Map.of("power", power));
        return power;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static int range(int v, int lo, int hi, String name) {
        if (v < lo || v > hi) {
            throw new Args.UsageException(name + " must be in " + lo + ".." + hi + ", got " + v);
        }
        return v;
    }

    private static double parseDouble(String s, String name) {
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new Args.UsageException(name + " must be a number, got '" + s + "'");
        }
    }
}
