/**
 * Internals of recsys-spark: the block layout of distributed iALS, the per-block solves (the core
 * solver of {@code dev.recsys.mf.internal}), the rating cells and per-cell SGD passes of
 * distributed biased MF (the core SGD kernel), bundle part writing. Not public API.
 */
package dev.recsys.spark.internal;
