/**
 * Internals of recsys-spark: the block layout of distributed iALS, the per-block solves (the core
 * solver of {@code dev.recsys.mf.internal}), bundle part writing. Not public API.
 */
package dev.recsys.spark.internal;
