/**
 * Vector API ({@code jdk.incubator.vector}) kernels, loaded reflectively by
 * {@link dev.recsys.internal.kernel.Kernels} only when the incubator module is present. The only
 * package of the project that imports the incubator module. Internal.
 */
package dev.recsys.internal.kernel.panama;
