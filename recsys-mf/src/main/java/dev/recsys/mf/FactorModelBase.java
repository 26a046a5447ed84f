package dev.recsys.mf;

import dev.recsys.internal.ann.ItemSearch;
import dev.recsys.internal.ann.ItemStoreModel;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.rows.FactorRows;
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
 * model supplies its fold-in and the rest of its payload (the file formats of float models are unchanged).
 *
 * <p>User rows ({@link FactorRows}): on the heap as trained, or memory-mapped when the model was
 * loaded from a model bundle (the implicit models' user factors, see {@code ModelBundles}); a known
 * user's row is copied out when it is scored. The payload format is the same either way.
 *
 * <p>Item storage ({@link ItemStoreModel}): the item factors live in a {@link QuantizedFactors}
 * store, float as trained or, after {@link #withItemStore} (serving with int8 or bfloat16
 * factors), quantised only: the float array is then not kept. Scores, predictions and similar
 * items read the store; fold-ins read the stored rows of the history's items only (gathered and
 * dequantised per request; BPR's sampled negatives row by row), the implicit model's Gram matrix is
 * computed from the stored rows; the payload writes the store in place of the float factors (an
 * empty float array, then {@link QuantizedFactors#write}).
 *
 * <p>Thread safety: immutable once constructed (subclasses keep it so); all methods are safe for
 * concurrent use.
 */
abstract class FactorModelBase implements TrainedModel, ItemStoreModel {
    /**
     * The float array that stands for "the item factors follow in stored form" in a payload: empty,
     * which a model with items and factors never writes otherwise.
     */
    private static final float[] STORED_MARKER = {};

    private final String algorithm;
    private final Params params;
    final int k;
    final int numUsers;
    final int numItems;
    /** {@code numUsers x k}, heap or mapped: the vectors {@link #userVector} returns. */
    final FactorRows userRows;
    /** Row-major {@code numItems x k}, or null when the item factors are held quantised only ({@link #items}). */
    final float[] itemFactors;
    /** The item factors and biases as held (FLOAT: wraps {@link #itemFactors}). */
    final QuantizedFactors items;
    /** One per item, or null for a model without item biases. */
    final float[] itemBias;
    final Fingerprints fingerprints;
    /** The explicit-rating terms, or null for an implicit model. */
    final RatingTerms ratings;

    FactorModelBase(String algorithm, Params params, int k, int numUsers, int numItems, float[] userRows,
                    float[] itemFactors, float[] itemBias, RatingTerms ratings, Fingerprints fingerprints) {
        this(algorithm, params, k, numUsers, userRows,
                QuantizedFactors.of(dev.recsys.serving.FactorStorage.FLOAT, itemFactors, numItems, k, itemBias), ratings,
                fingerprints);
    }

    /** The general form: the item side is {@code items} (float or quantised, with the item biases or null). */
    FactorModelBase(String algorithm, Params params, int k, int numUsers, float[] userRows, QuantizedFactors items,
                    RatingTerms ratings, Fingerprints fingerprints) {
        this(algorithm, params, k, FactorRows.of(userRows, numUsers, k), items, ratings, fingerprints);
    }

    /** The general form with user rows held as {@code userRows} (heap or mapped; {@code k} wide). */
    FactorModelBase(String algorithm, Params params, int k, FactorRows userRows, QuantizedFactors items,
                    RatingTerms ratings, Fingerprints fingerprints) {
        int numUsers = userRows.rows();
        if (userRows.dim() != k) {
            throw new IllegalArgumentException("user rows of dimension " + userRows.dim() + " for k = " + k);
        }
        if (items.dim() != k) {
            throw new IllegalArgumentException("item store of dimension " + items.dim() + " for k = " + k);
        }
        this.algorithm = algorithm;
        this.params = params;
        this.k = k;
        this.numUsers = numUsers;
        this.numItems = items.numItems();
        this.userRows = userRows;
        this.items = items;
        this.itemFactors = items.floats();
        this.itemBias = items.biases();
        this.fingerprints = fingerprints;
        this.ratings = ratings;
    }

    /** A model of the same kind as {@code from} over the item store {@code items} (biases: from's). */
    FactorModelBase(FactorModelBase from, QuantizedFactors items) {
        if (items.numItems() != from.numItems || items.dim() != from.k) {
            throw new IllegalArgumentException("item store of " + items.numItems() + " x " + items.dim() + " for a model of "
                    + from.numItems + " items x " + from.k);
        }
        this.algorithm = from.algorithm;
        this.params = from.params;
        this.k = from.k;
        this.numUsers = from.numUsers;
        this.numItems = from.numItems;
        this.userRows = from.userRows;
        this.itemBias = from.itemBias;
        this.items = items.biases() == from.itemBias ? items : items.withBiases(from.itemBias);
        this.itemFactors = this.items.floats();
        this.fingerprints = from.fingerprints;
        this.ratings = from.ratings;
    }

    @Override
    public QuantizedFactors itemStore() {
        return items;
    }

    @Override
    public final FactorModel withItemStore(QuantizedFactors store) {
        if (store == items) {
            return this;
        }
        return copyOnto(store);
    }

    /** This model over another item store (see {@link #withItemStore}). */
    abstract FactorModelBase copyOnto(QuantizedFactors store);

    /** The rows a fold-in reads: the float factors with the history's indices, or the gathered stored rows. */
    record FoldRows(float[] f, int[] idx, float[] bias) {
    }

    /** {@link FoldRows} of the history's items. */
    final FoldRows foldRows(History h) {
        return foldRows(items, h);
    }

    /** {@link FoldRows} of the history's items in {@code store} (biases: the store's). */
    static FoldRows foldRows(QuantizedFactors store, History h) {
        if (store.floats() != null) {
            return new FoldRows(store.floats(), h.items(), store.biases());
        }
        int n = h.size();
        int[] idx = new int[n];
        float[] b = store.biases() == null ? null : new float[n];
        for (int j = 0; j < n; j++) {
            idx[j] = j;
            if (b != null) {
                b[j] = store.biases()[h.items()[j]];
            }
        }
        return new FoldRows(store.gather(h.items(), n), idx, b);
    }

    /** Writes item factors (or implicit factors) as held: the float array, or the marker and the store. */
    static void writeItems(ModelOutput out, QuantizedFactors store) throws IOException {
        if (store.floats() != null || (long) store.numItems() * store.dim() == 0) {
            out.writeFloats(store.floats() != null ? store.floats() : new float[0]);
            return;
        }
        out.writeFloats(STORED_MARKER);
        store.write(out);
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

    /** The float item factors; for a model holding them quantised, a dequantised copy made on each call. */
    @Override
    public float[] itemFactors() {
        return itemFactors != null ? itemFactors : items.toFloats();
    }

    @Override
    public int similarItems(int item, int k, int[] outItems, float[] outScores) {
        if (itemFactors != null) {
            return ItemStoreModel.super.similarItems(item, k, outItems, outScores);
        }
        return ItemSearch.similarStored(items, item, k, outItems, outScores);
    }

    @Override
    public float[] itemBiases() {
        return itemBias;
    }

    @Override
    public float[] userVector(int user) {
        checkUser(user);
        return userRows.row(user);
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
        if (itemFactors == null) {
            if (ratings != null) {
                items.scoreAll(row, 1, out);
                float base = ratings.mu() + row[0];
                for (int i = 0; i < numItems; i++) {
                    out[i] += base;
                }
            } else {
                items.scoreAll(row, 0, out);
            }
            return;
        }
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
                + (itemFactors != null ? Kernels.get().dot(userRows.row(user), 0, itemFactors, item * k, k)
                : items.dot(item, userRows.row(user), 0));
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
        userRows.write(out);
        writeItems(out, items);
    }

    /** What {@link #writeRatingFactors} wrote, read back by {@link #read}. */
    record RatingFactors(Shape shape, RatingTerms ratings, float[] itemBias, FactorRows userRows, QuantizedFactors items) {
        /**
         * Reads what {@link #writeRatingFactors} wrote, every length checked before allocation; the
         * user rows memory-mapped when {@code in} maps them (a model bundle, {@link Shape#userFactorRows}).
         *
         * @param userRowsName what the user rows are called in error messages
         */
        static RatingFactors read(ModelInput in, String tag, int version, String userRowsName) throws IOException {
            Shape s = readShape(in, tag, version);
            RatingTerms r = RatingTerms.read(in, s.users());
            float[] bi = ModelIo.floats(in, s.items(), "item biases");
            FactorRows p = s.userFactorRows(in, userRowsName);
            QuantizedFactors q = s.itemStore(in, "item factors").withBiases(bi);
            return new RatingFactors(s, r, bi, p, q);
        }
    }

    /** The dimensions read by {@link #readShape}. */
    record Shape(int k, int users, int items) {
        /**
         * Reads the user rows as {@link FactorRows#read} does: memory-mapped when {@code in} maps
         * them (a model bundle), else onto the heap; lengths checked before allocation.
         */
        FactorRows userFactorRows(ModelInput in, String what) throws IOException {
            return FactorRows.read(in, users, k, what);
        }

        /** Reads an item matrix ({@code items x k} floats), the length checked before allocation. */
        float[] itemRows(ModelInput in, String what) throws IOException {
            return ModelIo.floats(in, (long) items * k, what);
        }

        /**
         * Reads item rows as {@link #writeItems} wrote them: {@code items x k} floats, or the marker
         * and a stored form (no biases), every length checked before allocation.
         */
        QuantizedFactors itemStore(ModelInput in, String what) throws IOException {
            float[] a = in.readFloats();
            if (a.length == 0 && (long) items * k > 0) {
                return QuantizedFactors.read(in, items, k, what);
            }
            if (a.length != (long) items * k) {
                throw new IOException("expected " + ((long) items * k) + " values of " + what + ", got " + a.length);
            }
            for (int i = 0; i < a.length; i++) {
                if (!Float.isFinite(a[i])) {
                    throw new IOException(what + " holds a non-finite value at position " + i);
                }
            }
            return QuantizedFactors.of(dev.recsys.serving.FactorStorage.FLOAT, a, items, k, null);
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
