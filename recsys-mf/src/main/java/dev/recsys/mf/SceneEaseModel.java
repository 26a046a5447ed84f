package dev.recsys.mf;

import dev.recsys.api.Scene;
import dev.recsys.mf.internal.History;
import dev.recsys.mf.internal.ItemItem;
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
 * A {@link SceneEase} model: a shared item x item matrix B and one matrix per trained scene, each
 * with zero diagonal. The score of item i for a history x in scene s is
 * {@code c_s[i] + sum_j x_j B_s[j][i]} ({@code c_s} the scene's item intercepts, 0 unless
 * {@code scene-bias > 0}); a query with no scene, or in a scene the model has no matrix for,
 * scores with B (then it ranks exactly as the EASE of the same {@code lambda}). No user state:
 * every query is scored from its history, so new events count at once (fold-in is inherent). A
 * query with no usable history scores its current item and cart.
 *
 * <p>Memory: {@code 4 n^2} bytes per matrix for n items.
 *
 * <p>Thread safety: immutable; all methods are safe for concurrent use.
 */
public final class SceneEaseModel implements TrainedModel {
    private static final String TAG = "scene-ease";
    private static final int VERSION = 1;

    private final Params params;
    private final int n;
    private final boolean binary;
    private final float[] shared;
    private final List<String> scenes;
    private final float[][] perScene;
    private final float[][] bias;
    private final Map<String, Integer> index = new HashMap<>();

    SceneEaseModel(Params params, int n, boolean binary, float[] shared, List<String> scenes, List<float[]> perScene,
                   List<float[]> bias) {
        this.params = params;
        this.n = n;
        this.binary = binary;
        this.shared = shared;
        this.scenes = List.copyOf(scenes);
        this.perScene = perScene.toArray(new float[0][]);
        this.bias = bias.toArray(new float[0][]);
        for (int s = 0; s < this.scenes.size(); s++) {
            index.put(this.scenes.get(s), s);
        }
    }

    @Override
    public String algorithm() {
        return SceneEase.NAME;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int numItems() {
        return n;
    }

    /** The names of the scenes that have a matrix of their own, in training order. */
    public List<String> scenes() {
        return scenes;
    }

    /**
     * The weight {@code B_s[from][to]} of a scene (its own matrix, else the shared one; null scene =
     * shared): how much having {@code from} raises the score of {@code to} in that scene.
     */
    public float weight(Scene scene, int from, int to) {
        if (from < 0 || from >= n || to < 0 || to >= n) {
            throw new IllegalArgumentException("item indices must be in [0, " + n + "), got " + from + ", " + to);
        }
        return matrix(scene)[from * n + to];
    }

    private float[] matrix(Scene scene) {
        int s = sceneIndex(scene);
        return s < 0 ? shared : perScene[s];
    }

    private int sceneIndex(Scene scene) {
        Integer s = scene == null ? null : index.get(scene.name());
        return s == null ? -1 : s;
    }

    @Override
    public boolean score(Query query, float[] out) {
        History h = History.lenient(query, n, true, 1f);
        if (h.size() == 0) {
            return false;
        }
        int s = sceneIndex(query.scene());
        ItemItem.score(s < 0 ? shared : perScene[s], s < 0 ? null : bias[s], n, binary, h, out);
        return true;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        ModelIo.writeHeader(out, TAG, VERSION);
        out.writeInt(n);
        out.writeBoolean(binary);
        out.writeFloats(shared);
        out.writeInt(scenes.size());
        for (int s = 0; s < scenes.size(); s++) {
            out.writeString(scenes.get(s));
            out.writeFloats(perScene[s]);
            out.writeFloats(bias[s]);
        }
    }

    /** Reads what {@link #save} wrote. */
    static SceneEaseModel read(ModelInput in, Params params) throws IOException {
        ModelIo.readHeader(in, TAG, VERSION);
        int n = ModelIo.count(in, "items", 46340);
        boolean binary = in.readBoolean();
        float[] shared = ModelIo.floats(in, (long) n * n, "shared item weights");
        int count = ModelIo.count(in, "scenes", Scene.MAX_INTERNED);
        List<String> names = new ArrayList<>();
        List<float[]> mats = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            String name = in.readString();
            if (names.contains(name)) {
                throw new IOException(TAG + " payload names scene '" + name + "' twice");
            }
            names.add(name);
            mats.add(ModelIo.floats(in, (long) n * n, "item weights of scene " + name));
            biases.add(ModelIo.floats(in, n, "item intercepts of scene " + name));
        }
        return new SceneEaseModel(params, n, binary, shared, names, mats, biases);
    }
}
