/**
 * Float kernels on flat row-major arrays ({@link dev.recsys.internal.kernel.FloatKernels}) and the
 * start-up choice of implementation ({@link dev.recsys.internal.kernel.Kernels}): tuned scalar
 * Java, the Vector API (subpackage {@code panama}, the only code importing
 * {@code jdk.incubator.vector}) or native BLAS through jblas (subpackage {@code jblas}).
 * Internal: not part of the public API.
 */
package dev.recsys.internal.kernel;
