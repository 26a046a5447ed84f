package dev.recsys.nn.internal.session;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.sequence.Sequences;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.nn.internal.MultVaeModel;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.SequenceModel;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A trained session model ({@code sasrec} or {@code gru4rec}): the network and each training user's
 * latest {@code max-length} steps. {@link #scoreSequence} encodes the user's stored steps followed by
 * the recent ones (the latest {@code max-length}) and scores every item by the dot product of the last
 * step's output with the item embeddings.
 *
 * <p>Thread safety: {@link #score} and {@link #scoreSequence} are safe for concurrent calls: each call
 * borrows an encoder from a pool (one per concurrent caller, created on demand, sharing the item
 * embeddings), never waiting for another call.
 */
public final class SessionModel implements SequenceModel {
    static final int VERSION = 1;

    private final String algorithm;
    private final Params params;
    private final SessionNetwork net;
    private final Sequences tails;
    private final ConcurrentLinkedQueue<SessionNetwork> pool = new ConcurrentLinkedQueue<>();

    /**
     * @param algorithm algorithm name
     * @param params    parameters it was trained with
     * @param net       the trained network (not copied; not trained any more)
     * @param tails     each training user's latest steps
     */
    public SessionModel(String algorithm, Params params, SessionNetwork net, Sequences tails) {
        this.algorithm = algorithm;
        this.params = params;
        this.net = net;
        this.tails = tails;
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

    /** The network (for tests and benchmarks). */
    public SessionNetwork network() {
        return net;
    }

    @Override
    public boolean score(Query query, float[] out) {
        int[] it;
        if (query.user() >= 0 && query.user() < tails.users()) {
            it = query.currentItem() >= 0 ? new int[] {query.currentItem()} : new int[0];
        } else {
            int extra = query.currentItem() >= 0 ? 1 : 0;
            it = Arrays.copyOf(query.items(), query.items().length + extra);
            if (extra == 1) {
                it[it.length - 1] = query.currentItem();
            }
        }
        int[] beh = new int[it.length]; // views
        return scoreSequence(query.user(), it, beh, out);
    }

    @Override
    public boolean scoreSequence(int user, int[] items, int[] behaviors, float[] out) {
        if (out.length < net.items) {
            throw new IllegalArgumentException("out must have at least " + net.items + " entries, got " + out.length);
        }
        int[][] s = tails.join(user, items, behaviors, net.items, net.maxLen);
        int t = s[0].length;
        if (t == 0) {
            return false;
        }
        float[] q = encodeLast(s[0], s[1]);
        Kernels.get().scoreRows(net.itemEmbeddings(), net.items, net.dim, q, 0, out, 0);
        float[] b = net.itemBiases();
        if (b != null) {
            Kernels.get().axpy(net.items, 1f, b, 0, out, 0);
        }
        return true;
    }

    /** The output row of the last step of one sequence (a fresh array). */
    public float[] encodeLast(int[] items, int[] behaviors) {
        SessionNetwork enc = pool.poll();
        if (enc == null) {
            enc = net.servingCopy();
        }
        try {
            int t = items.length;
            float[] h = enc.encode(items, behaviors, new int[] {t}, 1, false);
            return Arrays.copyOfRange(h, (t - 1) * net.dim, t * net.dim);
        } finally {
            pool.offer(enc);
        }
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        out.writeInt(VERSION);
        out.writeInt(net.kind.ordinal());
        out.writeInt(net.items);
        out.writeInt(net.dim);
        out.writeInt(net.maxLen);
        out.writeInt(net.blocks);
        out.writeInt(net.heads);
        out.writeInt((net.behaviorInput ? 1 : 0) | (net.itemBias != null ? 2 : 0));
        tails.write(out);
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
    public static SessionModel load(String algorithm, ModelInput in, Params params) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new ModelFormatException(algorithm + " payload version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
        int kind = in.readInt();
        int items = in.readInt();
        int dim = in.readInt();
        int maxLen = in.readInt();
        int blocks = in.readInt();
        int heads = in.readInt();
        int flags = in.readInt();
        boolean beh = (flags & 1) != 0;
        if (flags < 0 || flags > 3 || kind < 0 || kind >= SessionNetwork.Kind.values().length || items < 1 || dim < 1 || dim > 4096
                || maxLen < 1 || maxLen > 10_000 || blocks < 1 || blocks > 64 || heads < 1 || dim % heads != 0) {
            throw new ModelFormatException(algorithm + " payload has invalid sizes: kind " + kind + ", items " + items
                    + ", dim " + dim + ", max length " + maxLen + ", blocks " + blocks + ", heads " + heads + ", flags " + flags);
        }
        Sequences tails = Sequences.read(in, items, algorithm);
        // the item embeddings, and the position embeddings of SASRec, come next
        boolean positions = kind == SessionNetwork.Kind.SASREC.ordinal();
        MultVaeModel.requireWeights(in, (long) items * dim + (positions ? (long) maxLen * dim : 0L), algorithm);
        SessionNetwork net;
        try {
            net = new SessionNetwork(SessionNetwork.Kind.values()[kind], items, dim, maxLen, blocks, heads, 0f, beh,
                    (flags & 2) != 0, 0L);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(algorithm + " payload: " + e.getMessage(), e);
        }
        for (Parameter p : net.parameters()) {
            String name = in.readString();
            if (!name.equals(p.name())) {
                throw new ModelFormatException(algorithm + " payload: expected parameter " + p.name() + ", found " + name);
            }
            try {
                p.set(in.readFloats());
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(algorithm + " payload: " + e.getMessage(), e);
            }
        }
        return new SessionModel(algorithm, params, net, tails);
    }
}
