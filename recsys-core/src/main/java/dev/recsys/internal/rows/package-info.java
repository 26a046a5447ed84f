/**
 * Row-major float matrices a model reads row by row (user factors), held on the heap or
 * memory-mapped from a model bundle (internal; no compatibility promise). Reached through
 * {@code ModelFiles.load} and {@code ModelBundles.load}.
 */
package dev.recsys.internal.rows;
