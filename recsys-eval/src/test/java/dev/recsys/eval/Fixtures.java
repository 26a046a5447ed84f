package dev.recsys.eval;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Recommender;
import dev.recsys.api.Scene;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small hand-made data and models for evaluator tests. */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * Train and test logs sharing id indices, from entries {@code "user item [rating [scene]]"}
     * separated by ';' (train first, so train ids get the low indices; {@code itemIds} are registered
     * before everything). Without a rating the event is
     * a view; time is the entry's position.
     */
    static Interactions[] pair(String train, String test, String... itemIds) {
        Interactions tr = new Interactions();
        for (String id : itemIds) {
            tr.items().add(id);
        }
        add(tr, train, 0);
        Interactions te = new Interactions(tr.users(), tr.items(), 16);
        add(te, test, 1000);
        return new Interactions[] {tr, te};
    }

    private static void add(Interactions log, String entries, long t0) {
        long t = t0;
        for (String e : entries.split(";")) {
            if (e.isBlank()) {
                continue;
            }
            String[] f = e.trim().split("\\s+");
            Scene s = f.length > 3 ? Scene.of(f[3]) : null;
            if (f.length > 2 && !f[2].equals("-")) {
                log.add(new Event(f[0], f[1], Behavior.RATING, Float.parseFloat(f[2]), t++, s));
            } else {
                log.add(new Event(f[0], f[1], Behavior.VIEW, 1f, t++, s));
            }
        }
    }

    /** Random implicit data: each user views {@code perUser} distinct random items; times increase. */
    static Interactions randomLog(int users, int items, int perUser, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Interactions log = new Interactions();
        for (int i = 0; i < items; i++) {
            log.items().add("i" + i);
        }
        long t = 0;
        for (int u = 0; u < users; u++) {
            int uu = log.users().add("u" + u);
            java.util.BitSet used = new java.util.BitSet();
            for (int j = 0; j < perUser; j++) {
                int it;
                do {
                    // skewed popularity
                    it = (int) (items * Math.pow(rng.nextDouble(), 2));
                } while (used.get(it));
                used.set(it);
                log.add(uu, it, Behavior.VIEW, 1f, t++, Interactions.NO_SCENE);
            }
        }
        return log;
    }

    /** Scores (and optionally ratings) from functions of (user, item, scene). */
    static final class TableModel implements TrainedModel {
        interface ScoreFn {
            float score(int user, int item, Scene scene);
        }

        interface RatingFn {
            float rating(int user, int item);
        }

        private final String name;
        private final int numItems;
        private final ScoreFn fn;
        private final RatingFn ratings;

        TableModel(String name, int numItems, ScoreFn fn, RatingFn ratings) {
            this.name = name;
            this.numItems = numItems;
            this.fn = fn;
            this.ratings = ratings;
        }

        TableModel(String name, int numItems, ScoreFn fn) {
            this(name, numItems, fn, null);
        }

        /** Scores from a hash of (user, item), quantised to 8 levels so that ties occur. */
        static TableModel hashed(String name, int numItems, long salt) {
            return new TableModel(name, numItems, (u, i, s) -> {
                long h = (u * 0x9E3779B97F4A7C15L) ^ (i * 0xC2B2AE3D27D4EB4FL) ^ salt;
                h ^= h >>> 29;
                h *= 0xBF58476D1CE4E5B9L;
                h ^= h >>> 32;
                return (float) ((h >>> 40) & 7) + 0.1f * (numItems - i) / numItems * ((h & 1) == 0 ? 1 : 0);
            });
        }

        @Override
        public String algorithm() {
            return name;
        }

        @Override
        public Params params() {
            return Params.defaults(List.of());
        }

        @Override
        public int numItems() {
            return numItems;
        }

        @Override
        public boolean score(Query query, float[] out) {
            for (int i = 0; i < numItems; i++) {
                out[i] = fn.score(query.user(), i, query.scene());
            }
            return true;
        }

        @Override
        public boolean predictsRatings() {
            return ratings != null;
        }

        @Override
        public float predict(int user, int item) {
            if (ratings == null) {
                return TrainedModel.super.predict(user, item);
            }
            return ratings.rating(user, item);
        }

        @Override
        public void save(ModelOutput out) {
            throw new UnsupportedOperationException("test model");
        }
    }

    /** A {@link Recommender} over a {@link TableModel} by external ids, honouring exclude and candidates. */
    static final class TableRecommender implements Recommender {
        private final TableModel model;
        private final IdIndex users;
        private final IdIndex items;

        TableRecommender(TableModel model, IdIndex users, IdIndex items) {
            this.model = model;
            this.users = users;
            this.items = items;
        }

        @Override
        public List<Recommendation> recommend(RecommendRequest req) {
            int u = users.indexOf(req.user());
            float[] s = new float[model.numItems()];
            model.score(Query.ofUser(u, new int[0], new float[0], req.scene()), s);
            List<Integer> cands = new ArrayList<>();
            if (req.candidates() != null) {
                for (String id : req.candidates()) {
                    cands.add(items.indexOf(id));
                }
            } else {
                for (int i = 0; i < model.numItems(); i++) {
                    cands.add(i);
                }
            }
            cands.removeIf(i -> req.exclude().contains(items.idOf(i)));
            cands.sort((a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
            List<Recommendation> out = new ArrayList<>();
            for (int i = 0; i < Math.min(req.k(), cands.size()); i++) {
                int it = cands.get(i);
                out.add(new Recommendation(items.idOf(it), it, s[it], null));
            }
            return out;
        }
    }
}
