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
 * item biases where the model has them), the {@link FactorModel} accessors, the scoring template
 * (pick the user row by the rule of {@link QueryUser}, then fill the score of every item), the
 * clamped rating prediction of the biased models, and the payload header
 * {@code tag, version, k, users, items} with its length checks. Each model supplies its stored
 * row layout, its history reading, its fold-in and its score fill; the payload after the header
 * stays each model's own, so the file formats are unchanged.
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

    FactorModelBase(String algorithm, Params params, int k, int numUsers, int numItems, float[] userRows,
                    float[] itemFactors, float[] itemBias, Fingerprints fingerprints) {
        this.algorithm = algorithm;
        this.params = params;
        this.k = k;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.userRows = userRows;
        this.itemFactors = itemFactors;
        this.itemBias = itemBias;
        this.fingerprints = fingerprints;
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
    abstract float[] storedRow(int user);

    /** The query's events as this model reads them. */
    abstract History history(Query query);

    /** The row folded in from a non-empty history. */
    abstract float[] fold(History h);

    /** Fills {@code out[0..numItems)} with the score of every item for {@code row}. */
    abstract void fillScores(float[] row, float[] out);

    /**
     * {@code mu + userBias[user] + itemBias[item] + userRows[user] . itemFactors[item]}, clamped to
     * {@code [min, max]}: the biased models' rating prediction.
     */
    final float predictRating(int user, int item, float mu, float[] userBias, float min, float max) {
        checkUser(user);
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item index " + item + " is outside [0, " + numItems + ")");
        }
        float r = mu + userBias[user] + itemBias[item]
                + Kernels.get().dot(userRows, user * k, itemFactors, item * k, k);
        return Math.max(min, Math.min(max, r));
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
     * Reads what {@link #writeShape} wrote.
     *
     * @param positiveFactors whether {@code k = 0} is rejected
     */
    static Shape readShape(ModelInput in, String tag, int version, boolean positiveFactors) throws IOException {
        ModelIo.readHeader(in, tag, version);
        int k = ModelIo.count(in, "factors", 1 << 16);
        if (positiveFactors && k == 0) {
            throw new IOException("factors must be > 0");
        }
        int users = ModelIo.count(in, "users", Integer.MAX_VALUE);
        int items = ModelIo.count(in, "items", Integer.MAX_VALUE);
        return new Shape(k, users, items);
    }
}
