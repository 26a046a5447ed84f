package dev.recsys.internal.ann;

import dev.recsys.serving.RecommenderModel;
import dev.recsys.spi.FactorModel;

/**
 * What {@code SceneEngine.swap} does with serving data: a new model without serving options takes
 * those of the model it replaces, its HNSW index extended with the new items when the old items'
 * factors are unchanged (items were only appended) and rebuilt otherwise. A new model that carries
 * its own serving options keeps them.
 *
 * <p>Thread safety: stateless.
 */
public final class ServingCarryOver {
    private ServingCarryOver() {
    }

    /** The model to publish in place of {@code previous}. */
    public static RecommenderModel apply(RecommenderModel previous, RecommenderModel next) {
        ItemSearch old = previous == null ? null : ServingAccess.search(previous);
        if (old == null || ServingAccess.search(next) != null || !next.supportsServing()) {
            return next;
        }
        ItemSearch s = ItemSearch.carryOver(old, (FactorModel) next.model(), next.metadata().seed(), null);
        return ServingAccess.with(next, s);
    }
}
