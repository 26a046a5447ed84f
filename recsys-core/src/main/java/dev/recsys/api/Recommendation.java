package dev.recsys.api;

/**
 * One recommended item.
 *
 * @param itemId      the item's external id, as it appeared in the data
 * @param itemIndex   the item's dense index in the model (0-based), for callers that keep arrays
 * @param score       the ranking score (higher is better; finite, never NaN)
 * @param explanation a short human-readable reason ("often bought with X"), or {@code null}
 *
 * <p>Thread safety: immutable.
 */
public record Recommendation(String itemId, int itemIndex, float score, String explanation) {
    /** Validates the fields. */
    public Recommendation {
        if (itemId == null) {
            throw new IllegalArgumentException("itemId must not be null");
        }
        if (!Float.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score + " for item " + itemId);
        }
    }

    /** The item id as a number, for data sets with numeric ids. */
    public long itemIdAsLong() {
        return Long.parseLong(itemId);
    }
}
