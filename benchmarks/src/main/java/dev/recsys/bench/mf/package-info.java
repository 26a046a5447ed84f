/**
 * JMH benchmarks of recsys-mf: SGD epoch cost per rating (scalar and vector kernels in
 * one run), one implicit-ALS iteration on a 100k x 20k x 5M power-law set, and fold-in latency.
 */
package dev.recsys.bench.mf;
