package dev.recsys.bench.session;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.InteractionLoader;
import dev.recsys.eval.context.ContextResult;
import dev.recsys.eval.context.SessionProtocol;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Leave-last-out by time stamp (run by hand): per user, the target is the latest event of the target
 * behaviour on an item the user had not touched before, with at least one earlier event; the model
 * trains on every event before each user's target (the target and the user's later events are
 * dropped); {@link SessionProtocol#leaveLastOut} then asks the scene {@code next} (source
 * {@code personal}, which a sequence model serves from the ordered events, history excluded) for
 * each user over the whole catalogue and scores NDCG@10, HitRate@10, MRR@10.
 *
 * <pre>java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.recsys.bench.session.SessionLeaveLastOut
 *     ml100k|taobao-click|taobao-buy ALGO[:key=value,...] ...</pre>
 */
public final class SessionLeaveLastOut {
    private SessionLeaveLastOut() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SessionLeaveLastOut ml100k|taobao-click|taobao-buy ALGO[:k=v,...] ...");
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
        Interactions[] split = split(all, target);
        System.out.printf(Locale.ROOT, "%s: %d events, train %d, test %d users%n", args[0], all.size(), split[0].size(),
                split[1].size());
        Scene next = Scene.of("next");
        SessionProtocol protocol = SessionProtocol.leaveLastOut(10, Set.of(target), next, 1);
        for (int a = 1; a < args.length; a++) {
            String[] spec = args[a].split(":", 2);
            Map<String, String> params = new LinkedHashMap<>();
            if (spec.length > 1) {
                for (String kv : spec[1].split(",")) {
                    String[] p = kv.split("=", 2);
                    params.put(p[0], p[1]);
                }
            }
            long t0 = System.nanoTime();
            RecommenderModel model = Recommenders.train(Dataset.of(split[0]), spec[0], params, TrainingListener.NONE);
            double train = (System.nanoTime() - t0) / 1e9;
            SceneEngine engine = SceneEngine.builder(model)
                    .scene(next, SceneConfig.builder().source("personal", 1).exclude("history").build()).build();
            ContextResult r = protocol.evaluateEngine(engine, split[1], spec[0]);
            Map<String, Double> m = r.metrics();
            System.out.printf(Locale.ROOT, "%-40s cases %5d  NDCG@10 %.4f  HR@10 %.4f  MRR@10 %.4f  train %.1fs  eval %.1fs%n",
                    args[a], r.caseCount(), get(m, "ndcg"), get(m, "hit"), get(m, "mrr"), train, r.evalSeconds());
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

    /** {train, test}: per user the target event is held out and the user's later events dropped. */
    static Interactions[] split(Interactions all, Behavior target) {
        int[] order = new int[all.size()];
        for (int e = 0; e < order.length; e++) {
            order[e] = e;
        }
        IntArrays.quickSort(order, (a, b) -> {
            int c = Integer.compare(all.user(a), all.user(b));
            if (c != 0) {
                return c;
            }
            c = Long.compare(all.time(a), all.time(b));
            return c != 0 ? c : Integer.compare(a, b);
        });
        boolean[] drop = new boolean[all.size()];
        Interactions test = new Interactions(all.users(), all.items(), 1024);
        int p = 0;
        while (p < order.length) {
            int u = all.user(order[p]);
            int q = p;
            while (q < order.length && all.user(order[q]) == u) {
                q++;
            }
            int t = -1;
            for (int j = q - 1; j > p && t < 0; j--) {
                int e = order[j];
                if (all.behavior(e) != target) {
                    continue;
                }
                boolean seen = false;
                for (int i = p; i < j && !seen; i++) {
                    seen = all.item(order[i]) == all.item(e);
                }
                if (!seen) {
                    t = j;
                }
            }
            if (t > p) {
                int e = order[t];
                test.add(u, all.item(e), all.behavior(e), all.value(e), all.time(e), Interactions.NO_SCENE);
                for (int j = t; j < q; j++) {
                    drop[order[j]] = true;
                }
            }
            p = q;
        }
        Interactions train = new Interactions(all.users(), all.items(), all.size());
        for (int e = 0; e < all.size(); e++) {
            if (!drop[e]) {
                train.add(all.user(e), all.item(e), all.behavior(e), all.value(e), all.time(e), Interactions.NO_SCENE);
            }
        }
        return new Interactions[] {train, test};
    }
}
