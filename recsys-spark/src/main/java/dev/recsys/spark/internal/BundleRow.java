package dev.recsys.spark.internal;

import java.io.Serializable;

/**
 * One user or item row of a bundle: external id (Long or String), factors, and either the
 * popularity (items) or the fingerprint count and hash of the training row (users).
 *
 * <p>Thread safety: treat as immutable.
 *
 * @param id         external id
 * @param factors    k floats
 * @param popularity cold-start score (items)
 * @param count      training entries (users; 0 for items)
 * @param hash       order-independent hash of the training row (users)
 */
public record BundleRow(Object id, float[] factors, float popularity, int count, long hash) implements Serializable {
}
