package dev.recsys.nn;

import dev.recsys.data.DataField;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.nn.internal.AttributeAutoencoder;
import dev.recsys.nn.internal.CommonParams;
import dev.recsys.nn.internal.Fitting;
import dev.recsys.nn.internal.ItemAttributeModel;
import dev.recsys.nn.internal.ItemFeatures;
import dev.recsys.nn.internal.MultVaeModel;
import dev.recsys.nn.internal.MultVaeNetwork;
import dev.recsys.nn.internal.MultVaeTrainer;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cold-start items from attributes. A Mult-VAE is trained on the interactions; each item's
 * collaborative embedding is its decoder column plus output bias. An autoencoder over item
 * attribute vectors (categorical attributes one-hot, numeric attributes z-scored, price also as a
 * quantile bucket, and any precomputed dense item vectors loaded with {@link ItemVectors}) learns,
 * on items with at least {@code min-count} interactions, a code that reconstructs the attributes
 * and maps linearly to the collaborative embedding. Items of the catalogue with no interactions
 * get the embedding their attributes map to, so they can be recommended next to the others.
 * Users are folded in from their items as in {@link MultVae}. Items added to the catalogue after
 * training need a retrain.
 *
 * <p>Training is single-threaded and reproducible for a given {@code seed}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class ItemAttributeAe implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "item-attribute-ae";

    private static final Logger LOG = LoggerFactory.getLogger(ItemAttributeAe.class);

    private static final List<ParamSpec> PARAMS;

    static {
        List<ParamSpec> p = new ArrayList<>(new MultVae().params());
        p.add(ParamSpec.ofInt("code", 64, 1, 65_536, "code size of the attribute autoencoder"));
        p.add(ParamSpec.ofInt("attribute-epochs", 200, 1, 100_000, "epochs of the attribute autoencoder"));
        p.add(ParamSpec.ofDouble("recon-weight", 0.1, 0.0, 1000.0, "weight of the attribute reconstruction loss"));
        p.add(ParamSpec.ofInt("min-count", 5, 1, Integer.MAX_VALUE,
                "interactions an item needs for its embedding to be a training target of the attribute model"));
        p.add(ParamSpec.ofInt("max-values", 1000, 1, 1_000_000,
                "one-hot slots per categorical attribute (rarer values share one)"));
        p.add(ParamSpec.ofInt("price-buckets", 10, 0, 1000, "quantile buckets of the price (0 = none)"));
        PARAMS = List.copyOf(p);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Mult-VAE with an item-attribute autoencoder mapping items without interactions into its embedding space";
    }

    /** Reads the catalogue's item attributes, the category among them. */
    @Override
    public Set<DataField> reads(Params params) {
        return Set.of(DataField.CATEGORY);
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        InteractionMatrix m = data.matrix();
        MultVaeTrainer.Config c = new MultVaeTrainer.Config(params.getInt("hidden"), params.getInt("latent"),
                params.getInt(CommonParams.BATCH), params.getFloat("dropout"), params.getFloat("anneal-cap"),
                params.getInt("anneal-steps"), params.getBoolean("binary"), params.getLong(CommonParams.SEED),
                params.getBoolean("kl-per-items"));
        int epochs = params.getInt(CommonParams.EPOCHS);
        // encoder and decoder weights (items x hidden each) and the hidden x latent layers
        Fitting.requireMemory(NAME, (long) c.hidden() * (2L * data.numItems() + 3L * c.latent() + 1) + data.numItems(),
                "lower hidden (now " + c.hidden() + ")");
        MultVaeTrainer t = Fitting.fit(NAME, m, params,
                x -> new MultVaeTrainer(x, c, MultVae.optimizer(params, x, c.batchSize(), epochs), epochs,
                        CommonParams.parallel(params)), l);
        MultVaeNetwork net = t.network();

        int n = m.cols();
        int hidden = c.hidden();
        int dim = hidden + 1;
        int[] count = new int[n];
        for (int q = 0; q < m.nnz(); q++) {
            count[m.colIdx()[q]]++;
        }
        float[] w = net.decoderWeights();
        float[] b = net.decoderBias();
        float[] targets = new float[n * dim];
        IntArrayList warm = new IntArrayList();
        IntArrayList cold = new IntArrayList();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < hidden; j++) {
                targets[i * dim + j] = w[j * n + i];
            }
            targets[i * dim + hidden] = b[i];
            if (count[i] >= params.getInt("min-count")) {
                warm.add(i);
            } else if (count[i] == 0) {
                cold.add(i);
            }
        }
        ItemFeatures features = ItemFeatures.of(data.dataset().catalog(), n, params.getInt("max-values"),
                params.getInt("price-buckets"));
        if (features.rows().nnz() == 0) {
            LOG.warn("{}: the catalogue has no item attributes; items without interactions get the mean embedding", NAME);
        }
        if (warm.isEmpty()) {
            throw new IllegalArgumentException("no item has min-count = " + params.getInt("min-count")
                    + " interactions: nothing to learn the attribute mapping from; lower min-count, or train mult-vae");
        }
        float[] e = new float[dim];
        AttributeAutoencoder ae = null;
        if (features.size() == 0) {
            // no attribute column at all, so no autoencoder to build: cold items get the mean warm
            // embedding, as an autoencoder over empty features would give
            for (int i : warm) {
                for (int j = 0; j < dim; j++) {
                    e[j] += targets[i * dim + j] / warm.size();
                }
            }
        } else {
            Fitting.requireMemory(NAME + " attribute autoencoder",
                    (long) params.getInt("code") * ((long) features.size() + dim + 2) + dim,
                    "lower code (now " + params.getInt("code") + ") or max-values (now " + params.getInt("max-values") + ")");
            ae = new AttributeAutoencoder(features.size(), params.getInt("code"), dim);
            double loss = ae.train(features.rows(), targets, warm.toIntArray(), params.getFloat("recon-weight"),
                    params.getInt("attribute-epochs"), 64, CommonParams.adam(params), params.getLong(CommonParams.SEED) + 1, l);
            l.onProgress("attributes", 1, 1, Map.of("loss", loss, "warm-items", (double) warm.size(),
                    "cold-items", (double) cold.size()));
        }
        for (int i : cold) {
            if (ae != null) {
                ae.embed(features.rows(), i, e, 0);
            }
            for (int j = 0; j < hidden; j++) {
                w[j * n + i] = e[j];
            }
            b[i] = e[hidden];
        }
        LOG.info("{}: {} items without interactions embedded from {} attribute features", NAME, cold.size(),
                features.size());
        Fitting.requireFinite(NAME, params, net.parameters()); // the cold items' embeddings included
        return new ItemAttributeModel(params, new MultVaeModel(params, net, c.binary()), cold.toIntArray());
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return ItemAttributeModel.load(in, params);
    }
}
