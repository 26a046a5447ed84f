package dev.recsys.nn.scene.internal;

import dev.recsys.api.Scene;
import dev.recsys.nn.internal.MultVaeModel;
import dev.recsys.nn.internal.layers.Parameter;
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
 * A trained scene-aware model: known users are scored from their shared vector gated by the
 * query's scene; a scene it has no part for falls back to the shared part; unknown users are folded
 * in as the mean of the item vectors of the query's items (and the current item and cart).
 *
 * <p>Thread safety: {@link #score} is safe for concurrent calls.
 */
public final class SceneStarModel implements TrainedModel {
    static final int VERSION = 3;

    private final String algorithm;
    private final Params params;
    private final SceneStarNetwork net;
    private final List<String> scenes;
    private final Map<String, Integer> sceneIndex = new HashMap<>();

    /**
     * @param algorithm algorithm name
     * @param params    parameters it was trained with
     * @param net       the network (not copied)
     * @param scenes    scene name of each scene part
     */
    public SceneStarModel(String algorithm, Params params, SceneStarNetwork net, List<String> scenes) {
        this.algorithm = algorithm;
        this.params = params;
        this.net = net;
        this.scenes = List.copyOf(scenes);
        for (int s = 0; s < this.scenes.size(); s++) {
            sceneIndex.put(this.scenes.get(s), s);
        }
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
        return net.items;
    }

    /** Scene names with their own parts (empty for a shared model). */
    public List<String> scenes() {
        return scenes;
    }

    /** The scene part index of a scene, or -1 (shared part only). */
    public int sceneIndex(Scene scene) {
        Integer s = sceneIndex.get(scene.name());
        return s == null ? -1 : s;
    }

    @Override
    public boolean score(Query query, float[] out) {
        if (out.length < net.items) {
            throw new IllegalArgumentException("out must have at least " + net.items + " entries, got " + out.length);
        }
        int f = net.factors;
        float[] scratch = new float[f];
        int s = sceneIndex(query.scene());
        if (query.user() >= 0 && query.user() < net.users) {
            net.scoreAll(net.userFactors(), query.user() * f, s, scratch, out);
            return true;
        }
        float[] v = new float[f];
        float[] qv = net.itemFactors();
        int n = 0;
        n += addItems(query.items(), qv, v);
        n += addItems(query.cart(), qv, v);
        if (query.currentItem() >= 0 && query.currentItem() < net.items) {
            n += addItems(new int[] {query.currentItem()}, qv, v);
        }
        if (n == 0) {
            return false;
        }
        for (int k = 0; k < f; k++) {
            v[k] /= n;
        }
        net.scoreAll(v, 0, s, scratch, out);
        return true;
    }

    private int addItems(int[] items, float[] qv, float[] v) {
        int f = net.factors;
        int n = 0;
        for (int i : items) {
            if (i >= 0 && i < net.items) {
                for (int k = 0; k < f; k++) {
                    v[k] += qv[i * f + k];
                }
                n++;
            }
        }
        return n;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        out.writeInt(VERSION);
        out.writeInt(net.users);
        out.writeInt(net.items);
        out.writeInt(net.scenes);
        out.writeInt(net.factors);
        out.writeInt((net.gate ? 1 : 0) | (net.userOffset ? 2 : 0) | (net.itemOffsets ? 4 : 0) | (net.biasScale ? 8 : 0)
                | (net.mix ? 16 : 0));
        for (String s : scenes) {
            out.writeString(s);
        }
        // version 3: the item attribute features of the scene attribute biases H (0 features = none)
        out.writeInt(net.attributes.features());
        out.writeInts(net.attributeBias ? net.attributes.startTable() : new int[] {0});
        out.writeInts(net.attributes.featureTable());
        for (Parameter p : net.parameters()) {
            out.writeString(p.name());
            out.writeFloats(p.value());
        }
    }

    /**
     * Reads what {@link #save} wrote.
     *
     * @throws IOException if the payload is malformed or of another version
     */
    public static SceneStarModel load(String algorithm, ModelInput in, Params params) throws IOException {
        int version = in.readInt();
        if (version < 1 || version > VERSION) {
            throw new IOException(algorithm + " payload version " + version + " is not supported (expected 1 to "
                    + VERSION + ")");
        }
        int users = in.readInt();
        int items = in.readInt();
        int numScenes = in.readInt();
        int factors = in.readInt();
        int flags = version == 1 ? 1 : in.readInt();
        if (users < 1 || items < 1 || numScenes < 0 || numScenes > 256 || factors < 1) {
            throw new IOException(algorithm + " payload has invalid sizes " + users + ", " + items + ", "
                    + numScenes + ", " + factors);
        }
        List<String> names = new ArrayList<>();
        for (int s = 0; s < numScenes; s++) {
            names.add(in.readString());
        }
        if (flags < 0 || flags > (version >= 3 ? 31 : 15) || ((flags & 4) != 0 && (long) numScenes * items * factors > Integer.MAX_VALUE - 8)) {
            throw new IOException(algorithm + " payload has invalid part flags " + flags);
        }
        // P, Q, b and C (scene x item biases) are stored in every version, E (scene x item
        // offsets) from version 2 when flagged
        long weights = ((long) users + items) * factors + items + (long) Math.max(1, numScenes) * items
                + ((flags & 4) != 0 && version >= 2 ? (long) numScenes * items * factors : 0);
        MultVaeModel.requireWeights(in, weights, algorithm);
        ItemAttributes attributes = null;
        if (version >= 3) {
            int features = in.readInt();
            int[] start = in.readInts();
            int[] feature = in.readInts();
            if (features < 0 || (features > 0 && start.length != items + 1)) {
                throw new IOException(algorithm + " payload has invalid item attribute tables");
            }
            // scene.H holds one weight per scene and attribute feature
            MultVaeModel.requireWeights(in, (long) Math.max(1, numScenes) * Math.max(1, features), algorithm);
            try {
                attributes = features == 0 ? null : new ItemAttributes(features, start, feature);
            } catch (IllegalArgumentException e) {
                throw new IOException(algorithm + " payload: " + e.getMessage(), e);
            }
        }
        SceneStarNetwork net = new SceneStarNetwork(users, items, numScenes, factors, (flags & 1) != 0,
                (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0, attributes, (flags & 16) != 0);
        // version 1 payloads hold P, Q, b, D, C only, version 2 P..A; the later parts stay zero
        List<Parameter> stored = version == 1 ? net.parameters().subList(0, 5)
                : version == 2 ? net.parameters().subList(0, 8) : net.parameters();
        for (Parameter p : stored) {
            String name = in.readString();
            if (!name.equals(p.name())) {
                throw new IOException(algorithm + " payload: expected parameter " + p.name() + ", found " + name);
            }
            float[] v = in.readFloats();
            try {
                p.set(v);
            } catch (IllegalArgumentException e) {
                throw new IOException(algorithm + " payload: " + e.getMessage(), e);
            }
        }
        return new SceneStarModel(algorithm, params, net, names);
    }

    /** The network (for tests). */
    public SceneStarNetwork network() {
        return net;
    }
}
