/**
 * Seeded, reproducible train/test protocols: random hold-out, per-user hold-out, global time
 * cut-off, leave-last-out, k-fold cross-validation and predefined files. Both sides of every split
 * share the log's id indices.
 */
package dev.recsys.eval.split;
