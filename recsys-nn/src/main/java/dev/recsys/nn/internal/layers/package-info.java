/**
 * Neural-network building blocks on flat row-major {@code float[]} mini-batches: dense and sparse
 * input layers, embedding tables with sparse row gradients, activations, softmax, dropout,
 * initialisers and the glue that applies the shared optimizers of
 * {@code dev.recsys.internal.optim} to parameters. All matrix arithmetic goes through
 * {@link dev.recsys.internal.kernel.Kernels}.
 *
 * <p>Conventions: a mini-batch of {@code batch} rows of width {@code n} is the first
 * {@code batch * n} entries of a {@code float[]}, row r starting at {@code r * n}. A layer's
 * {@code forward} overwrites its output; its {@code backward} overwrites the input gradient (when
 * one is asked for) and overwrites its parameter gradients with those of the current batch.
 *
 * <p>Internal to recsys-nn, not public API: the package may change in any release and is left
 * out of the published javadoc. Applications use the models through
 * {@link dev.recsys.serving.Recommenders}.
 */
package dev.recsys.nn.internal.layers;
