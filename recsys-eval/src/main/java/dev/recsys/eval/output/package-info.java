/**
 * Writers for evaluation results: console table, JSON (hand-written) and CSV, including the
 * per-user values and rankings behind every aggregate. The library never prints; callers print the
 * strings these return.
 */
package dev.recsys.eval.output;
