/**
 * Training support shared by the neural models: seeded mini-batch order, a per-user hold-out
 * validation split cut from the training data, a ranking validator (NDCG@k with training items
 * excluded) and early stopping with parameter snapshots.
 */
package dev.recsys.nn.train;
