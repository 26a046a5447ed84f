/** Internals of recsys-eval (top-k selection, negative sampling, pair grouping); not a public API. */
package dev.recsys.eval.internal;
