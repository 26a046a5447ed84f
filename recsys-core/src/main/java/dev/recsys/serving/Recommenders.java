package dev.recsys.serving;

import dev.recsys.baseline.Popularity;
import dev.recsys.data.DataField;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.scene.TrainingSummary;
import dev.recsys.internal.snapshot.Snapshots;
import dev.recsys.scene.SceneEngine;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for training: turns a {@link Dataset}, an algorithm name and parameters into a
 * servable {@link RecommenderModel}.
 *
 * <pre>{@code
 * RecommenderModel m = Recommenders.train(dataset, "item-cooccurrence", Map.of("neighbors", "50"), TrainingListener.NONE);
 * List<Recommendation> recs = m.recommender().recommend("user-42", Scene.HOME, 10);
 * }</pre>
 *
 * <p>Thread safety: stateless; concurrent calls on data nobody modifies are safe.
 */
public final class Recommenders {
    /** Default half-life in days of the cold-start popularity decay. */
    public static final double DEFAULT_POPULARITY_HALF_LIFE_DAYS = 30.0;
    private static final Logger LOG = LoggerFactory.getLogger(Recommenders.class);

    private Recommenders() {
    }

    /**
     * The matrix options an algorithm trains on by default: {@link MatrixOptions#ratings()} for
     * explicit-feedback algorithms, else {@link MatrixOptions#implicitDefaults()}.
     */
    public static MatrixOptions defaultOptions(Algorithm algorithm) {
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm must not be null");
        }
        return algorithm.explicit() ? MatrixOptions.ratings() : MatrixOptions.implicitDefaults();
    }

    /**
     * Trains with the algorithm's default matrix options.
     *
     * @param dataset   events and catalogue. Not modified.
     * @param algorithm algorithm name, see {@link Algorithms#all()}
     * @param params    parameter values as text (missing ones take defaults); null = all defaults
     * @param listener  progress receiver, or null
     * @throws IllegalArgumentException for an unknown algorithm (listing the available ones), an
     *                                  unknown or invalid parameter, or an empty data set
     */
    public static RecommenderModel train(Dataset dataset, String algorithm, Map<String, String> params,
                                         TrainingListener listener) {
        return train(dataset, Algorithms.byName(algorithm), params, null, DEFAULT_POPULARITY_HALF_LIFE_DAYS, listener);
    }

    /** Trains with explicit matrix options; see {@link #train(Dataset, String, Map, TrainingListener)}. */
    public static RecommenderModel train(Dataset dataset, String algorithm, Map<String, String> params,
                                         MatrixOptions options, TrainingListener listener) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        return train(dataset, Algorithms.byName(algorithm), params, options, DEFAULT_POPULARITY_HALF_LIFE_DAYS, listener);
    }

    /**
     * Trains with every choice explicit.
     *
     * @param dataset                events and catalogue. Not modified (the model keeps copies of
     *                               its id indices and catalogue, so the data set may change later)
     * @param algorithm              the algorithm (need not be registered, but then the model
     *                               cannot be loaded back from a file)
     * @param params                 parameter values as text; null = all defaults
     * @param options                matrix options, or null for {@link #defaultOptions(Algorithm)}
     * @param popularityHalfLifeDays half-life of the cold-start popularity decay in days; 0 = none
     * @param listener               progress receiver, or null
     * @throws IllegalArgumentException naming the bad argument or parameter
     */
    public static RecommenderModel train(Dataset dataset, Algorithm algorithm, Map<String, String> params,
                                         MatrixOptions options, double popularityHalfLifeDays,
                                         TrainingListener listener) {
        if (dataset == null) {
            throw new IllegalArgumentException("dataset must not be null");
        }
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm must not be null");
        }
        if (!(popularityHalfLifeDays >= 0) || Double.isInfinite(popularityHalfLifeDays)) {
            throw new IllegalArgumentException("popularityHalfLifeDays must be finite and >= 0, got " + popularityHalfLifeDays);
        }
        Params p = Params.parse(algorithm.params(), params);
        MatrixOptions opts = options != null ? options : defaultOptions(algorithm);
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        for (String w : opts.warnings(dataset.interactions())) {
            LOG.warn("{}", w);
        }
        // a column given and not used is a warning; basket and session ids are for the context
        // protocols (recsys-eval), so that training leaves them unread is an info line
        String reader = "training " + algorithm.name() + " or its serving path";
        EnumSet<DataField> protocolOnly = EnumSet.of(DataField.BASKET, DataField.SESSION);
        EnumSet<DataField> warnUnless = EnumSet.copyOf(readFields(algorithm, p));
        warnUnless.addAll(protocolOnly);
        for (String w : dataset.unusedFields(warnUnless, reader)) {
            LOG.warn("{}", w);
        }
        for (String w : dataset.unusedFields(EnumSet.complementOf(protocolOnly), reader)) {
            LOG.info("{}", w);
        }
        TrainingData data = new TrainingData(dataset, opts);
        long t0 = System.nanoTime();
        TrainedModel model = algorithm.train(data, p, l);
        if (model == null) {
            throw new IllegalStateException("algorithm " + algorithm.name() + " returned no model");
        }
        LOG.info("trained {} {} on {} events in {} ms", algorithm.name(), p, dataset.interactions().size(),
                (System.nanoTime() - t0) / 1_000_000);
        float[] pop = Popularity.counts(dataset.interactions(), opts, popularityHalfLifeDays * 86_400.0);
        IdIndex users = Snapshots.copy(dataset.interactions().users());
        IdIndex items = Snapshots.copy(dataset.interactions().items());
        ItemCatalog catalog = Snapshots.copy(dataset.catalog(), items);
        ModelMetadata meta = new ModelMetadata(algorithm.name(), p, seedOf(p), ModelMetadata.currentLibraryVersion(),
                Instant.now(), opts, popularityHalfLifeDays);
        TrainingSummary summary = TrainingSummary.of(dataset.interactions(), users, items, catalog, opts,
                SceneEngine.DEFAULT_TRENDING_HALF_LIFE_DAYS, SceneEngine.DEFAULT_SESSION_GAP_SECONDS);
        return new RecommenderModel(model, users, items, data.matrix(), catalog, pop, meta, summary);
    }

    /**
     * The optional data fields (see {@link DataField}) that a model of {@code algorithm} reads,
     * in training ({@link Algorithm#reads}) or through its serving path: the category always (the
     * model keeps the catalogue for category filters, diversity and similar items). {@link #train}
     * logs a warning (basket and session ids: an info line, the context protocols read them) for
     * each field of the data set outside this set; callers that evaluate add what their protocol
     * reads and call {@link Dataset#unusedFields}.
     *
     * @param params validated parameters of the algorithm
     */
    public static Set<DataField> readFields(Algorithm algorithm, Params params) {
        if (algorithm == null || params == null) {
            throw new IllegalArgumentException("algorithm and params must not be null");
        }
        EnumSet<DataField> out = EnumSet.of(DataField.CATEGORY);
        out.addAll(algorithm.reads(params));
        return out;
    }

    /** Default seed of {@link #tune(Dataset, Duration, TrainingListener)}. */
    public static final long DEFAULT_TUNING_SEED = 42L;

    /**
     * Chooses the algorithm and parameters automatically: cuts a validation split from
     * {@code training} (nothing else is seen), searches the algorithms that fit the data within the
     * budget, and trains the winner on all of {@code training}. The choice and the validation table
     * are reported through the listener (stage {@code tune}); the returned model's
     * {@link ModelMetadata} names the chosen algorithm and parameters. Same seed, data and budget
     * admitting the same trials give the same model.
     *
     * <p>The search lives in recsys-eval (it needs metrics and split protocols), found through the
     * {@link AutoTuner} service; {@code dev.recsys.eval.Tuner} is the same search with every option
     * and a result object holding the validation table.
     *
     * @param training events and catalogue of the training data. Not modified.
     * @param budget   wall-clock budget of the whole call (search and final training), e.g. 60 s
     * @param listener progress receiver, or null
     * @throws IllegalArgumentException for a null or empty data set or a non-positive budget
     * @throws IllegalStateException    if no {@link AutoTuner} is on the class path (add
     *                                  {@code dev.recsys:recsys-eval})
     */
    public static RecommenderModel tune(Dataset training, Duration budget, TrainingListener listener) {
        return tune(training, budget, DEFAULT_TUNING_SEED, listener);
    }

    /** Like {@link #tune(Dataset, Duration, TrainingListener)} with an explicit seed. */
    public static RecommenderModel tune(Dataset training, Duration budget, long seed, TrainingListener listener) {
        if (training == null) {
            throw new IllegalArgumentException("training must not be null");
        }
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be positive, got " + budget);
        }
        Iterator<AutoTuner> it = ServiceLoader.load(AutoTuner.class, Recommenders.class.getClassLoader()).iterator();
        if (!it.hasNext()) {
            throw new IllegalStateException("automatic tuning needs an AutoTuner on the class path: add dev.recsys:recsys-eval");
        }
        return it.next().tune(training, budget, seed, listener == null ? TrainingListener.NONE : listener);
    }

    /** The value of a {@code seed} parameter, or 0 if there is none. */
    static long seedOf(Params p) {
        for (ParamSpec s : p.specs()) {
            if (s.name().equals("seed")) {
                if (s.type() == ParamSpec.Type.LONG) {
                    return p.getLong("seed");
                }
                if (s.type() == ParamSpec.Type.INT) {
                    return p.getInt("seed");
                }
            }
        }
        return 0L;
    }
}
