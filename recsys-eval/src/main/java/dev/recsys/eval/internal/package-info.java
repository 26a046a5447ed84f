/** Internals of recsys-eval (pair grouping); not a public API. */
package dev.recsys.eval.internal;
