/**
 * JMH benchmarks of the float kernels, the Cholesky solve and the scoring loop: each fork runs with
 * {@code --add-modules=jdk.incubator.vector} and a {@code @Param impl} picks the scalar, Vector API
 * or jblas implementation through {@code Kernels.create}. See {@code benchmarks/README.md}.
 */
package dev.recsys.bench.kernel;
