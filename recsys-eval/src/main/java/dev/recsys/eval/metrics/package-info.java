/**
 * Metric definitions as plain functions with their exact formulas in the Javadoc: ranking
 * accuracy ({@link dev.recsys.eval.metrics.RankingMetrics}), rating error
 * ({@link dev.recsys.eval.metrics.RatingMetrics}) and beyond-accuracy measures
 * ({@link dev.recsys.eval.metrics.BeyondAccuracyMetrics}).
 */
package dev.recsys.eval.metrics;
