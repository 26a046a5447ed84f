package dev.recsys.nn.internal;

import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;
import java.util.List;

/**
 * A trained Mult-VAE: scores a user from their item set in one forward pass (encoder mean, decoder),
 * so users never seen in training are folded in at request time.
 *
 * <p>Thread safety: {@link #score} is safe for concurrent calls (read-only weights).
 */
public final class MultVaeModel implements TrainedModel {
    /** Payload format version. */
    static final int VERSION = 1;

    private final Params params;
    private final MultVaeNetwork net;
    private final boolean binary;

    /**
     * @param params the parameters it was trained with
     * @param net    the trained network (not copied; must not be trained further)
     * @param binary whether inputs are binarised
     */
    public MultVaeModel(Params params, MultVaeNetwork net, boolean binary) {
        this.params = params;
        this.net = net;
        this.binary = binary;
    }

    @Override
    public String algorithm() {
        return "mult-vae";
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int numItems() {
        return net.nItems;
    }

    @Override
    public boolean score(Query query, float[] out) {
        if (out.length < net.nItems) {
            throw new IllegalArgumentException("out must have at least " + net.nItems + " entries, got " + out.length);
        }
        QueryItems h = QueryItems.of(query, net.nItems, binary);
        if (h.count() == 0) {
            return false;
        }
        net.score(h.items(), h.values(), h.count(), out);
        return true;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        out.writeInt(VERSION);
        out.writeInt(net.nItems);
        out.writeInt(net.hidden);
        out.writeInt(net.latent);
        out.writeBoolean(binary);
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
    public static MultVaeModel load(ModelInput in, Params params) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("mult-vae payload version " + version + " is not supported (expected " + VERSION + ")");
        }
        int nItems = in.readInt();
        int hidden = in.readInt();
        int latent = in.readInt();
        if (nItems < 1 || hidden < 1 || latent < 1) {
            throw new IOException("mult-vae payload has invalid sizes " + nItems + ", " + hidden + ", " + latent);
        }
        boolean binary = in.readBoolean();
        // enc1 and dec2 (items x hidden each), enc2 and dec1 (hidden x latent, three times in all)
        requireWeights(in, 2L * nItems * hidden + 3L * hidden * latent, "mult-vae");
        MultVaeNetwork net = new MultVaeNetwork(nItems, hidden, latent);
        readParameters(in, net.parameters(), "mult-vae");
        return new MultVaeModel(params, net, binary);
    }

    /**
     * Checks, before a network is allocated from sizes a payload declares, that the payload has
     * room for at least {@code floats} weights: a corrupted size is then an {@link IOException},
     * never an {@link OutOfMemoryError}.
     */
    public static void requireWeights(ModelInput in, long floats, String what) throws IOException {
        long left = in.remaining();
        if (left >= 0 && floats > left / 4) {
            throw new IOException(what + " payload declares sizes needing at least " + floats + " weights ("
                    + 4 * floats + " bytes), but only " + left + " bytes are left");
        }
    }

    /** Reads named float blocks into parameters, checking names and sizes. */
    static void readParameters(ModelInput in, List<Parameter> params, String what) throws IOException {
        for (Parameter p : params) {
            String name = in.readString();
            if (!name.equals(p.name())) {
                throw new IOException(what + " payload: expected parameter " + p.name() + ", found " + name);
            }
            float[] v = in.readFloats();
            if (v.length != p.size()) {
                throw new IOException(what + " payload: parameter " + name + " has " + v.length + " values, expected " + p.size());
            }
            try {
                p.set(v);
            } catch (IllegalArgumentException e) {
                throw new IOException(what + " payload: " + e.getMessage(), e);
            }
        }
    }

    /** Whether inputs are binarised. */
    public boolean binary() {
        return binary;
    }

    /** The network (for tests and benchmarks). */
    public MultVaeNetwork network() {
        return net;
    }
}
