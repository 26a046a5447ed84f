package dev.recsys.mf;

import dev.recsys.api.Scene;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.Gram;
import dev.recsys.mf.internal.History;
import dev.recsys.mf.internal.ImplicitAlsSolver;
import dev.recsys.mf.internal.ModelIo;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SceneIals} model: user vectors {@code p_u}, shared item vectors {@code q_i} and per-scene
 * item offsets {@code e_si}. The score of item i in scene s is {@code p . (q_i + e_si)}; with no
 * scene, or a scene the model has no offsets for, {@code p . q_i}. Which {@code p}: the rule of the
 * other factor models (a known user whose query history is their training row, or who comes with
 * no history, uses the trained vector; otherwise the user is folded in from the query's events:
 * the exact implicit-ALS solve against the query scene's item vectors). The scene item vectors
 * {@code q_i + e_si} and their Gram matrices are computed once at construction, so scoring costs
 * what an {@code ials} model's does.
 *
 * <p>It is deliberately not a {@link dev.recsys.spi.FactorModel}: a dot product with one item
 * matrix would ignore the scene, so the scene engine scores it through {@link #score} with the
 * request's scene.
 *
 * <p>Memory: {@code 4 k (users + items (2 S + 1))} bytes for S scenes.
 *
 * <p>Thread safety: immutable; all methods are safe for concurrent use.
 */
public final class SceneIalsModel implements TrainedModel {
    private static final String TAG = "scene-ials";
    private static final int VERSION = 1;

    private final Params params;
    private final int k;
    private final int numUsers;
    private final int numItems;
    private final List<String> scenes;
    private final Map<String, Integer> index = new HashMap<>();
    private final float alpha;
    private final float reg;
    private final float[] userRows;
    /** Stacked {@code [q_i, e_1i .. e_Si]}, row-major items x k (S + 1), as trained and saved. */
    private final float[] stacked;
    /** [0] = q, [1 + s] = q + e_s: row-major items x k. */
    private final float[][] itemVectors;
    private final float[][] grams;
    private final Fingerprints fingerprints;

    SceneIalsModel(Params params, int k, List<String> scenes, float alpha, float reg, float[] userRows,
                   float[] stacked, Fingerprints fingerprints) {
        this.params = params;
        this.k = k;
        this.scenes = List.copyOf(scenes);
        int ns = this.scenes.size();
        int dim = k * (ns + 1);
        this.numUsers = userRows.length / k;
        this.numItems = stacked.length / dim;
        this.alpha = alpha;
        this.reg = reg;
        this.userRows = userRows;
        this.stacked = stacked;
        this.fingerprints = fingerprints;
        itemVectors = new float[ns + 1][];
        grams = new float[ns + 1][];
        for (int s = 0; s <= ns; s++) {
            float[] v = new float[numItems * k];
            for (int i = 0; i < numItems; i++) {
                System.arraycopy(stacked, i * dim, v, i * k, k);
                if (s > 0) {
                    Kernels.get().axpy(k, 1f, stacked, i * dim + s * k, v, i * k);
                }
            }
            itemVectors[s] = v;
            grams[s] = Gram.of(v, numItems, k, reg, null);
        }
        for (int s = 0; s < ns; s++) {
            index.put(this.scenes.get(s), s);
        }
    }

    @Override
    public String algorithm() {
        return SceneIals.NAME;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Number of training users (indices 0 .. numUsers-1 have trained vectors). */
    public int numUsers() {
        return numUsers;
    }

    /** Latent factors k. */
    public int factors() {
        return k;
    }

    /** The names of the scenes the model has item offsets for, in training order. */
    public List<String> scenes() {
        return scenes;
    }

    /**
     * A copy of the item vector item i scores with in a scene: {@code q_i + e_si}, or {@code q_i}
     * for a null scene or one without offsets.
     */
    public float[] itemVector(Scene scene, int item) {
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item index " + item + " is outside [0, " + numItems + ")");
        }
        float[] v = itemVectors[slot(scene)];
        float[] out = new float[k];
        System.arraycopy(v, item * k, out, 0, k);
        return out;
    }

    /** A copy of a training user's vector p_u. */
    public float[] userVector(int user) {
        return QueryUser.vector(userRows, user, numUsers, k);
    }

    private int slot(Scene scene) {
        Integer s = scene == null ? null : index.get(scene.name());
        return s == null ? 0 : s + 1;
    }

    @Override
    public boolean score(Query query, float[] out) {
        int slot = slot(query.scene());
        float[] row = QueryUser.row(query, numUsers, fingerprints, this::userVector,
                () -> History.lenient(query, numItems, true, 1f), h -> fold(h, slot));
        if (row == null) {
            return false;
        }
        Kernels.get().scoreRows(itemVectors[slot], numItems, k, row, 0, out, 0);
        return true;
    }

    private float[] fold(History h, int slot) {
        float[] row = new float[k];
        new ImplicitAlsSolver(k).exact(itemVectors[slot], grams[slot], h.items(), h.weights(), 0, h.size(), alpha,
                row, 0);
        return row;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        ModelIo.writeHeader(out, TAG, VERSION);
        out.writeInt(k);
        out.writeInt(numUsers);
        out.writeInt(numItems);
        out.writeInt(scenes.size());
        for (String s : scenes) {
            out.writeString(s);
        }
        out.writeFloat(alpha);
        out.writeFloat(reg);
        out.writeFloats(userRows);
        out.writeFloats(stacked);
        fingerprints.write(out);
    }

    /** Reads what {@link #save} wrote, every length checked before allocation. */
    static SceneIalsModel read(ModelInput in, Params params) throws IOException {
        ModelIo.readHeader(in, TAG, VERSION);
        int k = ModelIo.count(in, "factors", 1 << 16);
        if (k == 0) {
            throw new IOException(TAG + " payload: factors must be > 0, got 0");
        }
        int users = ModelIo.count(in, "users", Integer.MAX_VALUE);
        int items = ModelIo.count(in, "items", Integer.MAX_VALUE);
        int count = ModelIo.count(in, "scenes", Scene.MAX_INTERNED);
        List<String> names = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            String name = in.readString();
            if (names.contains(name)) {
                throw new IOException(TAG + " payload names scene '" + name + "' twice");
            }
            names.add(name);
        }
        float alpha = in.readFloat();
        float reg = in.readFloat();
        float[] x = ModelIo.floats(in, (long) users * k, "user vectors");
        float[] y = ModelIo.floats(in, (long) items * k * (count + 1), "item vectors and scene offsets");
        Fingerprints fp = Fingerprints.read(in, users);
        return new SceneIalsModel(params, k, names, alpha, reg, x, y, fp);
    }
}
