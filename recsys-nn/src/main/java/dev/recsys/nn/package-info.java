/**
 * Pure-Java neural recommenders, found by name once recsys-nn is on the class path: {@code neumf}
 * ({@link dev.recsys.nn.NeuMf}), {@code cdae} ({@link dev.recsys.nn.Cdae}), {@code mult-vae}
 * ({@link dev.recsys.nn.MultVae}) and {@code item-attribute-ae} ({@link dev.recsys.nn.ItemAttributeAe},
 * cold-start items from their attributes, with precomputed item vectors loaded by
 * {@link dev.recsys.nn.ItemVectors}); the scene-aware {@code scene-star} is in
 * {@code dev.recsys.nn.scene}.
 *
 * <p>Applications use them through {@link dev.recsys.serving.Recommenders#train} with the algorithm
 * name and text parameters. The layer toolkit ({@code dev.recsys.nn.internal.layers},
 * {@code dev.recsys.nn.internal.loss}, {@code dev.recsys.nn.internal.train}) and the training loops
 * ({@code dev.recsys.nn.internal}) are internal, not public API. Parameter choices are described in
 * the module's {@code TUNING.md}.
 */
package dev.recsys.nn;
