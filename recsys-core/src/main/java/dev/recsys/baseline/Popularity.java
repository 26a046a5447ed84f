package dev.recsys.baseline;

import dev.recsys.data.Behavior;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.TimeDecay;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.privacy.PrivateCounts;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Explainable;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code popularity} baseline: every item scores the sum of its events' behaviour weights
 * (from the training {@link MatrixOptions}; a rating counts its weight, not its value), each
 * decayed by {@code 2^(-age / half-life)} relative to the log's reference time (the latest event
 * that is not an outlier, see {@link TimeDecay}) when {@code half-life-days} is positive. Everybody gets the same scores, including unknown users.
 * With {@code dp-epsilon > 0} the counts are differentially private instead (bounded per user,
 * with noise; see {@link PrivateCounts}).
 *
 * <p>Thread safety: stateless and thread-safe; its models are immutable.
 */
public final class Popularity implements Algorithm {
    /** Algorithm name. */
    public static final String NAME = "popularity";
    /** Parameter: half-life of the time decay in days (0: plain counts). */
    public static final String HALF_LIFE_DAYS = "half-life-days";
    private static final double SECONDS_PER_DAY = 86_400.0;

    private static final List<ParamSpec> PARAMS = PrivateCounts.withParams(
            ParamSpec.ofDouble(HALF_LIFE_DAYS, 0.0, 0.0, 36_500.0,
                    "half-life of the time decay in days relative to the latest (non-outlier) event; 0 = no decay"));

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public Popularity() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "most popular items (behaviour-weighted counts, optional time decay); same for everyone";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        double hl = params.getDouble(HALF_LIFE_DAYS) * SECONDS_PER_DAY;
        PrivateCounts.Budget dp = PrivateCounts.Budget.of(params);
        float[] scores = dp == null ? counts(data.dataset().interactions(), data.options(), hl)
                : PrivateCounts.popularity(data.dataset().interactions(), data.options(), hl, dp);
        TrainingChecks.requireFinite(NAME, "check the behaviour weights and " + HALF_LIFE_DAYS, scores);
        if (listener != null) {
            listener.onProgress("items", 1, 1, Map.of());
        }
        return new PopularityModel(scores, params);
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        int n = in.readInt();
        float[] scores = in.readFloats();
        if (scores.length != n) {
            throw new ModelFormatException("popularity payload declares " + n + " items but holds " + scores.length + " scores");
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(scores[i])) {
                throw new ModelFormatException("popularity payload: score of item " + i + " is not finite (" + scores[i] + ")");
            }
        }
        return new PopularityModel(scores, params);
    }

    /**
     * Behaviour-weighted, optionally time-decayed event counts per item.
     *
     * @param log             the events. Not modified.
     * @param options         supplies the behaviour weights (events of weight 0 do not count)
     * @param halfLifeSeconds half-life of the decay relative to {@link TimeDecay#referenceTime}; 0 = none
     * @return one finite, non-negative score per item of {@code log.items()}
     * @throws IllegalArgumentException if {@code halfLifeSeconds} is negative or not finite
     */
    public static float[] counts(Interactions log, MatrixOptions options, double halfLifeSeconds) {
        if (!(halfLifeSeconds >= 0) || Double.isInfinite(halfLifeSeconds)) {
            throw new IllegalArgumentException("halfLifeSeconds must be finite and >= 0, got " + halfLifeSeconds);
        }
        int nItems = log.items().size();
        double[] acc = new double[nItems];
        float[] w = new float[Behavior.values().length];
        for (Behavior b : Behavior.values()) {
            w[b.code()] = options.weight(b);
        }
        long tRef = halfLifeSeconds > 0 ? TimeDecay.referenceTime(log) : 0;
        int n = log.size();
        for (int e = 0; e < n; e++) {
            float wb = w[log.behaviorCode(e)];
            if (wb == 0f) {
                continue;
            }
            double v = wb;
            if (halfLifeSeconds > 0) {
                v *= TimeDecay.weight(tRef, log.time(e), halfLifeSeconds);
            }
            acc[log.item(e)] += v;
        }
        float[] out = new float[nItems];
        for (int i = 0; i < nItems; i++) {
            float f = (float) acc[i];
            out[i] = Float.isFinite(f) ? f : Float.MAX_VALUE;
        }
        return out;
    }

    /** Same scores for every query. */
    static final class PopularityModel implements TrainedModel, Explainable {
        private final float[] scores;
        private final Params params;

        PopularityModel(float[] scores, Params params) {
            this.scores = scores;
            this.params = params;
        }

        @Override
        public String algorithm() {
            return NAME;
        }

        @Override
        public Params params() {
            return params;
        }

        @Override
        public int numItems() {
            return scores.length;
        }

        @Override
        public boolean score(Query query, float[] out) {
            System.arraycopy(scores, 0, out, 0, scores.length);
            return true;
        }

        @Override
        public int influentialItem(Query query, int item) {
            return -1;
        }

        @Override
        public boolean popularityBased() {
            return true;
        }

        @Override
        public void save(ModelOutput out) throws IOException {
            out.writeInt(scores.length);
            out.writeFloats(scores);
        }
    }
}
