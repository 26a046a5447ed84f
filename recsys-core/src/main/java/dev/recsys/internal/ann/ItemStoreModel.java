package dev.recsys.internal.ann;

import dev.recsys.spi.FactorModel;

/**
 * A factor model that reads its item side from a {@link QuantizedFactors} storage, and can be
 * copied onto another one: what lets a model serving int8 or bfloat16 factors drop its float item
 * factors (memory and model file), every path that reads item factors (scoring, prediction,
 * fold-in, similar items, saving) then working from the stored form. The factor models of
 * {@code recsys-mf} implement it; {@link ItemSearch#build} uses it.
 *
 * <p>{@link FactorModel#itemFactors()} of a model whose store is not FLOAT returns a dequantised
 * copy made on each call ({@code numItems x k} floats): internal code reads {@link #itemStore()}.
 *
 * <p>Thread safety: implementations are immutable.
 */
public interface ItemStoreModel extends FactorModel {
    /** The item factors and biases as this model holds them (FLOAT: its own float array). */
    QuantizedFactors itemStore();

    /**
     * A copy of this model (same kind, also a {@code TrainedModel}) whose item factors are
     * {@code store} alone (its biases must be this model's item biases): scores, fold-ins and the
     * saved payload come from the stored values. Users, biases and the other trained terms are
     * shared.
     *
     * @throws IllegalArgumentException if the store's shape or biases do not fit this model
     */
    FactorModel withItemStore(QuantizedFactors store);
}
