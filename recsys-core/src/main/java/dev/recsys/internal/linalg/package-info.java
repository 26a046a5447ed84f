/**
 * Dense float linear algebra for the models: the one symmetric positive definite solver
 * ({@link dev.recsys.internal.linalg.Spd}: Cholesky factor and solve of the small normal equations
 * of ALS, implicit ALS and fold-in, and the blocked multi-threaded inverse of EASE's item Gram
 * matrix) and the conjugate-gradient step of implicit ALS
 * ({@link dev.recsys.internal.linalg.ImplicitCg}). Internal.
 */
package dev.recsys.internal.linalg;
