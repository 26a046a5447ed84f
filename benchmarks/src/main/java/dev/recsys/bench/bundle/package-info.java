/**
 * Serving a model bundle at catalogue scale: a synthetic {@code ials} bundle written through the
 * core bundle writer ({@link dev.recsys.bench.bundle.SyntheticBundle}), its load time and memory
 * ({@link dev.recsys.bench.bundle.BundleLoad}) and {@code recommend} latency with memory-mapped
 * user factors and with fold-in ({@link dev.recsys.bench.bundle.BundleRecommendBenchmark}).
 */
package dev.recsys.bench.bundle;
