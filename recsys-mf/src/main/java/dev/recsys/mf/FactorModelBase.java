package dev.recsys.mf;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.History;
import dev.recsys.mf.internal.ModelIo;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;

/**
 * What the four factor models of this package share: the stored user rows and item factors (and
 * item biases where the model has them), the {@link FactorModel} accessors, scoring (pick the user
 * row by the rule of {@link QueryUser}, then fill the score of every item), and the payload header
 * {@code tag, version, k, users, items} with its length checks. The explicit-rating models
 * ({@code biased-mf}, {@code als}, {@code svdpp}) also carry {@link RatingTerms}: their user rows
 * are scored as {@code [b_u, p_u]} with {@code mu + b_u + b_i + p_u . q_i}, a query's history is
 * read as ratings, and {@link #predict} returns the clamped rating. The implicit models
 * ({@code ials}, {@code bpr}) score {@code p_u . q_i} plus the item bias where there is one. Each
 * model supplies its fold-in and the rest of its payload, so the file formats are unchanged.
 *
 * <p>Thread safety: immutable once constructed (subclasses keep it so); all methods are safe for
 * concurrent use.
 */
abstract class FactorModelBase implements TrainedModel, FactorModel {
    private final String algorithm;
    private final Params params;
    final int k;
    final int numUsers;
    final int numItems;
    /** Row-major {@code numUsers x k}: the vectors {@link #userVector} returns. */
    final float[] userRows;
    /** Row-major {@code numItems x k}. */
    final float[] itemFactors;
    /** One per item, or null for a model without item biases. */
    final float[] itemBias;
    final Fingerprints fingerprints;
    /** The explicit-rating terms, or null for an implicit model. */
    final RatingTerms ratings;

    FactorModelBase(String algorithm, Params params, int k, int numUsers, int numItems, float[] userRows,
                    float[] itemFactors, float[] itemBias, RatingTerms ratings, Fingerprints fingerprints) {
        this.algorithm = algorithm;
        this.params = params;
        this.k = k;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.userRows = userRows;
        this.itemFactors = itemFactors;
        this.itemBias = itemBias;
        this.fingerprints = fingerprints;
        this.ratings = ratings;
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    @Override
    public int numUsers() {
        return numUsers;
    }

    @Override
    public int factors() {
        return k;
    }

    @Override
    public float[] itemFactors() {
        return itemFactors;
    }

    @Override
    public float[] itemBiases() {
        return itemBias;
    }

    @Override
    public float[] userVector(int user) {
        return QueryUser.vector(userRows, user, numUsers, k);
    }

    @Override
    public final boolean score(Query query, float[] out) {
        float[] row = QueryUser.row(query, numUsers, fingerprints, this::storedRow, () -> history(query),
                this::fold);
        if (row == null) {
            return false;
        }
        fillScores(row, out);
        return true;
    }

    /** The row a known user scores with, in the layout {@link #fold} returns. */
    private float[] storedRow(int user) {
        return ratings == null ? userVector(user) : QueryUser.biasAndVector(ratings.userBias(), userRows, user, k);
    }

    /** The query's events: ratings (missing ones the largest training rating) or implicit weights. */
    private History history(Query query) {
        return ratings == null ? History.lenient(query, numItems, true, 1f)
                : History.lenient(query, numItems, false, ratings.maxRating());
    }

    /**
     * The row folded in from a non-empty history: {@code [b, p_1..p_k]} for an explicit-rating
     * model, {@code p} otherwise.
     */
    abstract float[] fold(History h);

    /** Fills {@code out[0..numItems)} with the score of every item for {@code row}. */
    private void fillScores(float[] row, float[] out) {
        if (ratings != null) {
            QueryUser.biasedScores(itemFactors, itemBias, numItems, k, ratings.mu(), row, out);
            return;
        }
        Kernels.get().scoreRows(itemFactors, numItems, k, row, 0, out, 0);
        if (itemBias != null) {
            for (int i = 0; i < numItems; i++) {
                out[i] += itemBias[i];
            }
        }
    }

    @Override
    public final boolean predictsRatings() {
        return ratings != null;
    }

    /**
     * Predicted rating {@code mu + b_u + b_i + p_u . q_i}, clamped to the training rating range.
     *
     * @throws UnsupportedOperationException for an implicit model
     */
    @Override
    public final float predict(int user, int item) {
        if (ratings == null) {
            return TrainedModel.super.predict(user, item);
        }
        checkUser(user);
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item index " + item + " is outside [0, " + numItems + ")");
        }
        float r = ratings.mu() + ratings.userBias()[user] + itemBias[item]
                + Kernels.get().dot(userRows, user * k, itemFactors, item * k, k);
        return Math.max(ratings.minRating(), Math.min(ratings.maxRating(), r));
    }

    final void checkUser(int user) {
        QueryUser.checkUser(user, numUsers);
    }

    /** Writes the payload header {@code tag, version, k, users, items}. */
    final void writeShape(ModelOutput out, String tag, int version) throws IOException {
        ModelIo.writeHeader(out, tag, version);
        out.writeInt(k);
        out.writeInt(numUsers);
        out.writeInt(numItems);
    }

    /**
     * The explicit-rating models' terms beside the factors: the global mean, the training rating
     * range, the fold-in regularisation and the user biases (one per user; the array is shared,
     * not copied).
     */
    record RatingTerms(float mu, float minRating, float maxRating, float reg, float regBias, float[] userBias) {
        /** Writes {@code mu, minRating, maxRating, reg, regBias, userBias}. */
        void write(ModelOutput out) throws IOException {
            out.writeFloat(mu);
            out.writeFloat(minRating);
            out.writeFloat(maxRating);
            out.writeFloat(reg);
            out.writeFloat(regBias);
            out.writeFloats(userBias);
        }

        /** Reads what {@link #write} wrote, the user bias length checked against {@code users}. */
        static RatingTerms read(ModelInput in, int users) throws IOException {
            float mu = in.readFloat();
            float min = in.readFloat();
            float max = in.readFloat();
            float reg = in.readFloat();
            float regBias = in.readFloat();
            float[] bu = ModelIo.floats(in, users, "user biases");
            return new RatingTerms(mu, min, max, reg, regBias, bu);
        }
    }

    /**
     * Writes what every explicit-rating payload starts with: the header of {@link #writeShape}, the
     * {@link RatingTerms}, the item biases, the user rows and the item factors.
     */
    final void writeRatingFactors(ModelOutput out, String tag, int version) throws IOException {
        writeShape(out, tag, version);
        ratings.write(out);
        out.writeFloats(itemBias);
        out.writeFloats(userRows);
        out.writeFloats(itemFactors);
    }

    /** What {@link #writeRatingFactors} wrote, read back by {@link #read}. */
    record RatingFactors(Shape shape, RatingTerms ratings, float[] itemBias, float[] userRows, float[] itemFactors) {
        /**
         * Reads what {@link #writeRatingFactors} wrote, every length checked before allocation.
         *
         * @param userRowsName what the user rows are called in error messages
         */
        static RatingFactors read(ModelInput in, String tag, int version, String userRowsName) throws IOException {
            Shape s = readShape(in, tag, version);
            RatingTerms r = RatingTerms.read(in, s.users());
            float[] bi = ModelIo.floats(in, s.items(), "item biases");
            float[] p = s.userRows(in, userRowsName);
            float[] q = s.itemRows(in, "item factors");
            return new RatingFactors(s, r, bi, p, q);
        }
    }

    /** The dimensions read by {@link #readShape}. */
    record Shape(int k, int users, int items) {
        /** Reads the user rows ({@code users x k} floats), the length checked before allocation. */
        float[] userRows(ModelInput in, String what) throws IOException {
            return ModelIo.floats(in, (long) users * k, what);
        }

        /** Reads an item matrix ({@code items x k} floats), the length checked before allocation. */
        float[] itemRows(ModelInput in, String what) throws IOException {
            return ModelIo.floats(in, (long) items * k, what);
        }
    }

    /**
     * Reads what {@link #writeShape} wrote. Every factor model refuses {@code k = 0}: training
     * never makes one, so such a payload is damaged.
     *
     * @throws IOException naming the field if a count is out of range
     */
    static Shape readShape(ModelInput in, String tag, int version) throws IOException {
        ModelIo.readHeader(in, tag, version);
        int k = ModelIo.count(in, "factors", 1 << 16);
        if (k == 0) {
            throw new IOException(tag + " payload: factors must be > 0, got 0");
        }
        int users = ModelIo.count(in, "users", Integer.MAX_VALUE);
        int items = ModelIo.count(in, "items", Integer.MAX_VALUE);
        return new Shape(k, users, items);
    }
}
