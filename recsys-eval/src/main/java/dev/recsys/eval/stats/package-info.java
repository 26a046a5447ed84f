/**
 * Significance of the difference between two models on the same split: paired t-test, Wilcoxon
 * signed-rank test and bootstrap confidence intervals (commons-math3).
 */
package dev.recsys.eval.stats;
