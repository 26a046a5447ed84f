/**
 * Dense float linear algebra for the models: the one symmetric positive definite solver
 * ({@link dev.recsys.internal.linalg.Spd}: Cholesky factor and solve of the small normal equations
 * of ALS, implicit ALS and fold-in, and the blocked multi-threaded inverse of EASE's item Gram
 * matrix). Implicit ALS's conjugate-gradient row solve is recsys-mf's {@code ImplicitAlsSolver},
 * on the SGD kernels' {@code confidenceSum}. Internal.
 */
package dev.recsys.internal.linalg;
