/**
 * Kernels backed by jblas's native BLAS (an optional dependency), loaded reflectively by
 * {@link dev.recsys.internal.kernel.Kernels} and probed once. Internal.
 */
package dev.recsys.internal.kernel.jblas;
