/**
 * Internal numerical code of recsys-mf (SGD and ALS kernels, solvers, fold-in helpers). Not public
 * API: may change in any release.
 */
package dev.recsys.mf.internal;
