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
 * @param bias       the row's bias (explicit-rating models; 0 and not written for {@code ials})
 */
public record BundleRow(Object id, float[] factors, float popularity, int count, long hash, float bias)
        implements Serializable {
    /** A row without a bias ({@code ials}). */
    public BundleRow(Object id, float[] factors, float popularity, int count, long hash) {
        this(id, factors, popularity, count, hash, 0f);
    }
}
