package dev.recsys.scene;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.ItemCatalog;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.util.List;

/**
 * A hand-made factor model for tests: an item's vector is one-hot on its category (1) plus one-hot
 * on its brand (0.5); a user's vector is the weighted mean of the vectors of their items.
 */
final class CategoryFactors implements Algorithm {
    @Override
    public String name() {
        return "category-factors";
    }

    @Override
    public String description() {
        return "test factor model";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        ItemCatalog cat = data.dataset().catalog();
        int n = data.numItems();
        int cats = Math.max(1, cat.dictionary(ItemCatalog.CATEGORY).size());
        int brands = Math.max(1, cat.dictionary(ItemCatalog.BRAND).size());
        int dim = cats + brands;
        float[] f = new float[n * dim];
        for (int i = 0; i < n; i++) {
            if (cat.category(i) >= 0) {
                f[i * dim + cat.category(i)] = 1f;
            }
            if (cat.brand(i) >= 0) {
                f[i * dim + cats + cat.brand(i)] = 0.5f;
            }
        }
        return new Model(f, dim, n, data.matrix(), params);
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) {
        throw new UnsupportedOperationException();
    }

    static final class Model implements TrainedModel, FactorModel {
        final float[] f;
        final int dim;
        final int n;
        final InteractionMatrix m;
        final Params params;

        Model(float[] f, int dim, int n, InteractionMatrix m, Params params) {
            this.f = f;
            this.dim = dim;
            this.n = n;
            this.m = m;
            this.params = params;
        }

        @Override
        public String algorithm() {
            return "category-factors";
        }

        @Override
        public Params params() {
            return params;
        }

        @Override
        public int factors() {
            return dim;
        }

        @Override
        public int numUsers() {
            return m.rows();
        }

        @Override
        public int numItems() {
            return n;
        }

        @Override
        public float[] itemFactors() {
            return f;
        }

        @Override
        public float[] userVector(int user) {
            int[] ptr = m.rowPtr();
            int len = ptr[user + 1] - ptr[user];
            int[] items = new int[len];
            float[] w = new float[len];
            System.arraycopy(m.colIdx(), ptr[user], items, 0, len);
            System.arraycopy(m.values(), ptr[user], w, 0, len);
            return foldIn(items, w);
        }

        @Override
        public float[] foldIn(int[] items, float[] weights) {
            float[] v = new float[dim];
            float total = 0;
            for (int j = 0; j < items.length; j++) {
                for (int d = 0; d < dim; d++) {
                    v[d] += weights[j] * f[items[j] * dim + d];
                }
                total += weights[j];
            }
            if (total > 0) {
                for (int d = 0; d < dim; d++) {
                    v[d] /= total;
                }
            }
            return v;
        }

        @Override
        public boolean score(Query query, float[] out) {
            float[] v = query.user() >= 0 ? userVector(query.user()) : foldIn(query.items(), query.weights());
            for (int i = 0; i < n; i++) {
                float s = 0;
                for (int d = 0; d < dim; d++) {
                    s += v[d] * f[i * dim + d];
                }
                out[i] = s;
            }
            return query.hasSignal();
        }

        @Override
        public void save(ModelOutput out) {
            throw new UnsupportedOperationException();
        }
    }
}
