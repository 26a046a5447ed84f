package dev.recsys.bench.ann;

import dev.recsys.spi.FactorModel;

/**
 * A bare {@link FactorModel} over synthetic item factors (no users, no fold-in), for the index
 * and storage benchmarks.
 *
 * <p>Thread safety: immutable.
 */
record ItemModel(int numItems, float[] itemFactors) implements FactorModel {
    @Override
    public int factors() {
        return AnnData.DIM;
    }

    @Override
    public int numUsers() {
        return 0;
    }

    @Override
    public float[] userVector(int user) {
        throw new IllegalArgumentException("no users");
    }

    @Override
    public float[] foldIn(int[] items, float[] weights) {
        return new float[AnnData.DIM];
    }
}
