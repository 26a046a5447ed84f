package dev.recsys.eval;

import dev.recsys.api.Scene;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.eval.metrics.BeyondAccuracyMetrics;
import dev.recsys.eval.metrics.RankingMetrics;
import dev.recsys.eval.metrics.RatingMetrics;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation: groups test events into units, ranks every unit in parallel (results stored per
 * unit, so the outcome does not depend on the thread count), then aggregates in unit order.
 *
 * <p>Thread safety: single use; not thread-safe itself, runs its own workers.
 */
final class EvaluationRun {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationRun.class);

    private final List<MetricSpec> specs;
    private final EvaluationOptions o;
    private final Interactions train;
    private final Interactions test;
    private final TrainedModel model; // null for a Recommender
    private final UnitRanker ranker;
    private final int nItems;
    /** Uniform over the catalogue: the sampled negatives of sampled evaluation. */
    private final NegativeSampler negatives;

    private final boolean wantRanking;
    private final boolean wantRating;
    private final boolean fullAuc;
    private final int depth;
    private final int[] perUserSpecs; // indices into specs with per-user values

    private InteractionMatrix seen;
    private InteractionMatrix history;
    private EvalUnits units;
    private int[] popularity;
    private int trainUsers;
    private IntUnaryOperator category;

    // per-unit outputs
    private double[][] values;      // [spec][unit], NaN undefined
    private int[] listPtrLen;       // stored list length per unit
    private int[] listItems;        // unit * depth
    private float[] listScores;
    private boolean[] listHits;
    private boolean[] noScores;
    private double[] sqErr;
    private double[] absErr;
    private int[] rated;
    private int[] skipped;
    private long[] unitSeeds;

    EvaluationRun(List<MetricSpec> specs, EvaluationOptions o, Interactions train, Interactions test,
                  TrainedModel model, UnitRanker ranker, int nItems) {
        this.specs = specs;
        this.o = o;
        this.train = train;
        this.test = test;
        this.model = model;
        this.ranker = ranker;
        this.nItems = nItems;
        this.negatives = NegativeSampler.uniform(nItems);
        boolean r = false;
        boolean rt = false;
        boolean fa = false;
        int d = 0;
        List<Integer> pu = new ArrayList<>();
        for (int j = 0; j < specs.size(); j++) {
            MetricSpec s = specs.get(j);
            if (s.metric().kind() == Metric.Kind.RATING) {
                rt = true;
            } else {
                r = true;
                d = Math.max(d, s.k());
                if (s.metric() == Metric.AUC && s.k() == 0) {
                    fa = true;
                }
            }
            if (s.metric().perUser()) {
                pu.add(j);
            }
        }
        this.wantRanking = r;
        this.wantRating = rt;
        this.fullAuc = fa;
        this.depth = r ? Math.max(1, Math.min(Math.max(d, o.rankingDepth()), Math.max(1, nItems))) : 0;
        this.perUserSpecs = pu.stream().mapToInt(Integer::intValue).toArray();
    }

    EvaluationResult run(String algorithm, Map<String, String> params) {
        long t0 = System.nanoTime();
        seen = MatrixBuilder.build(train, MatrixOptions.binary());
        history = o.historyOptions().equals(MatrixOptions.binary()) ? seen : MatrixBuilder.build(train, o.historyOptions());
        popularity = new int[nItems];
        InteractionMatrix byItem = seen.transpose();
        for (int i = 0; i < Math.min(nItems, byItem.rows()); i++) {
            popularity[i] = byItem.rowLength(i);
        }
        for (int u = 0; u < seen.rows(); u++) {
            if (seen.rowLength(u) > 0) {
                trainUsers++;
            }
        }
        if (o.catalog() != null) {
            ItemCatalog cat = o.catalog();
            String attr = o.categoryAttribute();
            category = item -> cat.code(attr, item);
        }
        units = EvalUnits.build(test, seen, o, wantRanking, wantRating);
        if (units.size == 0) {
            throw new IllegalArgumentException(wantRanking
                    ? "no test user has a relevant test item under the protocol (" + o.describe() + ")"
                    : "the test set has no rating events");
        }
        if (units.droppedAsSeen > 0) {
            LOG.info("{} relevant test items were already in the user's training data and were dropped (training items excluded)",
                    units.droppedAsSeen);
        }
        allocate();
        if (o.sampled()) {
            SplittableRandom root = new SplittableRandom(o.seed());
            unitSeeds = new long[units.size];
            for (int u = 0; u < units.size; u++) {
                unitSeeds[u] = root.nextLong();
            }
        }
        runParallel();
        EvaluationResult.Parts p = aggregate();
        p.algorithm = algorithm;
        p.params = params;
        p.evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new EvaluationResult(p);
    }

    private void allocate() {
        int n = units.size;
        values = new double[specs.size()][n];
        for (double[] v : values) {
            Arrays.fill(v, Double.NaN);
        }
        noScores = new boolean[n];
        if (wantRanking && !o.sampled()) {
            listPtrLen = new int[n];
            listItems = new int[Math.multiplyExact(n, depth)];
            listScores = new float[n * depth];
            listHits = new boolean[n * depth];
        }
        if (wantRating) {
            sqErr = new double[n];
            absErr = new double[n];
            rated = new int[n];
            skipped = new int[n];
        }
    }

    private void runParallel() {
        int n = units.size;
        Parallel par = new Parallel(o.threads());
        // chunks fixed by the unit count alone; each unit's values depend only on the unit
        int chunk = Math.max(8, Math.min(256, (n + 63) / 64));
        AtomicInteger done = new AtomicInteger();
        TrainingListener listener = o.listener();
        int listCap = Math.max(depth, o.sampled() ? o.sampledNegatives() + 1 : 1);
        // one scratch per worker (stamps are unique per unit, so reuse is safe)
        Work[] works = new Work[par.threads()];
        par.forRange(n, chunk, (worker, from, to) -> {
            if (works[worker] == null) {
                works[worker] = new Work(nItems, listCap);
            }
            for (int u = from; u < to; u++) {
                processUnit(u, works[worker]);
            }
            listener.onProgress("users", done.addAndGet(to - from), n, Map.of());
        });
    }

    private void processUnit(int u, Work w) {
        w.stamp = u + 1;
        int user = units.user[u];
        w.user = user;
        boolean known = user < seen.rows() && seen.rowLength(user) > 0;
        w.queryUser = known ? user : -1;
        w.scene = units.scenes.get(units.scene[u]);
        if (user < history.rows()) {
            int a = history.rowPtr()[user];
            int b = history.rowPtr()[user + 1];
            w.historyItems = Arrays.copyOfRange(history.colIdx(), a, b);
            w.historyWeights = Arrays.copyOfRange(history.values(), a, b);
        } else {
            w.historyItems = new int[0];
            w.historyWeights = new float[0];
        }
        int exclCount = 0;
        if (o.excludeTrainingItems() && user < seen.rows()) {
            int a = seen.rowPtr()[user];
            int b = seen.rowPtr()[user + 1];
            int[] ci = seen.colIdx();
            w.seenItems = Arrays.copyOfRange(ci, a, b);
            for (int p = a; p < b; p++) {
                if (ci[p] < nItems) {
                    w.excluded[ci[p]] = w.stamp;
                    exclCount++;
                }
            }
        } else {
            w.seenItems = new int[0];
        }
        int relCount = units.relevantCount(u);
        int relCand = 0;
        for (int p = units.relPtr[u]; p < units.relPtr[u + 1]; p++) {
            int r = units.relItems[p];
            if (r < nItems) {
                w.relevant[r] = w.stamp;
                relCand++;
            }
        }
        w.candidates = nItems - exclCount;
        w.relevantCandidates = relCand;
        if (wantRanking && relCount > 0) {
            if (o.sampled()) {
                sampled(u, w, relCount);
            } else {
                full(u, w, relCount);
            }
        }
        if (wantRating) {
            ratings(u, known);
        }
    }

    private void full(int u, Work w, int relCount) {
        boolean ok = ranker.rankCatalogue(w, depth, fullAuc);
        noScores[u] = !ok;
        if (o.fillOrder() != null && w.length < depth) {
            fill(w);
        }
        int len = w.length;
        for (int i = 0; i < len; i++) {
            w.hits[i] = w.isRelevant(w.list[i]);
        }
        if (fullAuc && Double.isNaN(w.auc)) {
            w.auc = RankingMetrics.aucAtK(w.hits, len, w.relevantCandidates, w.candidates, Math.max(1, len));
        }
        for (int j = 0; j < specs.size(); j++) {
            values[j][u] = listValue(specs.get(j), w, len, relCount, w.relevantCandidates, w.candidates);
        }
        int stored = Math.min(len, depth);
        listPtrLen[u] = stored;
        System.arraycopy(w.list, 0, listItems, u * depth, stored);
        System.arraycopy(w.listScores, 0, listScores, u * depth, stored);
        System.arraycopy(w.hits, 0, listHits, u * depth, stored);
    }

    /** Appends fill-order items that are neither listed nor excluded, each scored below the previous. */
    private void fill(Work w) {
        w.ensureList(depth);
        int stamp = w.nextPickStamp();
        for (int p = 0; p < w.length; p++) {
            w.picked[w.list[p]] = stamp;
        }
        float prev = w.length == 0 ? 1f : w.listScores[w.length - 1];
        for (int i : o.fillOrder()) {
            if (w.length >= depth) {
                break;
            }
            if (i >= nItems || w.excluded[i] == w.stamp || w.picked[i] == stamp) {
                continue;
            }
            w.picked[i] = stamp;
            prev = prev == Float.NEGATIVE_INFINITY ? prev : Math.nextDown(prev);
            w.list[w.length] = i;
            w.listScores[w.length] = prev;
            w.length++;
        }
    }

    private void sampled(int u, Work w, int relCount) {
        SplittableRandom rng = new SplittableRandom(unitSeeds[u]);
        int available = w.candidates - w.relevantCandidates;
        int want = o.sampledNegatives();
        double[] sums = new double[specs.size()];
        int trials = 0;
        w.ensureCands(want + 1);
        for (int p = units.relPtr[u]; p < units.relPtr[u + 1]; p++) {
            int target = units.relItems[p];
            w.cands[0] = target;
            int got = negatives.drawDistinct(rng, c -> w.excluded[c] == w.stamp || w.relevant[c] == w.stamp,
                    available, want, w.cands, 1, w.sampled);
            int n = got + 1;
            ranker.rankCandidates(w, n);
            int len = w.length;
            for (int i = 0; i < len; i++) {
                w.hits[i] = w.list[i] == target;
            }
            if (Double.isNaN(w.auc)) {
                w.auc = RankingMetrics.aucAtK(w.hits, len, 1, n, Math.max(1, n));
            }
            for (int j = 0; j < specs.size(); j++) {
                sums[j] += listValue(specs.get(j), w, len, 1, 1, n);
            }
            trials++;
        }
        for (int j = 0; j < specs.size(); j++) {
            Metric.Kind kind = specs.get(j).metric().kind();
            if (kind == Metric.Kind.RANKING) {
                values[j][u] = sums[j] / trials;
            }
        }
        noScores[u] = w.scoredStamp == w.stamp && !w.scoredOk;
    }

    /** The per-unit value of a ranking or list metric for the list in {@code w}; NaN if not per-list. */
    private double listValue(MetricSpec s, Work w, int len, int relevant, int relCand, int candidates) {
        int k = s.k();
        boolean[] h = w.hits;
        switch (s.metric()) {
            case PRECISION:
                return RankingMetrics.precision(h, len, k);
            case RECALL:
                return RankingMetrics.recall(h, len, relevant, k);
            case NRECALL:
                return RankingMetrics.normalizedRecall(h, len, relevant, k);
            case F1:
                return RankingMetrics.f1(h, len, relevant, k);
            case NDCG:
                return RankingMetrics.ndcg(h, len, relevant, k);
            case MAP:
                return RankingMetrics.averagePrecision(h, len, relevant, k);
            case MRR:
                return RankingMetrics.reciprocalRank(h, len, k);
            case HITRATE:
                return RankingMetrics.hitRate(h, len, k);
            case AUC:
                return k == 0 ? w.auc : RankingMetrics.aucAtK(h, len, relCand, candidates, k);
            case NOVELTY:
                return orNaN(BeyondAccuracyMetrics.novelty(w.list, len, k, popularity, Math.max(1, trainUsers)));
            case POPULARITY:
                return orNaN(BeyondAccuracyMetrics.meanPopularity(w.list, len, k, popularity));
            case ILD_CATEGORY:
                return orNaN(BeyondAccuracyMetrics.categoryDiversity(w.list, len, k, category));
            case ILD_EMBEDDING:
                return orNaN(BeyondAccuracyMetrics.embeddingDiversity(w.list, len, k, o.itemVectors(), o.vectorDim()));
            default:
                return Double.NaN; // rating and aggregate metrics are not per list
        }
    }

    private static double orNaN(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : Double.NaN;
    }

    private void ratings(int u, boolean knownUser) {
        double sq = 0;
        double ab = 0;
        int n = 0;
        int skip = 0;
        for (int p = units.ratedPtr[u]; p < units.ratedPtr[u + 1]; p++) {
            int e = units.ratedEvents[p];
            int item = test.item(e);
            if (item >= nItems || !knownUser) {
                skip++;
                continue;
            }
            float pred = model.predict(units.user[u], item);
            if (!Float.isFinite(pred)) {
                throw new IllegalStateException("model " + model.algorithm() + " predicted " + pred + " for user index "
                        + units.user[u] + " and item index " + item + "; predictions must be finite");
            }
            double d = (double) pred - test.value(e);
            sq += d * d;
            ab += Math.abs(d);
            n++;
        }
        sqErr[u] = sq;
        absErr[u] = ab;
        rated[u] = n;
        skipped[u] = skip;
        for (int j = 0; j < specs.size(); j++) {
            MetricSpec s = specs.get(j);
            if (n > 0) {
                if (s.metric() == Metric.RMSE) {
                    values[j][u] = RatingMetrics.rmseFromSums(sq, n);
                } else if (s.metric() == Metric.MSE) {
                    values[j][u] = RatingMetrics.mseFromSums(sq, n);
                } else if (s.metric() == Metric.MAE) {
                    values[j][u] = RatingMetrics.maeFromSums(ab, n);
                }
            }
        }
    }

    // ---------------------------------------------------------------- aggregation

    private EvaluationResult.Parts aggregate() {
        int n = units.size;
        EvaluationResult.Parts p = new EvaluationResult.Parts();
        p.metrics = specs;
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        p.overall = aggregate(all, true);
        p.perScene = new LinkedHashMap<>();
        p.usersPerScene = new LinkedHashMap<>();
        for (int s = 0; s < units.scenes.size(); s++) {
            boolean[] in = new boolean[n];
            boolean any = false;
            for (int u = 0; u < n; u++) {
                in[u] = units.scene[u] == s;
                any |= in[u];
            }
            if (any) {
                String name = units.scenes.get(s).name();
                p.perScene.put(name, aggregate(in, false));
                p.usersPerScene.put(name, distinctUsers(in));
            }
        }
        p.usersEvaluated = distinctUsers(all);
        int evaluatedUnits = 0;
        for (int u = 0; u < n; u++) {
            if (counts(u)) {
                evaluatedUnits++;
            }
        }
        p.unitsEvaluated = evaluatedUnits;
        int ns = 0;
        for (boolean b : noScores) {
            ns += b ? 1 : 0;
        }
        p.unitsWithoutScores = ns;
        if (wantRating) {
            for (int u = 0; u < n; u++) {
                p.ratingsEvaluated += rated[u];
                p.ratingsSkipped += skipped[u];
            }
            if (p.ratingsSkipped > 0) {
                LOG.warn("{} test rating events were left out of rating metrics: their item is outside the model's catalogue"
                        + " or their user has no training event", p.ratingsSkipped);
            }
        }
        p.relevantDroppedAsSeen = units.droppedAsSeen;
        p.catalogueSize = nItems;
        p.sampledNegatives = o.sampledNegatives();
        p.protocol = o.describe() + "; catalogue: " + nItems + " items";
        p.perUser = perUser();
        if (wantRanking && !o.sampled()) {
            if (o.keepRankings()) {
                p.rankings = rankings();
            }
            int kPop = 0;
            for (MetricSpec s : specs) {
                if (s.metric().kind() != Metric.Kind.RATING) {
                    kPop = Math.max(kPop, s.k());
                }
            }
            kPop = kPop == 0 ? depth : Math.min(kPop, depth);
            p.popularity = new PopularityProfile(popularity.length == 0 ? new int[1] : popularity,
                    exposure(all, kPop, Math.max(1, nItems)), kPop);
        }
        return p;
    }

    /** Whether unit u counts as evaluated (ranked if ranking metrics are wanted, else rated). */
    private boolean counts(int u) {
        return wantRanking ? units.relevantCount(u) > 0 : units.ratedCount(u) > 0;
    }

    private int distinctUsers(boolean[] in) {
        int c = 0;
        int last = -1;
        for (int u = 0; u < units.size; u++) { // units are sorted by user
            if (in[u] && counts(u) && units.user[u] != last) {
                c++;
                last = units.user[u];
            }
        }
        return c;
    }

    private Map<String, Double> aggregate(boolean[] in, boolean overall) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int j = 0; j < specs.size(); j++) {
            MetricSpec s = specs.get(j);
            double v;
            switch (s.metric().kind()) {
                case RATING: {
                    double sq = 0;
                    double ab = 0;
                    long cnt = 0;
                    for (int u = 0; u < units.size; u++) {
                        if (in[u]) {
                            sq += sqErr[u];
                            ab += absErr[u];
                            cnt += rated[u];
                        }
                    }
                    if (cnt == 0) {
                        continue;
                    }
                    v = s.metric() == Metric.RMSE ? RatingMetrics.rmseFromSums(sq, cnt)
                            : s.metric() == Metric.MSE ? RatingMetrics.mseFromSums(sq, cnt) : RatingMetrics.maeFromSums(ab, cnt);
                    break;
                }
                case AGGREGATE: {
                    if (o.sampled() || nItems == 0) {
                        continue;
                    }
                    int k = Math.min(s.k(), depth);
                    long[] exp = exposure(in, k, nItems);
                    boolean any = false;
                    for (int u = 0; u < units.size && !any; u++) {
                        any = in[u] && units.relevantCount(u) > 0;
                    }
                    if (!any) {
                        continue;
                    }
                    if (s.metric() == Metric.COVERAGE) {
                        int distinct = 0;
                        for (long e : exp) {
                            distinct += e > 0 ? 1 : 0;
                        }
                        v = BeyondAccuracyMetrics.coverage(distinct, nItems);
                    } else {
                        v = BeyondAccuracyMetrics.gini(exp);
                    }
                    break;
                }
                default: {
                    double sum = 0;
                    long cnt = 0;
                    double[] col = values[j];
                    for (int u = 0; u < units.size; u++) {
                        if (in[u] && !Double.isNaN(col[u])) {
                            sum += col[u];
                            cnt++;
                        }
                    }
                    if (cnt == 0) {
                        if (overall && units.size > 0 && wantRanking) {
                            LOG.warn("metric {} is undefined for every evaluated user and is left out", s.name());
                        }
                        continue;
                    }
                    v = sum / cnt;
                }
            }
            m.put(s.name(), v);
        }
        return m;
    }

    private long[] exposure(boolean[] in, int k, int size) {
        long[] exp = new long[size];
        if (listPtrLen == null) {
            return exp;
        }
        for (int u = 0; u < units.size; u++) {
            if (!in[u] || units.relevantCount(u) == 0) {
                continue;
            }
            int len = Math.min(listPtrLen[u], k);
            for (int i = 0; i < len; i++) {
                exp[listItems[u * depth + i]]++;
            }
        }
        return exp;
    }

    private UserMetrics perUser() {
        int n = units.size;
        String[] ids = new String[n];
        int[] idx = new int[n];
        Scene[] sc = new Scene[n];
        for (int u = 0; u < n; u++) {
            idx[u] = units.user[u];
            ids[u] = test.users().idOf(units.user[u]);
            sc[u] = units.scenes.get(units.scene[u]);
        }
        List<String> names = new ArrayList<>();
        double[][] cols = new double[perUserSpecs.length][];
        for (int c = 0; c < perUserSpecs.length; c++) {
            names.add(specs.get(perUserSpecs[c]).name());
            cols[c] = values[perUserSpecs[c]];
        }
        return new UserMetrics(ids, idx, sc, names, cols);
    }

    private Rankings rankings() {
        int n = units.size;
        int m = 0;
        for (int u = 0; u < n; u++) {
            if (units.relevantCount(u) > 0) {
                m++;
            }
        }
        int[] user = new int[m];
        Scene[] sc = new Scene[m];
        int[] ptr = new int[m + 1];
        int[] rel = new int[m];
        int total = 0;
        int r = 0;
        for (int u = 0; u < n; u++) {
            if (units.relevantCount(u) > 0) {
                user[r] = units.user[u];
                sc[r] = units.scenes.get(units.scene[u]);
                rel[r] = units.relevantCount(u);
                total += listPtrLen[u];
                ptr[++r] = total;
            }
        }
        int[] items = new int[total];
        float[] scores = new float[total];
        boolean[] hits = new boolean[total];
        r = 0;
        for (int u = 0; u < n; u++) {
            if (units.relevantCount(u) > 0) {
                int len = listPtrLen[u];
                System.arraycopy(listItems, u * depth, items, ptr[r], len);
                System.arraycopy(listScores, u * depth, scores, ptr[r], len);
                System.arraycopy(listHits, u * depth, hits, ptr[r], len);
                r++;
            }
        }
        int[] relPtr = new int[m + 1];
        int[] relItems = new int[Math.max(0, Arrays.stream(rel).sum())];
        r = 0;
        for (int u = 0; u < n; u++) {
            if (units.relevantCount(u) > 0) {
                int a = units.relPtr[u];
                int len = units.relPtr[u + 1] - a;
                System.arraycopy(units.relItems, a, relItems, relPtr[r], len);
                relPtr[r + 1] = relPtr[r] + len;
                r++;
            }
        }
        return new Rankings(test.users(), test.items(), user, sc, ptr, items, scores, hits, rel, relPtr, relItems, depth);
    }
}
