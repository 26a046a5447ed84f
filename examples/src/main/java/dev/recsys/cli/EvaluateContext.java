package dev.recsys.cli;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.DataField;
import dev.recsys.data.Dataset;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.Interactions;
import dev.recsys.data.io.ColumnMapping;
import dev.recsys.data.io.ColumnMapping.Field;
import dev.recsys.data.io.DataFormat;
import dev.recsys.eval.EvaluationOptions;
import dev.recsys.eval.context.BasketProtocol;
import dev.recsys.eval.context.ContextProtocol;
import dev.recsys.eval.context.ContextResult;
import dev.recsys.eval.context.SessionProtocol;
import dev.recsys.eval.output.ConsoleTable;
import dev.recsys.eval.output.CsvOutput;
import dev.recsys.eval.output.JsonOutput;
import dev.recsys.eval.split.Split;
import dev.recsys.eval.split.TimeCutoff;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code recsys evaluate --protocol basket|session[:FRACTION]|next-item}: the context protocols of
 * {@link dev.recsys.eval.context} on a time split (or given train/test files), printed as a table.
 */
final class EvaluateContext {
    /** Help lines of the context protocols, part of {@link EvaluateCommand#HELP}. */
    static final String HELP = String.join("\n",
            "  --protocol basket[:F] | session[:F]   context protocols through the serving path (as 'recommend'):",
            "                   basket: with a basket id column (--columns ...,basket=COL, e.g. an order or invoice",
            "                   number) a user's test events with the same basket id form a basket; without one, a",
            "                   user's cart/purchase test events <= --gap seconds apart; one item with training events",
            "                   is held out (seeded), the rest is the cart scene's --cart; session: with a session id",
            "                   column (session=COL) a user's test events with the same session id, else a user's test",
            "                   events <= --gap apart; consecutive repeats merged; cut once (seeded) before an item with",
            "                   training events, the prefix sent as recent events, its last item the item-detail scene's",
            "                   --item; the output's 'grouping:' line says which rule applied;",
            "                   reports hitrate@K, mrr@K, ndcg@K. With --data the latest fraction F of the events",
            "                   (default 0.2, by time) is the test set; with --train/--test the test file gives the cases",
            "  --protocol next-item   leave-last-out by time for next-item (sequence) models, as in the SASRec and",
            "                   GRU4Rec papers: per user, the latest event of a --relevant behaviour (default: any)",
            "                   on an item new to the user, after at least one earlier event, is the target; the model",
            "                   trains on every event before each user's target and the scene 'next' (source personal,",
            "                   history excluded; sequence models read the events in order) ranks the whole catalogue.",
            "                   --validation scores the previous target instead (cut from the training events only).",
            "                   With --train/--test the test file's latest relevant event per user is the target",
            "  --gap SECONDS    basket/session gap of the time-gap rule (default " + ContextProtocol.DEFAULT_GAP_SECONDS
                    + "; unused with an id column)",
            "  -k N             cut-off of the context protocols (default " + ContextProtocol.DEFAULT_K + ")",
            "  --threads N      ranking threads (default 0 = all processors; results do not depend on it)",
            "  --held-out OUT   with --rankings: the held-out items the rankings are scored against, for an",
            "                   independent re-scoring with scripts/rescore.py RANKINGS HELD_OUT -k K: context protocols",
            "                   case,user,item,context_size (rankings case,user,rank,item,score); other protocols",
            "                   user,scene,item, one row per relevant test item (rankings user,rank,item,score,scene)");

    /** The leave-last-out next-item protocol's name. */
    static final String NEXT_ITEM = "next-item";
    /** The scene of the next-item protocol. */
    private static final Scene NEXT = Scene.of("next");

    private final PrintStream out;
    private final TrainingListener progress;

    EvaluateContext(PrintStream out, TrainingListener progress) {
        this.out = out;
        this.progress = progress;
    }

    /** Whether {@code --protocol} names a context protocol. */
    static boolean applies(Args a) {
        String p = a.get("protocol");
        if (p == null) {
            return false;
        }
        String s = p.trim().toLowerCase(Locale.ROOT);
        return s.equals("basket") || s.equals("session") || s.equals(NEXT_ITEM) || s.startsWith("basket:")
                || s.startsWith("session:") || s.startsWith(NEXT_ITEM + ":");
    }

    private static String name(Args a) {
        String spec = a.get("protocol").trim().toLowerCase(Locale.ROOT);
        int colon = spec.indexOf(':');
        return colon < 0 ? spec : spec.substring(0, colon);
    }

    int run(Args a) throws Exception {
        for (String o : List.of("folds", "metrics", "per-user", "report", "threshold", "sampled", "csv")) {
            if (a.has(o)) {
                throw new Args.UsageException("--" + o + " does not apply to --protocol " + a.get("protocol"));
            }
        }
        if (a.has("held-out") && !a.has("rankings")) {
            throw new Args.UsageException("--held-out goes with --rankings (it lists the items the rankings are scored against)");
        }
        if (a.flag("no-fill")) {
            throw new Args.UsageException("--no-fill does not apply to --protocol " + a.get("protocol")
                    + ": context protocols score the lists as served, with the scene's own trending backfill");
        }
        if (!name(a).equals(NEXT_ITEM)) {
            for (String o : List.of("relevant", "validation")) {
                if (a.has(o) || a.flag(o)) {
                    throw new Args.UsageException("--" + o + " goes with --protocol " + NEXT_ITEM + " here");
                }
            }
        } else if (a.has("gap")) {
            throw new Args.UsageException("--gap does not apply to --protocol " + NEXT_ITEM + " (no sessions are cut)");
        }
        if (a.flag("include-seen")) {
            throw new Args.UsageException("--include-seen does not apply to --protocol " + a.get("protocol")
                    + ": the scene's own exclusions apply");
        }
        String spec = a.get("protocol").trim().toLowerCase(Locale.ROOT);
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        double fraction = 0.2;
        if (colon >= 0) {
            try {
                fraction = Double.parseDouble(spec.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new Args.UsageException("--protocol " + name + ":F expects a test fraction, e.g. " + name
                        + ":0.2, got '" + a.get("protocol") + "'");
            }
        }
        long gap;
        try {
            gap = Long.parseLong(a.get("gap", Long.toString(ContextProtocol.DEFAULT_GAP_SECONDS)).trim());
        } catch (NumberFormatException e) {
            throw new Args.UsageException("option --gap must be an integer number of seconds, got '" + a.get("gap") + "'");
        }
        if (gap < 0) {
            throw new Args.UsageException("option --gap must be >= 0 seconds, got " + gap);
        }
        int k = a.getInt("k", ContextProtocol.DEFAULT_K);
        if (k < 1 || k > ContextProtocol.MAX_K) {
            throw new Args.UsageException("option -k must be in 1.." + ContextProtocol.MAX_K + ", got " + k);
        }
        int threads = a.getInt("threads", 0);
        if (threads < 0) {
            throw new Args.UsageException("option --threads must be >= 0 (0 = all processors), got " + threads);
        }
        long seed;
        try {
            seed = Long.parseLong(a.get("seed", "42").trim());
        } catch (NumberFormatException e) {
            throw new Args.UsageException("option --seed must be an integer, got '" + a.get("seed") + "'");
        }
        boolean nextItem = name.equals(NEXT_ITEM);
        if (nextItem && colon >= 0) {
            throw new Args.UsageException("--protocol " + NEXT_ITEM + " takes no fraction (each user's latest target is held out)");
        }
        Set<Behavior> targets = a.has("relevant") ? EvaluateCommand.relevant(a) : EnumSet.allOf(Behavior.class);
        ContextProtocol protocol = nextItem ? SessionProtocol.leaveLastOut(k, targets, NEXT, threads)
                : name.equals("basket") ? new BasketProtocol(gap, k, seed, threads)
                : new SessionProtocol(gap, k, seed, threads);

        DataFormat format = DataFormat.byName(a.required("format"));
        var lo = CliSupport.loadOptions(a, format);
        Dataset trainSet;
        Interactions test;
        String splitName;
        if (a.has("train") || a.has("test")) {
            if (a.flag("validation")) {
                throw new Args.UsageException("--validation cuts the validation split from --data (not with --train/--test)");
            }
            if (a.has("data") || colon >= 0) {
                throw new Args.UsageException("with --train/--test give --protocol " + name + " without a fraction and no --data");
            }
            trainSet = CliSupport.load(Path.of(a.required("train")), format, lo, out);
            Dataset testSet = CliSupport.emptyLike(trainSet);
            CliSupport.loadInto(Path.of(a.required("test")), format, lo, testSet, out);
            test = testSet.interactions();
            splitName = "given " + Path.of(a.get("train")).getFileName() + "/" + Path.of(a.get("test")).getFileName();
        } else {
            Dataset all = CliSupport.load(Path.of(a.required("data")), format, lo, out);
            Split s;
            if (nextItem) {
                s = SessionProtocol.leaveLastOutSplit(all.interactions(), targets);
                if (a.flag("validation")) {
                    s = SessionProtocol.leaveLastOutSplit(s.train(), targets);
                    s = new Split(s.train(), s.test(), "validation cut of " + s.description() + " (previous target)");
                }
            } else {
                s = TimeCutoff.latestFraction(fraction).split(all.interactions()).get(0);
            }
            trainSet = new Dataset(s.train(), all.catalog());
            test = s.test();
            splitName = s.description();
        }
        out.println("split: " + splitName + " (" + trainSet.interactions().size() + " training events, " + test.size()
                + " test events)");
        out.println(grouping(protocol, test, lo.mapping(), gap));
        if (a.has("gap") && protocol.reads(test).stream().anyMatch(f -> f == DataField.BASKET || f == DataField.SESSION)) {
            out.println("warning: --gap " + gap + " is not used: the " + name + "s come from the " + name + " id column");
        }
        List<String> algos = new ArrayList<>(List.of(a.required("algo")));
        if (a.has("compare")) {
            algos.add(a.get("compare"));
        }
        List<ContextResult> results = new ArrayList<>();
        for (int i = 0; i < algos.size(); i++) {
            MatrixOptions mo = CliSupport.matrixOptions(a, lo, algos.get(i));
            if (mo != null) {
                CliSupport.describe(mo, trainSet.interactions(), out);
            }
            Set<DataField> read = CliSupport.reads(algos.get(i), a.params(i == 0 ? "param" : "compare-param"), true);
            Dataset testSet = Dataset.of(test);
            if (read != null) {
                warnUnused(read, protocol, test, algos.get(i), trainSet, testSet);
            }
            long t0 = System.nanoTime();
            RecommenderModel m = mo == null
                    ? AutoTuning.tune(a, lo, trainSet, EvaluationOptions.defaults(), seed, out, progress).model()
                    : Recommenders.train(trainSet, algos.get(i), a.params(i == 0 ? "param" : "compare-param"), mo, progress);
            if (read == null) {
                warnUnused(CliSupport.reads(m, true), protocol, test, "auto: " + m.metadata().algorithm(), trainSet, testSet);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            ContextResult r = nextItem
                    ? protocol.evaluateEngine(SceneEngine.builder(m).scene(NEXT, SceneConfig.builder().source("personal", 1)
                            .exclude("history").build()).build(), test, algos.get(i))
                    : protocol.evaluate(m, test, algos.get(i));
            results.add(r.withTrainSeconds(secs));
        }
        out.print(ConsoleTable.formatContext(results));
        if (a.has("json")) {
            Files.writeString(Path.of(a.get("json")), JsonOutput.toJsonContext(results), StandardCharsets.UTF_8);
        }
        if (a.has("rankings")) {
            CsvOutput.writeRankings(Path.of(a.get("rankings")), results.get(0));
        }
        if (a.has("held-out")) {
            CsvOutput.writeHeldOut(Path.of(a.get("held-out")), results.get(0));
        }
        return 0;
    }

    /**
     * The line stating how the test events are grouped: {@code baskets from column X} when the test
     * log has the protocol's id column, else the time-gap rule.
     */
    static String grouping(ContextProtocol protocol, Interactions test, ColumnMapping mapping, long gap) {
        String what = protocol.name() + "s";
        Field field = protocol.name().equals("basket") ? Field.BASKET : Field.SESSION;
        boolean byColumn = protocol.reads(test).contains(field == Field.BASKET ? DataField.BASKET : DataField.SESSION);
        if (byColumn) {
            ColumnMapping.Column c = mapping == null ? null : mapping.column(field);
            int ids = field == Field.BASKET ? test.basketCount() : test.sessionCount();
            return "grouping: " + what + " from column " + (c == null ? "?" : CliSupport.printable(c.toString()))
                    + " (" + field.key() + "=" + (c == null ? "?" : CliSupport.printable(c.toString())) + "; " + ids
                    + " " + field.key() + " ids; --gap unused)";
        }
        return "grouping: " + what + " by the time-gap rule (" + (field == Field.BASKET ? "cart/purchase events" : "events")
                + " <= " + gap + " s apart per user; no " + field.key() + " id column: add " + field.key()
                + "=COLUMN to --columns to group by it)";
    }

    /** Prints the warnings for the optional fields that neither the model nor the protocol reads. */
    private void warnUnused(Set<DataField> modelReads, ContextProtocol protocol, Interactions test, String algo,
                            Dataset... data) {
        EnumSet<DataField> read = EnumSet.noneOf(DataField.class);
        read.addAll(modelReads);
        read.addAll(protocol.reads(test));
        CliSupport.warnUnused(read, algo + " with --protocol " + protocol.name(), out, data);
    }
}
