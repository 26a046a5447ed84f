package dev.recsys.cli;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.Interactions;
import dev.recsys.data.io.SharedData;
import dev.recsys.eval.EvaluationOptions;
import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.Evaluator;
import dev.recsys.eval.output.ConsoleTable;
import dev.recsys.eval.split.Split;
import dev.recsys.eval.split.SplitProtocols;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticData;
import dev.recsys.synth.SyntheticGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code recsys quickstart}: generates the embedded sample shop (seeded), trains the available
 * implicit-feedback algorithms, shows the scene engine's top 3 with explanations in every standard
 * scene for a returning user and a brand-new user, before and after a few recorded events, and
 * shows a sequence model ({@code sasrec}) serving a session scene and item detail as a visitor's
 * events arrive, prints an accuracy table on a held-out per-user split. It writes the sample shop as CSV
 * ({@code --out}, default {@code recsys-quickstart} in the temporary directory) and ends with three
 * commands to try next that work from the repository root: train on that CSV, recommend for a
 * returning user on the item-detail scene, evaluate on MovieLens 100K if the shared data folder has
 * it (else on the sample CSV).
 */
final class QuickstartCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar quickstart [--seed N] [--algo NAME] [--out DIR]",
            "  --seed N     seed of the sample shop and the split (default 42)",
            "  --out DIR    where the sample shop is written as events.csv and items.csv, for the commands",
            "               to try next (default: recsys-quickstart in the temporary directory)",
            "  --algo NAME  algorithm used for the scene demo (default ials)");
    private static final int SHOWN = 3;
    /** How the printed commands start: the CLI jar as built, from the repository root. */
    static final String JAR = "java -jar examples/target/recsys.jar";
    private static final List<String> CANDIDATES = List.of("popularity", "item-cooccurrence", "ials", "bpr", "ease");
    private final PrintStream out;

    QuickstartCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, Set.of("seed", "algo", "out"), Set.of("help"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        long seed = Long.parseLong(a.get("seed", "42"));
        String demoAlgo = a.get("algo", "ials");
        long t0 = System.nanoTime();
        SyntheticData shop = SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().seed(seed).build());
        Dataset data = shop.dataset();
        Interactions log = data.interactions();
        out.printf("sample shop (seed %d): %d events, %d users, %d items, scenes %s%n", seed, log.size(),
                log.users().size(), log.items().size(), log.scenes());

        Split split = SplitProtocols.parse("per-user:0.25", seed).split(log).get(0);
        Dataset trainSet = new Dataset(split.train(), data.catalog());

        RecommenderModel demo = Recommenders.train(trainSet, demoAlgo, Map.of(), TrainingListener.NONE);
        SceneEngine engine = SceneEngine.builder(demo).trainingData(trainSet).build();
        ItemCatalog catalog = demo.catalog();
        out.printf("%nscene engine over '%s' (trained on the training part); top %d per scene with explanations%n",
                demoAlgo, SHOWN);

        String returning = log.users().idOf(0);
        String lastItem = lastItem(split.train(), 0);
        out.printf("%n== returning user %s (last viewed %s), before new events%n", CliSupport.printable(returning), describe(catalog, demo, lastItem));
        showScenes(engine, catalog, demo, returning, lastItem);
        long now = log.timeRange()[1] + 3600;
        List<String> sameCat = itemsLike(demo, catalog, lastItem, 3);
        List<Event> events = new ArrayList<>();
        for (String it : sameCat) {
            events.add(Event.of(returning, it, Behavior.VIEW, now++));
        }
        if (!sameCat.isEmpty()) {
            events.add(Event.of(returning, sameCat.get(0), Behavior.ADD_TO_CART, now++));
        }
        record(engine, events);
        out.printf("%n== returning user %s after recording %d events%n", CliSupport.printable(returning), events.size());
        showScenes(engine, catalog, demo, returning, sameCat.isEmpty() ? lastItem : sameCat.get(0));

        String newbie = "new-visitor";
        out.printf("%n== brand-new user %s, before any event%n", newbie);
        showScenes(engine, catalog, demo, newbie, null);
        String seed1 = demo.items().idOf(demo.numItems() / 3);
        List<String> picks = itemsLike(demo, catalog, seed1, 2);
        List<Event> first = new ArrayList<>();
        for (String it : picks) {
            first.add(Event.of(newbie, it, Behavior.VIEW, now++));
        }
        if (!picks.isEmpty()) {
            first.add(Event.of(newbie, picks.get(0), Behavior.ADD_TO_CART, now++));
            first.add(Event.of(newbie, picks.get(0), Behavior.PURCHASE, now++));
        }
        record(engine, first);
        out.printf("%n== brand-new user %s after: view, view, add to cart, purchase (%d events)%n", newbie, first.size());
        showScenes(engine, catalog, demo, newbie, picks.isEmpty() ? null : picks.get(picks.size() - 1));

        sessionDemo(trainSet, catalog, picks.isEmpty() ? seed1 : picks.get(0), now);

        out.printf("%naccuracy on the held-out part (%s):%n", split.description());
        Evaluator ev = Evaluator.of("precision@10,recall@10,ndcg@10,coverage@10",
                EvaluationOptions.builder().seed(seed).splitDescription(split.description()).build());
        List<EvaluationResult> results = new ArrayList<>();
        for (String name : CANDIDATES) {
            Algorithm alg;
            try {
                alg = Algorithms.byName(name);
            } catch (IllegalArgumentException e) {
                continue; // module not on the class path
            }
            long t = System.nanoTime();
            RecommenderModel m = Recommenders.train(trainSet, alg.name(), Map.of(), TrainingListener.NONE);
            double secs = (System.nanoTime() - t) / 1e9;
            results.add(ev.evaluate(split.train(), split.test(), m.model()).withTrainSeconds(secs));
        }
        out.println(ConsoleTable.format(results));
        Path dir = Path.of(a.get("out", Path.of(System.getProperty("java.io.tmpdir"), "recsys-quickstart").toString()));
        tryNext(shop, dir, returning, lastItem);
        out.printf("quickstart finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /**
     * A sequence model ({@code sasrec}, small and briefly trained) serving an application scene from
     * the visitor's events in their order, and the item-detail scene: each recorded event changes the
     * next answer, no retraining. Skipped when recsys-nn is not on the class path.
     */
    private void sessionDemo(Dataset trainSet, ItemCatalog catalog, String start, long now) {
        try {
            Algorithms.byName("sasrec");
        } catch (IllegalArgumentException e) {
            return;
        }
        RecommenderModel seqModel = Recommenders.train(trainSet, "sasrec",
                Map.of("factors", "32", "max-length", "20", "epochs", "3"), TrainingListener.NONE);
        Scene next = Scene.of("next-in-session");
        SceneEngine sessions = SceneEngine.builder(seqModel).trainingData(trainSet)
                .scene(next, SceneConfig.builder().source("sequence", 1).source("trending", 0.05).exclude("history").build())
                .build();
        out.printf("%n== session model 'sasrec' (self-attention over the visitor's events in order) serving scene '%s'"
                + " and item-detail%n", next.name());
        String visitor = "session-visitor";
        String item = start;
        for (int step = 0; step < 3 && item != null; step++) {
            Event e = Event.of(visitor, item, step == 2 ? Behavior.ADD_TO_CART : Behavior.VIEW, now++);
            record(sessions, List.of(e));
            List<Recommendation> recs = sessions.recommend(visitor, next, SHOWN);
            List<Recommendation> detail = sessions.recommend(RecommendRequest.builder(Scene.ITEM_DETAIL, SHOWN)
                    .user(visitor).currentItem(item).build());
            out.printf("  %-18s", next.name());
            printRecs(catalog, seqModel, recs);
            out.printf("  %-18s", Scene.ITEM_DETAIL.name());
            printRecs(catalog, seqModel, detail);
            item = recs.isEmpty() ? null : recs.get(0).itemId(); // the visitor follows the first suggestion
        }
    }

    private void printRecs(ItemCatalog catalog, RecommenderModel m, List<Recommendation> recs) {
        for (int r = 0; r < recs.size(); r++) {
            Recommendation rec = recs.get(r);
            out.printf("%s%-22s %s%n", r == 0 ? "" : " ".repeat(20), describe(catalog, m, rec.itemId()),
                    CliSupport.printable(rec.explanation()));
        }
        if (recs.isEmpty()) {
            out.println("(nothing)");
        }
    }

    /** Writes the sample shop as CSV into dir and prints three commands to try on it and on MovieLens. */
    private void tryNext(SyntheticData shop, Path dir, String user, String item) {
        Path events = dir.resolve("events.csv");
        Path model = dir.resolve("shop.model");
        try {
            Files.createDirectories(dir);
            shop.writeCsv(events, dir.resolve("items.csv"));
        } catch (IOException | UncheckedIOException e) {
            // the demo itself succeeded: say what to change rather than fail at the end
            out.printf("%ncould not write the sample shop to %s (%s); run again with --out DIR for the commands"
                    + " to try next%n", shown(dir), CliSupport.printable(e.getMessage()));
            return;
        }
        out.printf("%nsample shop written to %s and %s%n", shown(events), shown(dir.resolve("items.csv")));
        out.println("what to try next (from the repository root):");
        out.printf("  %s train --data %s --format csv --items %s --algo ials --out %s%n", JAR, shown(events),
                shown(dir.resolve("items.csv")), shown(model));
        out.printf("  %s recommend --model %s --user %s --scene %s -k 5%n", JAR, shown(model), CliSupport.printable(user),
                item == null ? "home" : "item-detail --item " + CliSupport.printable(item));
        Optional<Path> base = SharedData.file("ml-100k/u1.base");
        Optional<Path> test = SharedData.file("ml-100k/u1.test");
        if (base.isPresent() && test.isPresent()) {
            out.printf("  %s evaluate --train %s --test %s --format movielens --algo ials%n", JAR, shown(base.get()),
                    shown(test.get()));
        } else {
            out.printf("  %s evaluate --data %s --format csv --protocol per-user:0.25 --algo ials%n", JAR, shown(events));
            out.println("  (MovieLens 100K not found: unpack ml-100k into ../shared/data or set " + SharedData.ENV
                    + ", then evaluate --train .../ml-100k/u1.base --test .../ml-100k/u1.test --format movielens)");
        }
    }

    /** A path as typed: relative to the working directory or absolute, whichever is shorter; quoted if it has blanks. */
    private static String shown(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        String rel = abs.getRoot() != null && abs.getRoot().equals(cwd.getRoot()) ? cwd.relativize(abs).toString() : "";
        String s = CliSupport.printable(rel.isEmpty() || rel.length() >= abs.toString().length() ? abs.toString() : rel);
        return s.contains(" ") ? "'" + s + "'" : s;
    }

    private void record(SceneEngine engine, List<Event> events) {
        for (Event e : events) {
            engine.record(e);
            out.printf("  recorded %s %s %s%n", CliSupport.printable(e.user()),
                    e.behavior().name().toLowerCase(java.util.Locale.ROOT), CliSupport.printable(e.item()));
        }
    }

    private void showScenes(SceneEngine engine, ItemCatalog catalog, RecommenderModel m, String user, String page) {
        List<String> cart = engine.cart(user);
        out.printf("  (cart %s, page item %s)%n", CliSupport.printable(cart.toString()), CliSupport.printable(page));
        for (Scene s : Scene.standard()) {
            RecommendRequest.Builder b = RecommendRequest.builder(s, SHOWN).user(user);
            if (page != null && (s == Scene.ITEM_DETAIL || s == Scene.AFTER_SALE_REVIEW)) {
                b.currentItem(page);
            }
            if (page != null && s == Scene.CART && cart.isEmpty()) {
                b.cart(List.of(page));
            }
            if (s == Scene.SEARCH) {
                // a search engine's results: items of the page item's category (or the first items)
                b.candidates(page != null ? itemsLike(m, catalog, page, 20) : firstItems(m, 20));
            }
            List<Recommendation> recs = engine.recommend(b.build());
            out.printf("  %-18s", s.name());
            printRecs(catalog, m, recs);
        }
    }

    private static String describe(ItemCatalog catalog, RecommenderModel m, String item) {
        if (item == null) {
            return "-";
        }
        int i = m.items().indexOf(item);
        int c = i >= 0 && i < m.numItems() ? catalog.category(i) : -1;
        return CliSupport.printable(c < 0 ? item : item + " (" + catalog.dictionary(ItemCatalog.CATEGORY).valueOf(c) + ")");
    }

    /** Up to n other items of the same category as item, in index order. */
    private static List<String> itemsLike(RecommenderModel m, ItemCatalog catalog, String item, int n) {
        List<String> out = new ArrayList<>();
        int i0 = item == null ? -1 : m.items().indexOf(item);
        int c = i0 >= 0 && i0 < m.numItems() ? catalog.category(i0) : -1;
        for (int i = 0; i < m.numItems() && out.size() < n && c >= 0; i++) {
            if (i != i0 && catalog.category(i) == c) {
                out.add(m.items().idOf(i));
            }
        }
        return out;
    }

    private static List<String> firstItems(RecommenderModel m, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, m.numItems()); i++) {
            out.add(m.items().idOf(i));
        }
        return out;
    }

    private static String lastItem(Interactions log, int user) {
        String best = null;
        long bestT = Long.MIN_VALUE;
        for (int e = 0; e < log.size(); e++) {
            if (log.user(e) == user && log.behavior(e) == Behavior.VIEW && log.time(e) >= bestT) {
                bestT = log.time(e);
                best = log.items().idOf(log.item(e));
            }
        }
        return best;
    }
}
