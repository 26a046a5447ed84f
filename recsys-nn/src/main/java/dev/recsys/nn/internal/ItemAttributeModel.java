package dev.recsys.nn.internal;

import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;

/**
 * A trained item-attribute model: a Mult-VAE whose output embeddings of items without interactions
 * were replaced by embeddings predicted from their attributes, so cold-start items are scored like
 * any other; users are folded in from their items.
 *
 * <p>Thread safety: {@link #score} is safe for concurrent calls.
 */
public final class ItemAttributeModel implements TrainedModel {
    static final int VERSION = 1;

    private final Params params;
    private final MultVaeModel vae;
    private final int[] coldItems;

    /**
     * @param params    parameters it was trained with
     * @param vae       the patched autoencoder
     * @param coldItems items whose embedding came from their attributes. Not copied.
     */
    public ItemAttributeModel(Params params, MultVaeModel vae, int[] coldItems) {
        this.params = params;
        this.vae = vae;
        this.coldItems = coldItems;
    }

    @Override
    public String algorithm() {
        return "item-attribute-ae";
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int numItems() {
        return vae.numItems();
    }

    @Override
    public boolean score(Query query, float[] out) {
        return vae.score(query, out);
    }

    /** Items whose embeddings were predicted from attributes (a copy). */
    public int[] coldItems() {
        return coldItems.clone();
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        out.writeInt(VERSION);
        out.writeInts(coldItems);
        vae.save(out);
    }

    /**
     * Reads what {@link #save} wrote.
     *
     * @throws IOException if the payload is malformed or of another version
     */
    public static ItemAttributeModel load(ModelInput in, Params params) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("item-attribute-ae payload version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
        int[] cold = in.readInts();
        MultVaeModel vae = MultVaeModel.load(in, params);
        for (int c : cold) {
            if (c < 0 || c >= vae.numItems()) {
                throw new IOException("item-attribute-ae payload: cold item " + c + " outside [0, " + vae.numItems() + ")");
            }
        }
        return new ItemAttributeModel(params, vae, cold);
    }
}
