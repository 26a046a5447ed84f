/**
 * Dense solves for alternating least squares: a float Cholesky factorisation for small symmetric
 * positive definite systems ({@link dev.recsys.internal.linalg.Cholesky}) and the conjugate-gradient
 * step of implicit ALS ({@link dev.recsys.internal.linalg.ImplicitCg}). Internal.
 */
package dev.recsys.internal.linalg;
