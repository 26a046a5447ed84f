/**
 * Training support shared by the neural models: seeded mini-batch order, a per-user hold-out
 * validation split cut from the training data, a ranking validator (NDCG@k with training items
 * excluded) and early stopping with parameter snapshots.
 *
 * <p>Internal to recsys-nn, not public API: the package may change in any release and is left
 * out of the published javadoc. Applications use the models through
 * {@link dev.recsys.serving.Recommenders}.
 */
package dev.recsys.nn.internal.train;
