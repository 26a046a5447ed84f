package dev.recsys.nn.internal;

import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;

/**
 * A trained CDAE: scores from the query's items plus the user's own vector when the user was seen
 * in training; users never seen are folded in from their items alone.
 *
 * <p>Thread safety: {@link #score} is safe for concurrent calls.
 */
public final class CdaeModel implements TrainedModel {
    static final int VERSION = 1;

    private final Params params;
    private final CdaeNetwork net;

    /**
     * @param params parameters it was trained with
     * @param net    the trained network (not copied)
     */
    public CdaeModel(Params params, CdaeNetwork net) {
        this.params = params;
        this.net = net;
    }

    @Override
    public String algorithm() {
        return "cdae";
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
        QueryItems h = QueryItems.of(query, net.items, true);
        boolean known = query.user() >= 0 && query.user() < net.users;
        if (h.count() == 0 && !known) {
            return false;
        }
        net.score(known ? query.user() : -1, h.items(), h.count(), out);
        return true;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        out.writeInt(VERSION);
        out.writeInt(net.users);
        out.writeInt(net.items);
        out.writeInt(net.hidden);
        out.writeString(net.activation);
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
    public static CdaeModel load(ModelInput in, Params params) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("cdae payload version " + version + " is not supported (expected " + VERSION + ")");
        }
        int users = in.readInt();
        int items = in.readInt();
        int hidden = in.readInt();
        String act = in.readString();
        if (users < 1 || items < 1 || hidden < 1) {
            throw new IOException("cdae payload has invalid sizes " + users + ", " + items + ", " + hidden);
        }
        // the encoder and the decoder (items x hidden each) and the user vectors (users x hidden)
        MultVaeModel.requireWeights(in, (2L * items + users) * hidden, "cdae");
        CdaeNetwork net;
        try {
            net = new CdaeNetwork(users, items, hidden, act);
        } catch (IllegalArgumentException e) {
            throw new IOException("cdae payload: " + e.getMessage(), e);
        }
        MultVaeModel.readParameters(in, net.parameters(), "cdae");
        return new CdaeModel(params, net);
    }
}
