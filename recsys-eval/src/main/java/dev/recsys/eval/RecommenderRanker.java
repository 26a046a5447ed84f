package dev.recsys.eval;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Recommender;
import dev.recsys.data.IdIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ranks through the public {@link Recommender} API by external ids, for models that expose no
 * {@link dev.recsys.spi.TrainedModel}. Training items are excluded by passing them in
 * {@link RecommendRequest.Builder#exclude} (and {@code allowRepeats(false)}); sampled candidates go
 * through {@link RecommendRequest.Builder#candidates}. The recommender's order is the ranking.
 *
 * <p>Thread safety: as thread-safe as the recommender's {@code recommend}.
 */
final class RecommenderRanker implements UnitRanker {
    private final Recommender recommender;
    private final IdIndex users;
    private final IdIndex items;
    private final boolean exclude;

    RecommenderRanker(Recommender recommender, IdIndex users, IdIndex items, boolean exclude) {
        this.recommender = recommender;
        this.users = users;
        this.items = items;
        this.exclude = exclude;
    }

    @Override
    public boolean rankCatalogue(Work w, int depth, boolean fullAuc) {
        int want = Math.max(1, fullAuc ? Math.max(depth, w.candidates) : depth);
        RecommendRequest.Builder b = RecommendRequest.builder(w.scene, want).user(users.idOf(w.user)).allowRepeats(!exclude);
        if (exclude && w.seenItems.length > 0) {
            Set<String> seen = new HashSet<>();
            for (int i : w.seenItems) {
                seen.add(items.idOf(i));
            }
            b.exclude(seen);
        }
        fill(w, recommender.recommend(b.build()));
        w.auc = Double.NaN;
        return w.length > 0;
    }

    @Override
    public void rankCandidates(Work w, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            ids.add(items.idOf(w.cands[j]));
        }
        RecommendRequest r = RecommendRequest.builder(w.scene, Math.max(1, n)).user(users.idOf(w.user))
                .candidates(ids).allowRepeats(true).build();
        fill(w, recommender.recommend(r));
        w.auc = Double.NaN;
    }

    private void fill(Work w, List<Recommendation> recs) {
        if (recs == null) {
            throw new IllegalStateException("recommender returned null for user " + users.idOf(w.user));
        }
        w.ensureList(recs.size());
        int stamp = w.nextPickStamp();
        int n = 0;
        for (Recommendation rec : recs) {
            int idx = items.indexOf(rec.itemId());
            if (idx < 0 || idx >= w.nItems) {
                throw new IllegalStateException("recommender returned item '" + rec.itemId() + "' for user "
                        + users.idOf(w.user) + ", which is not in the evaluation data's item index");
            }
            if (w.picked[idx] == stamp) {
                throw new IllegalStateException("recommender returned item '" + rec.itemId() + "' twice for user "
                        + users.idOf(w.user));
            }
            w.picked[idx] = stamp;
            w.list[n] = idx;
            w.listScores[n] = rec.score();
            n++;
        }
        w.length = n;
    }
}
