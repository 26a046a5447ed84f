package dev.recsys.modelfile;

import dev.recsys.internal.ann.HnswIndex;
import dev.recsys.internal.ann.ItemSearch;
import dev.recsys.internal.ann.ItemStoreModel;
import dev.recsys.internal.ann.IvfIndex;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.internal.ann.ServingAccess;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;

/**
 * The {@code SERV} section of the model file (see {@link ModelFiles}): serving options (from
 * format 6 with the inverted-file flag), quantised item factors (unless the model payload holds
 * them) and the index: the HNSW graph or the inverted file's lists.
 *
 * <p>Thread safety: stateless.
 */
final class ServingSection {
    private static final int CHUNK = 1 << 15;

    private ServingSection() {
    }

    static void write(ItemSearch s, BinaryModelOutput out) throws IOException {
        out.writeBoolean(s != null);
        if (s == null) {
            return;
        }
        ServingOptions o = s.options();
        out.writeString(o.storage().name());
        out.writeBoolean(o.index());
        out.writeInt(o.maxConn());
        out.writeInt(o.beamWidth());
        out.writeInt(o.efSearch());
        out.writeBoolean(o.ivf());
        QuantizedFactors q = s.stored();
        if (q.storage() != FactorStorage.FLOAT) {
            boolean inModel = s.model() instanceof ItemStoreModel sm && sm.itemStore() == q;
            out.writeBoolean(inModel);
            if (!inModel) {
                writeCodes(q, out);
            }
        }
        if (o.ivf()) {
            s.ivf().write(out);
        } else if (o.index()) {
            s.index().write(out);
        }
    }

    private static void writeCodes(QuantizedFactors q, BinaryModelOutput out) throws IOException {
        if (q.storage() == FactorStorage.INT8) {
            out.writeInt(q.codes().length);
            out.writeBytes(q.codes());
            out.writeFloats(q.scales());
            return;
        }
        short[] h = q.halves();
        out.writeInt(h.length);
        byte[] b = new byte[2 * Math.min(CHUNK, h.length)];
        for (int start = 0; start < h.length; start += CHUNK) {
            int len = Math.min(CHUNK, h.length - start);
            for (int j = 0; j < len; j++) {
                b[2 * j] = (byte) h[start + j];
                b[2 * j + 1] = (byte) (h[start + j] >>> 8);
            }
            out.writeBytes(len == CHUNK ? b : java.util.Arrays.copyOf(b, 2 * len));
        }
    }

    /**
     * Reads the section of a file of the given format version. Its {@link ItemSearch#model()} is
     * the model to serve: {@code model} itself, or, when the file stores the quantised factors
     * beside float ones (format 4) and the model can drop its floats, that copy of it.
     */
    static ItemSearch read(BinaryModelInput in, String name, TrainedModel model, int version) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        if (!(model instanceof FactorModel fm)) {
            throw corrupted(name, "serving data for " + model.algorithm() + ", which has no item factors");
        }
        String st = in.readString();
        FactorStorage storage;
        ServingOptions o;
        try {
            storage = FactorStorage.valueOf(st);
            boolean index = in.readBoolean();
            int maxConn = in.readInt();
            int beam = in.readInt();
            int ef = in.readInt();
            boolean ivf = version >= 6 && in.readBoolean();
            o = new ServingOptions(storage, index, maxConn, beam, ef, ivf);
        } catch (IllegalArgumentException e) {
            throw corrupted(name, "storage '" + st + "' or options: " + e.getMessage());
        }
        int n = fm.numItems();
        int dim = fm.factors();
        long values = (long) n * dim;
        QuantizedFactors own = ItemSearch.storeOf(fm);
        QuantizedFactors q;
        FactorModel served = fm;
        boolean inModel = storage != FactorStorage.FLOAT && version >= 5 && in.readBoolean();
        if (storage == FactorStorage.FLOAT || inModel) {
            if (own.storage() != storage) {
                throw corrupted(name, "serving data in " + storage + " but the model payload holds its item factors in "
                        + own.storage());
            }
            q = own;
        } else {
            switch (storage) {
                case INT8 -> {
                    int count = in.readCount("int8 codes", 1, Integer.MAX_VALUE);
                    if (count != values) {
                        throw corrupted(name, count + " int8 codes for " + n + " items x " + dim + " factors");
                    }
                    byte[] codes = in.readBytes(count);
                    float[] scales = in.readFloats();
                    if (scales.length != n) {
                        throw corrupted(name, scales.length + " int8 row scales for " + n + " items");
                    }
                    q = QuantizedFactors.ofInt8(codes, scales, n, dim, fm.itemBiases());
                }
                default -> {
                    int count = in.readCount("bfloat16 values", 2, Integer.MAX_VALUE);
                    if (count != values) {
                        throw corrupted(name, count + " bfloat16 values for " + n + " items x " + dim + " factors");
                    }
                    short[] h = new short[count];
                    for (int start = 0; start < count; start += CHUNK) {
                        int len = Math.min(CHUNK, count - start);
                        byte[] b = in.readBytes(2 * len);
                        for (int j = 0; j < len; j++) {
                            h[start + j] = (short) ((b[2 * j] & 0xff) | (b[2 * j + 1] << 8));
                        }
                    }
                    q = QuantizedFactors.ofBf16(h, n, dim, fm.itemBiases());
                }
            }
            if (fm instanceof ItemStoreModel sm) {
                served = sm.withItemStore(q); // the float factors of the payload are dropped
            }
        }
        if (o.ivf()) {
            return ItemSearch.ofIvf(served, o, q, IvfIndex.read(in, name, q));
        }
        HnswIndex idx = null;
        if (o.index()) {
            idx = HnswIndex.read(in, name, q);
        }
        return ItemSearch.of(served, o, q, idx);
    }

    /** The loaded model made to serve with {@code options}, reusing what it stores where it fits. */
    static RecommenderModel adapt(RecommenderModel m, ServingOptions options, TrainingListener listener) {
        ItemSearch s = ServingAccess.search(m);
        if (s == null) {
            return m.withServing(options, listener);
        }
        ServingOptions have = s.options();
        if (have.index() != options.index() || have.ivf() != options.ivf()) {
            return m.withServing(options, listener);
        }
        if (options.ivf()) {
            // the inverted file holds its rows in the storage: another storage is a new build
            return have.storage() == options.storage()
                    ? ServingAccess.with(m, ItemSearch.ofIvf(s.model(), options, s.stored(), s.ivf()))
                    : m.withServing(options, listener);
        }
        if (options.index() && (have.maxConn() != options.maxConn() || have.beamWidth() != options.beamWidth())) {
            return m.withServing(options, listener);
        }
        FactorModel fm = s.model();
        QuantizedFactors own = ItemSearch.storeOf(fm);
        QuantizedFactors q = s.stored().storage() == options.storage() ? s.stored() : own.to(options.storage());
        FactorModel served = q != own && fm instanceof ItemStoreModel sm ? sm.withItemStore(q) : fm;
        HnswIndex idx = s.index() == null ? null : s.index().over(q);
        return ServingAccess.with(m, ItemSearch.of(served, options, q, idx));
    }

    private static ModelFormatException corrupted(String name, String what) {
        return new ModelFormatException("model file " + name + " is corrupted in section 'serving data': " + what);
    }
}
