package dev.recsys.cli;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommender;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.eval.EvaluationOptions;
import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.Evaluator;
import dev.recsys.eval.output.ConsoleTable;
import dev.recsys.eval.split.Split;
import dev.recsys.eval.split.SplitProtocols;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticData;
import dev.recsys.synth.SyntheticGenerator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code recsys quickstart}: generates the embedded sample shop (seeded), trains the available
 * implicit-feedback algorithms, shows the top 5 for three users in every standard scene and prints
 * an accuracy table on a held-out per-user split.
 */
final class QuickstartCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar quickstart [--seed N] [--algo NAME]",
            "  --seed N     seed of the sample shop and the split (default 42)",
            "  --algo NAME  algorithm used for the scene demo (default item-cooccurrence)");
    private static final List<String> CANDIDATES = List.of("popularity", "item-cooccurrence", "ials", "bpr", "ease");
    private final PrintStream out;

    QuickstartCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, Set.of("seed", "algo"), Set.of("help"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        long seed = Long.parseLong(a.get("seed", "42"));
        String demoAlgo = a.get("algo", "item-cooccurrence");
        long t0 = System.nanoTime();
        SyntheticData shop = SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().seed(seed).build());
        Dataset data = shop.dataset();
        Interactions log = data.interactions();
        out.printf("sample shop (seed %d): %d events, %d users, %d items, scenes %s%n", seed, log.size(),
                log.users().size(), log.items().size(), log.scenes());

        Split split = SplitProtocols.parse("per-user:0.25", seed).split(log).get(0);
        Dataset trainSet = new Dataset(split.train(), data.catalog());

        RecommenderModel demo = Recommenders.train(trainSet, demoAlgo, Map.of(), TrainingListener.NONE);
        Recommender rec = demo.recommender();
        out.printf("%ntop 5 per scene from '%s' (trained on the training part):%n", demoAlgo);
        for (int u : new int[] {0, 1, 2}) {
            String user = log.users().idOf(u);
            String lastItem = lastItem(split.train(), u);
            out.printf("%nuser %s (last viewed %s)%n", user, lastItem);
            for (Scene s : Scene.standard()) {
                RecommendRequest.Builder b = RecommendRequest.builder(s, 5).user(user);
                if (lastItem != null && (s == Scene.ITEM_DETAIL || s == Scene.AFTER_SALE_REVIEW)) {
                    b.currentItem(lastItem);
                }
                if (lastItem != null && (s == Scene.CART || s == Scene.CHECKOUT)) {
                    b.cart(List.of(lastItem));
                }
                printLine(s, rec.recommend(b.build()));
            }
        }
        out.printf("%nnew user (never seen):%n");
        printLine(Scene.HOME, rec.recommend("new-visitor", Scene.HOME, 5));

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
        out.printf("quickstart finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private void printLine(Scene s, List<Recommendation> recs) {
        StringBuilder sb = new StringBuilder();
        for (Recommendation r : recs) {
            sb.append(r.itemId()).append(' ');
        }
        String why = recs.isEmpty() || recs.get(0).explanation() == null ? "" : "  (" + recs.get(0).explanation() + ")";
        out.printf("  %-18s %s%s%n", s.name(), sb.toString().trim(), why);
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
