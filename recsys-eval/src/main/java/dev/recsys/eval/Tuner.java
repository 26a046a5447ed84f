package dev.recsys.eval;

import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.eval.internal.SearchSpace;
import dev.recsys.eval.internal.SearchSpace.Config;
import dev.recsys.eval.internal.SearchSpace.DataStats;
import dev.recsys.eval.split.PerUserHoldout;
import dev.recsys.eval.split.Split;
import dev.recsys.eval.split.TimeCutoff;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic choice of algorithm and parameters on a validation split cut from the training data.
 *
 * <pre>{@code
 * TuningResult r = Tuner.tune(trainingSet, TuningOptions.builder().budget(Duration.ofSeconds(60)).build(), listener);
 * System.out.println(r.table());                 // validation table, winner marked
 * RecommenderModel model = r.model();            // the winner trained on all of trainingSet
 * }</pre>
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li><b>Only training data.</b> The tuner receives the training set alone; it cuts a validation
 *       split from it: for the rating task, and for ranking on rating data or data without time
 *       stamps, a per-user hold-out of {@link TuningOptions#validationFraction()} of each user's
 *       items; for ranking on timestamped implicit behaviour (views, carts, purchases) a time cut-off
 *       holding out the latest events. The split is stated in {@link TuningResult#validation()}.</li>
 *   <li><b>Search.</b> The algorithms that fit the task and data (ranking: popularity,
 *       item-cooccurrence, ease where the catalogue fits, ials, bpr, mult-vae when the budget
 *       allows; rating: biased-mf, svdpp, als), each with a small grid of its main parameters in a
 *       seeded order, defaults first. The implicit families popularity, item-cooccurrence, ease and
 *       ials are also tried with other data mappings: behaviour weights (defaults, flat, steep) when the
 *       log holds two or more implicit behaviours, value transforms (none, log, linear) when implicit
 *       events carry values, unless {@link TuningOptions#behaviorWeights()} or
 *       {@link TuningOptions#valueTransform()} fix them; the defaults with every mapping come first,
 *       the mapping is shown in the table ({@code weights=}, {@code transform=}). Two rungs of successive halving: every configuration with an
 *       iteration or epoch count is first trained at a third of it; the best third of those are
 *       trained at full length, then the next best while the budget lasts. Configurations without
 *       such a count (and iALS's defaults, the strongest prior) run once at full length.</li>
 *   <li><b>Budget.</b> Before each trial its cost is estimated from a cost model per algorithm
 *       (work from users, items, non-zeros, factors and iterations, times seconds per unit of work
 *       measured on the trials already run, a conservative prior before the first); a trial runs
 *       only if it and the final training of the best candidate still fit in the budget. The first
 *       rung stops at half of the budget. A trial still training when the final training of the best
 *       so far would no longer fit is stopped (through its progress listener) and counted as skipped.</li>
 *   <li><b>Choice.</b> The best validation figure (ties: the earlier trial) whose training on all
 *       the data still fits the budget wins; its algorithm and parameters (with the iteration count
 *       it was validated with) are trained on all the training data. The first trial of an
 *       algorithm is estimated from the prior alone, so it is the one that can overrun; after an
 *       overrun the best trial whose final training fits a tenth of the budget is chosen.</li>
 * </ul>
 * Every model gets the tuning seed, so the same seed, data and budget admitting the same trials
 * give the same choice and model (the budget decides how many trials run, so a different machine
 * load may stop the search at a different trial). Trials and the choice go to the listener as
 * stages {@code tune <algorithm> <parameters>} and {@code tuned <algorithm> <parameters>} with the
 * validation figure and seconds as metrics; the models' own progress is passed through.
 *
 * <p>Thread safety: stateless; each call runs its own trials one after another, each using the
 * algorithm's threads.
 */
public final class Tuner {
    private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);
    /** Share of the budget the first (reduced) rung may use. */
    static final double FIRST_RUNG_SHARE = 0.5;
    /** Successive-halving factor: a third of the configurations go on to full length. */
    static final int ETA = 3;
    /** Margin on every cost estimate: the same training may take longer on a busy machine. */
    static final double SAFETY = 1.25;
    /** Trials whose prior estimate is shorter than this do not calibrate the prior of other algorithms. */
    static final double CALIBRATION_SECONDS = 0.5;

    /** Share of the budget a training on all the data may take when the search has used the budget up. */
    static final double OVERRUN_SHARE = 0.1;

    private Tuner() {
    }

    /** Thrown through a trial's training by its listener when the trial runs past its deadline. */
    private static final class TrialStopped extends RuntimeException {
        TrialStopped() {
            super("tuning trial stopped at its deadline", null, false, false);
        }
    }

    /**
     * Chooses and trains; see the class comment.
     *
     * @param training the training data only. Not modified.
     * @param options  budget, seed, task, metric, relevance rules
     * @param listener progress receiver, or null
     * @throws IllegalArgumentException if the data set is empty, the metric does not fit the task,
     *                                  no registered algorithm fits, or no validation split with a
     *                                  relevant event can be cut
     */
    public static TuningResult tune(Dataset training, TuningOptions options, TrainingListener listener) {
        if (training == null) {
            throw new IllegalArgumentException("training must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (training.interactions().isEmpty()) {
            throw new IllegalArgumentException("the training data has no events");
        }
        return new Run(training, options, listener == null ? TrainingListener.NONE : listener).run();
    }

    /** The task AUTO resolves to on this log. */
    public static TuningOptions.Task resolveTask(TuningOptions.Task task, Interactions log) {
        if (task != TuningOptions.Task.AUTO) {
            return task;
        }
        return allRated(log) ? TuningOptions.Task.RATING : TuningOptions.Task.RANKING;
    }

    private static boolean allRated(Interactions log) {
        for (int e = 0; e < log.size(); e++) {
            if (!log.behavior(e).hasValue()) {
                return false;
            }
        }
        return true;
    }

    /** One tuning call's state. */
    private static final class Run {
        private final Dataset training;
        private final TuningOptions o;
        private final TrainingListener listener;
        private final LongSupplier clock;
        private final long t0;
        private final double budget;
        private final TuningOptions.Task task;
        private final MetricSpec metric;
        private final boolean lowerIsBetter;
        /** Measured seconds per unit of work, per algorithm (the largest seen, to stay on the safe side). */
        private final Map<String, Double> unit = new HashMap<>();
        private final Map<String, Double> evalSeconds = new HashMap<>();
        private final List<TuningResult.Trial> trials = new ArrayList<>();
        private final Map<TuningResult.Trial, Config> configOf = new IdentityHashMap<>();
        /** How much slower than the prior the measured algorithms ran (scales the prior of unmeasured ones). */
        private double priorScale = 1.0;
        /** Seconds every training takes whatever the algorithm (popularity's time on the validation part). */
        private double overhead;
        private int skipped;
        private int planned;
        private DataStats valStats;
        private DataStats fullStats;

        Run(Dataset training, TuningOptions o, TrainingListener listener) {
            this.training = training;
            this.o = o;
            this.listener = listener;
            this.clock = o.clock();
            this.t0 = clock.getAsLong();
            this.budget = o.budget().toNanos() / 1e9;
            this.task = resolveTask(o.task(), training.interactions());
            boolean rating = task == TuningOptions.Task.RATING;
            MetricSpec m = o.metric() != null ? o.metric()
                    : rating ? MetricSpec.of(Metric.RMSE) : MetricSpec.of(Metric.NDCG, 10);
            if ((m.metric().kind() == Metric.Kind.RATING) != rating) {
                throw new IllegalArgumentException("metric " + m.name() + " does not fit the " + task.name().toLowerCase(Locale.ROOT)
                        + " task; use " + (rating ? "rmse or mae" : "a ranking metric such as ndcg@10"));
            }
            this.metric = m;
            this.lowerIsBetter = m.metric().kind() == Metric.Kind.RATING;
        }

        double elapsed() {
            return (clock.getAsLong() - t0) / 1e9;
        }

        TuningResult run() {
            Split split = validationSplit();
            Interactions vTrain = split.train();
            Interactions vTest = split.test();
            Dataset valSet = new Dataset(vTrain, training.catalog());
            valStats = DataStats.of(MatrixBuilder.build(vTrain, MatrixOptions.binary()));
            fullStats = DataStats.of(MatrixBuilder.build(training.interactions(), MatrixOptions.binary()));
            String validation = String.format(Locale.ROOT, "%s: %,d events fit, %,d validate", split.description(),
                    vTrain.size(), vTest.size());
            Set<String> registered = new HashSet<>();
            Algorithms.all().forEach(a -> registered.add(a.name()));
            boolean rating = task == TuningOptions.Task.RATING;
            List<Config> plan = SearchSpace.plan(rating, valStats, o.seed(), registered, o.algorithms(), rating
                    ? List.of(new SearchSpace.Mapping(null, Map.of()))
                    : SearchSpace.mappings(training.interactions(), o.behaviorWeights(), o.valueTransform()));
            if (plan.isEmpty()) {
                throw new IllegalArgumentException("no registered algorithm fits the " + task.name().toLowerCase(Locale.ROOT)
                        + " task" + (o.algorithms().isEmpty() ? "" : " among " + o.algorithms()) + "; registered: " + registered);
            }
            planned = plan.size();
            LOG.info("tuning for {} on {} ({} configurations, budget {} s)", metric.name(), validation, plan.size(), budget);
            Evaluator evaluator = new Evaluator(List.of(metric), o.evaluation().toBuilder().seed(o.seed())
                    .splitDescription("validation: " + split.description()).listener(TrainingListener.NONE)
                    .keepRankings(false).build());

            // the fixed cost of a training (id copies, popularity, summary), whatever the algorithm
            long p0 = clock.getAsLong();
            Recommenders.train(valSet, "popularity", Map.of(), TrainingListener.NONE);
            overhead = (clock.getAsLong() - p0) / 1e9;
            // rung 0: every configuration, reduced where it has an iteration count
            List<Config> reducedRan = new ArrayList<>();
            for (Config c : plan) {
                if (elapsed() >= FIRST_RUNG_SHARE * budget && !trials.isEmpty()) {
                    skipped++;
                    continue;
                }
                Config r = c.reducible() ? c.reduced() : c;
                if (!fits(r) && !(trials.isEmpty() && c == cheapest(plan))) {
                    skipped++;
                    continue;
                }
                if (trial(r, valSet, vTrain, vTest, evaluator) != null && c.reducible()) {
                    reducedRan.add(c);
                }
            }
            // rung 1: the best third of the reduced ones at full length
            List<Config> promote = new ArrayList<>(reducedRan);
            promote.sort(Comparator.comparingDouble(c -> rank(scoreOf(c.reduced()))));
            // (budget left after them goes to the next best, in order)
            int keep = Math.max(1, (promote.size() + ETA - 1) / ETA);
            for (int i = 0; i < promote.size(); i++) {
                Config c = promote.get(i);
                if (i < keep) {
                    planned++;
                }
                if (!fits(c)) {
                    skipped += i < keep ? 1 : 0;
                    continue;
                }
                trial(c, valSet, vTrain, vTest, evaluator);
            }
            if (trials.isEmpty()) {
                throw new IllegalStateException("no tuning trial succeeded (see the log for the errors)");
            }
            // the best trial whose training on all the data fits what is left of the budget (the
            // cheapest to train if none does)
            List<TuningResult.Trial> ranked = new ArrayList<>(trials);
            ranked.sort(Comparator.comparingDouble(t -> rank(t.score())));
            TuningResult.Trial best = null;
            // a search that used the budget up (a slow first trial) still allows a short final training
            double left = Math.max(budget - elapsed(), OVERRUN_SHARE * budget);
            // (the plain estimate here: the search's safety margin has been spent on not starting trials)
            for (TuningResult.Trial t : ranked) {
                if (estimateTrain(configOf.get(t), fullStats) / SAFETY <= left) {
                    best = t;
                    break;
                }
            }
            if (best == null) {
                best = ranked.stream().min(Comparator.comparingDouble(t -> estimateTrain(configOf.get(t), fullStats)))
                        .orElseThrow();
            }
            if (best != ranked.get(0)) {
                LOG.info("the best validated {} cannot be trained on all the data within the budget; choosing {}",
                        ranked.get(0).label(), best.label());
            }
            double searchSeconds = elapsed();
            Config win = configOf.get(best);
            listener.onProgress("tuned " + best.label(), 1, 1, Map.of("val-" + metric.name(), best.score()));
            LOG.info("tuning chose {} (validation {} {}), training it on all {} events", best.label(), metric.name(),
                    best.score(), training.interactions().size());
            long f0 = clock.getAsLong();
            RecommenderModel model = Recommenders.train(training, Algorithms.byName(win.algorithm()), win.params(),
                    win.options(), Recommenders.DEFAULT_POPULARITY_HALF_LIFE_DAYS, listener);
            double finalSeconds = (clock.getAsLong() - f0) / 1e9;
            return new TuningResult(model, task, metric.name(), lowerIsBetter, validation, trials, best, skipped,
                    searchSeconds, finalSeconds, budget);
        }

        /** Lower is better after this transform. */
        double rank(double score) {
            return lowerIsBetter ? score : -score;
        }

        double scoreOf(Config c) {
            for (TuningResult.Trial t : trials) {
                if (configOf.get(t) == c || configOf.get(t).equals(c)) {
                    return t.score();
                }
            }
            return lowerIsBetter ? Double.MAX_VALUE : -Double.MAX_VALUE;
        }

        Config cheapest(List<Config> plan) {
            Config best = plan.get(0);
            for (Config c : plan) {
                if (estimateTrain(c.reducible() ? c.reduced() : c, valStats) < estimateTrain(best.reducible() ? best.reduced() : best, valStats)) {
                    best = c;
                }
            }
            return best;
        }

        /** Whether the trial and the final training of the best candidate after it fit in the budget. */
        boolean fits(Config c) {
            double trial = estimateTrain(c, valStats) + estimateEval(c);
            double finalOfThis = estimateTrain(c, fullStats);
            double finalOfBest = 0;
            if (!trials.isEmpty()) {
                TuningResult.Trial best = trials.get(0);
                for (TuningResult.Trial t : trials) {
                    if (rank(t.score()) < rank(best.score())) {
                        best = t;
                    }
                }
                finalOfBest = estimateTrain(configOf.get(best), fullStats);
            }
            return elapsed() + trial + Math.max(finalOfThis, finalOfBest) <= budget;
        }

        double estimateTrain(Config c, DataStats s) {
            Double u = unit.get(c.algorithm());
            double perUnit = u != null ? u : SearchSpace.priorSecondsPerUnit(c.algorithm()) * priorScale;
            return SAFETY * (overhead + perUnit * SearchSpace.work(c, s));
        }

        double estimateEval(Config c) {
            Double e = evalSeconds.get(c.algorithm());
            if (e != null) {
                return SAFETY * e;
            }
            double max = 0;
            for (double v : evalSeconds.values()) {
                max = Math.max(max, v);
            }
            return SAFETY * (evalSeconds.isEmpty() ? SearchSpace.priorEvalSeconds(valStats) : max);
        }

        /**
         * The time (seconds since the start) after which a trial's training is stopped: when the
         * final training of the best trial so far (plain estimate) would no longer fit, or at 90% of
         * the budget before any trial.
         */
        double deadline() {
            if (trials.isEmpty()) {
                return 0.9 * budget;
            }
            TuningResult.Trial best = trials.get(0);
            for (TuningResult.Trial t : trials) {
                if (rank(t.score()) < rank(best.score())) {
                    best = t;
                }
            }
            return budget - estimateTrain(configOf.get(best), fullStats) / SAFETY;
        }

        /** Runs one trial; null if it failed (logged, not counted) or was stopped at its deadline (counted as skipped). */
        TuningResult.Trial trial(Config c, Dataset valSet, Interactions vTrain, Interactions vTest, Evaluator evaluator) {
            long s = clock.getAsLong();
            RecommenderModel m;
            dev.recsys.eval.EvaluationResult r;
            long mid;
            double deadline = deadline();
            TrainingListener guarded = (stage, step, total, metrics) -> {
                listener.onProgress(stage, step, total, metrics);
                if (elapsed() > deadline) {
                    throw new TrialStopped();
                }
            };
            try {
                m = Recommenders.train(valSet, Algorithms.byName(c.algorithm()), c.params(), c.options(),
                        Recommenders.DEFAULT_POPULARITY_HALF_LIFE_DAYS, guarded);
                mid = clock.getAsLong();
                // the validation histories weigh the events as this candidate's matrix does
                Evaluator ev = c.options() == null ? evaluator
                        : new Evaluator(evaluator.metrics(), evaluator.options().toBuilder().historyOptions(c.options()).build());
                r = ev.evaluate(vTrain, vTest, m.model());
            } catch (RuntimeException e) {
                if (!stopped(e)) {
                    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                            || e instanceof ArithmeticException) {
                        LOG.warn("tuning trial {} failed: {}", c.label(), e.getMessage());
                        return null;
                    }
                    throw e;
                }
                // what it ran is a lower bound of its cost: no later trial of this algorithm is started
                // unless it fits with that rate
                double w = SearchSpace.work(c, valStats);
                if (w > 0) {
                    unit.merge(c.algorithm(), Math.max(0, (clock.getAsLong() - s) / 1e9 - overhead) / w, Math::max);
                }
                skipped++;
                LOG.info("tuning trial {} stopped after {} s: it would not leave time to train the best so far on all the"
                        + " data", c.label(), (clock.getAsLong() - s) / 1e9);
                return null;
            }
            long end = clock.getAsLong();
            double trainSec = (mid - s) / 1e9;
            double evalSec = (end - mid) / 1e9;
            double score = r.metric(metric.name());
            if (!Double.isFinite(score)) {
                LOG.warn("tuning trial {} gave no finite {}; left out", c.label(), metric.name());
                return null;
            }
            // train time = fixed overhead (indices, popularity, summary; measured by the probe) + unit x work
            double w = SearchSpace.work(c, valStats);
            if (w > 0) {
                double perUnit = Math.max(0, trainSec - overhead) / w;
                unit.merge(c.algorithm(), perUnit, Math::max);
                if (w * SearchSpace.priorSecondsPerUnit(c.algorithm()) >= CALIBRATION_SECONDS) {
                    priorScale = Math.max(priorScale, perUnit / SearchSpace.priorSecondsPerUnit(c.algorithm()));
                }
            }
            evalSeconds.merge(c.algorithm(), evalSec, Math::max);
            TuningResult.Trial t = new TuningResult.Trial(c.algorithm(), c.shown(), c.isReduced(), score, trainSec, evalSec);
            trials.add(t);
            configOf.put(t, c);
            listener.onProgress("tune " + t.label(), trials.size(), planned,
                    Map.of("val-" + metric.name(), score, "train-seconds", trainSec));
            LOG.info("tuning trial {}: {} {} ({} s train, {} s eval)", t.label(), metric.name(), score, trainSec, evalSec);
            return t;
        }

        /** Whether {@code e} (or a cause of it) is the stop of a trial at its deadline. */
        private static boolean stopped(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TrialStopped) {
                    return true;
                }
            }
            return false;
        }

        /** Per-user hold-out, or a time cut-off for timestamped implicit behaviour; falls back to per-user. */
        Split validationSplit() {
            Interactions log = training.interactions();
            double f = o.validationFraction();
            boolean timed = false;
            if (task == TuningOptions.Task.RANKING && !allRated(log)) {
                long[] range = log.timeRange();
                timed = range != null && range.length == 2 && range[1] > range[0];
            }
            List<Split> candidates = new ArrayList<>();
            if (timed) {
                try {
                    candidates.add(TimeCutoff.latestFraction(f).split(log).get(0));
                } catch (IllegalArgumentException e) {
                    LOG.info("time cut-off not possible ({}); per-user hold-out instead", e.getMessage());
                }
            }
            candidates.add(new PerUserHoldout(f, o.seed()).split(log).get(0));
            for (Split s : candidates) {
                if (!s.train().isEmpty() && usable(s)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("cannot cut a validation split from the training data (" + log.size()
                    + " events): no user keeps a training event and has a relevant held-out event; tuning needs users with"
                    + " at least 2 items");
        }

        private boolean usable(Split s) {
            Interactions train = s.train();
            Interactions test = s.test();
            if (test.isEmpty()) {
                return false;
            }
            boolean[] hasTrain = new boolean[train.users().size()];
            for (int e = 0; e < train.size(); e++) {
                hasTrain[train.user(e)] = true;
            }
            boolean rating = task == TuningOptions.Task.RATING;
            for (int e = 0; e < test.size(); e++) {
                if (!hasTrain[test.user(e)]) {
                    continue;
                }
                if (rating ? test.behavior(e).hasValue()
                        : o.evaluation().isRelevant(test.behavior(e), test.value(e))) {
                    return true;
                }
            }
            return false;
        }
    }
}
