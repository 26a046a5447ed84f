package dev.recsys.bench.session;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.InteractionLoader;
import dev.recsys.eval.context.ContextResult;
import dev.recsys.eval.context.SessionProtocol;
import dev.recsys.eval.split.Split;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Leave-last-out by time stamp (run by hand), {@link SessionProtocol#leaveLastOutSplit}: per user, the
 * target is the latest event of the target behaviour on an item the user had not touched before, with at
 * least one earlier event; the model trains on every event before each user's target;
 * {@link SessionProtocol#leaveLastOut} then asks the scene {@code next} (source {@code personal}, which a
 * sequence model serves from the ordered events, history excluded) for each user over the whole
 * catalogue and scores NDCG@10, HitRate@10, MRR@10.
 *
 * <p>{@code --validation} evaluates on the validation cut instead: the same split applied to the
 * training part (each user's previous target), the models trained on the events before it; no test
 * event is read. {@code --train-only} trains on the training part and evaluates nothing (for the
 * per-epoch {@code val-ndcg@10} lines of a model trained with {@code validation=...}). Epoch lines
 * with a validation metric are printed as they come.
 *
 * <pre>java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.recsys.bench.session.SessionLeaveLastOut
 *     ml100k|taobao-click|taobao-buy [--validation] [--train-only] ALGO[:key=value,...] ...</pre>
 */
public final class SessionLeaveLastOut {
    private SessionLeaveLastOut() {
    }

    public static void main(String[] args) {
        List<String> algos = new ArrayList<>();
        boolean validation = false;
        boolean trainOnly = false;
        for (int a = 1; a < args.length; a++) {
            switch (args[a]) {
                case "--validation" -> validation = true;
                case "--train-only" -> trainOnly = true;
                default -> algos.add(args[a]);
            }
        }
        if (args.length < 1 || algos.isEmpty()) {
            System.err.println("usage: SessionLeaveLastOut ml100k|taobao-click|taobao-buy [--validation] [--train-only]"
                    + " ALGO[:k=v,...] ...");
            System.exit(2);
        }
        Path data = Path.of(System.getProperty("recsys.data", "../shared/data"));
        Path file;
        DataFormat format;
        Behavior target;
        switch (args[0]) {
            case "ml100k" -> {
                file = data.resolve("ml-100k/u.data");
                format = DataFormat.MOVIELENS;
                target = Behavior.RATING;
            }
            case "taobao-click", "taobao-buy" -> {
                file = data.resolve("taobao-userbehavior/UserBehavior_slice_20171126.csv");
                format = DataFormat.TAOBAO;
                target = args[0].equals("taobao-buy") ? Behavior.PURCHASE : Behavior.VIEW;
            }
            default -> throw new IllegalArgumentException("unknown data set " + args[0]);
        }
        if (!Files.exists(file)) {
            System.err.println("skipped: " + file + " not found");
            return;
        }
        Interactions all = InteractionLoader.load(file, format).dataset().interactions();
        Split split = SessionProtocol.leaveLastOutSplit(all, Set.of(target));
        if (validation) {
            split = SessionProtocol.leaveLastOutSplit(split.train(), Set.of(target));
        }
        System.out.printf(Locale.ROOT, "%s%s: %d events, train %d, %s %d users%n", args[0],
                validation ? " (validation cut)" : "", all.size(), split.train().size(),
                validation ? "validation" : "test", split.test().size());
        Scene next = Scene.of("next");
        SessionProtocol protocol = SessionProtocol.leaveLastOut(10, Set.of(target), next, 1);
        for (String algo : algos) {
            String[] spec = algo.split(":", 2);
            Map<String, String> params = new LinkedHashMap<>();
            if (spec.length > 1) {
                for (String kv : spec[1].split(",")) {
                    String[] p = kv.split("=", 2);
                    params.put(p[0], p[1]);
                }
            }
            TrainingListener epochs = (stage, step, total, metrics) -> {
                if (metrics.containsKey("val-ndcg@10")) {
                    System.out.printf(Locale.ROOT, "  %s %s %d/%d loss %.4f val-ndcg@10 %.4f%n", algo, stage, step, total,
                            metrics.getOrDefault("loss", Double.NaN), metrics.get("val-ndcg@10"));
                }
            };
            long t0 = System.nanoTime();
            RecommenderModel model = Recommenders.train(Dataset.of(split.train()), spec[0], params, epochs);
            double train = (System.nanoTime() - t0) / 1e9;
            if (trainOnly) {
                System.out.printf(Locale.ROOT, "%-40s trained in %.1fs (not evaluated)%n", algo, train);
                continue;
            }
            SceneEngine engine = SceneEngine.builder(model)
                    .scene(next, SceneConfig.builder().source("personal", 1).exclude("history").build()).build();
            ContextResult r = protocol.evaluateEngine(engine, split.test(), spec[0]);
            Map<String, Double> m = r.metrics();
            System.out.printf(Locale.ROOT, "%-40s cases %5d  NDCG@10 %.4f  HR@10 %.4f  MRR@10 %.4f  train %.1fs  eval %.1fs%n",
                    algo, r.caseCount(), get(m, "ndcg"), get(m, "hit"), get(m, "mrr"), train, r.evalSeconds());
        }
    }

    private static double get(Map<String, Double> m, String prefix) {
        for (Map.Entry<String, Double> e : m.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return e.getValue();
            }
        }
        return Double.NaN;
    }
}
