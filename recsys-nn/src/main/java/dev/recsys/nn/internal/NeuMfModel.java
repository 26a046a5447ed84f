package dev.recsys.nn.internal;

import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;

/**
 * A trained NeuMF model: scores all items for a user seen in training (logits of the interaction
 * probability). NeuMF has no fold-in: for a user outside the training index it returns
 * {@code false} and the serving layer falls back to its cold-start path.
 *
 * <p>Thread safety: {@link #score} is safe for concurrent calls (read-only weights and a
 * precomputed item projection).
 */
public final class NeuMfModel implements TrainedModel {
    static final int VERSION = 1;

    private final Params params;
    private final NeuMfNetwork net;
    private final float[] projection;

    /**
     * @param params parameters it was trained with
     * @param net    the trained network (not copied; must not be trained further)
     */
    public NeuMfModel(Params params, NeuMfNetwork net) {
        this.params = params;
        this.net = net;
        this.projection = net.itemProjection();
    }

    @Override
    public String algorithm() {
        return "neumf";
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int numItems() {
        return net.items;
    }

    @Override
    public boolean score(Query query, float[] out) {
        if (out.length < net.items) {
            throw new IllegalArgumentException("out must have at least " + net.items + " entries, got " + out.length);
        }
        int u = query.user();
        if (u < 0 || u >= net.users) {
            return false;
        }
        net.scoreAll(u, projection, out);
        return true;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        out.writeInt(VERSION);
        out.writeInt(net.users);
        out.writeInt(net.items);
        out.writeInt(net.factors);
        out.writeInt(net.mlp.length);
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
    public static NeuMfModel load(ModelInput in, Params params) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("neumf payload version " + version + " is not supported (expected " + VERSION + ")");
        }
        int users = in.readInt();
        int items = in.readInt();
        int factors = in.readInt();
        int layers = in.readInt();
        if (users < 1 || items < 1 || factors < 1 || layers < 1 || layers > 30) {
            throw new IOException("neumf payload has invalid sizes " + users + ", " + items + ", " + factors + ", " + layers);
        }
        // two embeddings each for users and items, and the first MLP layer (2 factors x factors)
        MultVaeModel.requireWeights(in, 2L * ((long) users + items) * factors + 2L * factors * factors, "neumf");
        NeuMfNetwork net;
        try {
            net = new NeuMfNetwork(users, items, factors, layers);
        } catch (IllegalArgumentException e) {
            throw new IOException("neumf payload: " + e.getMessage(), e);
        }
        MultVaeModel.readParameters(in, net.parameters(), "neumf");
        return new NeuMfModel(params, net);
    }

    /** The network (tests, benchmarks). */
    public NeuMfNetwork network() {
        return net;
    }
}
