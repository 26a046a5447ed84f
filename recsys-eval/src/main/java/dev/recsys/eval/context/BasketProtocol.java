package dev.recsys.eval.context;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Interactions;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntLinkedOpenHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Basket completion on the {@code cart} scene. When the test log has basket ids
 * ({@link Interactions#hasBaskets()}: a {@code basket=} column, e.g. an order or invoice number), a
 * basket is a user's test events with the same basket id, whatever their behaviour (events without
 * one are left out); otherwise a basket is a user's add-to-cart and purchase test events, each
 * within {@code gapSeconds} of the previous one (time groups them). A basket with at least two
 * distinct items gives one case: one of its items that the model knows is held out (drawn with the
 * seed), the other items are the cart, and the request is {@code recommend --user U --scene cart --cart REST -k K} — through
 * {@link dev.recsys.serving.RecommenderModel#recommender()}, as served.
 *
 * <pre>{@code
 * ContextResult r = new BasketProtocol(3600, 10, 42, 0).evaluate(model, test, "item-cooccurrence");
 * double hit = r.metrics().get("hitrate@10");
 * }</pre>
 *
 * <p>Thread safety: immutable.
 */
public final class BasketProtocol extends ContextProtocol {
    static final String TOO_SMALL = "baskets with fewer than 2 distinct items";
    static final String UNKNOWN = "baskets without an item the model knows";

    /** Default settings: gap {@value ContextProtocol#DEFAULT_GAP_SECONDS} s, k 10, seed 42, all processors. */
    public BasketProtocol() {
        this(DEFAULT_GAP_SECONDS, DEFAULT_K, 42L, 0);
    }

    /**
     * @param gapSeconds a cart or purchase event more than this after the user's previous one starts a new basket
     *                   (unused when the test log has basket ids)
     * @param k          cut-off, 1 .. {@value ContextProtocol#MAX_K}
     * @param seed       seed of the held-out choice
     * @param threads    0 for all available processors, else 1 .. {@link dev.recsys.internal.parallel.Parallel#MAX_THREADS}
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public BasketProtocol(long gapSeconds, int k, long seed, int threads) {
        super(gapSeconds, k, seed, threads);
    }

    @Override
    public String name() {
        return "basket";
    }

    @Override
    String columnRule() {
        return "basket = a user's test events with the same basket id (basket id column; events without one left"
                + " out), >= 2 distinct items; one item the model knows held out (seed " + seed + "), the rest is the"
                + " cart; ranked by the serving path's cart scene with the user, lists as served (the scene's trending"
                + " backfill); k = " + k;
    }

    @Override
    boolean groupedByColumn(Interactions test) {
        return test.hasBaskets();
    }

    @Override
    int groupCode(Interactions test, int e) {
        return test.basket(e);
    }

    @Override
    String groupLabel() {
        return "basket";
    }

    @Override
    public String rule() {
        return "basket = a user's cart/purchase test events each <= " + gapSeconds + " s after the previous (no order id"
                + " column: grouped by user and time gap), >= 2 distinct items; one item the model knows held out"
                + " (seed " + seed + "), the rest is the cart; ranked by the serving path's cart scene with the user,"
                + " lists as served (the scene's trending backfill); k = " + k;
    }

    @Override
    List<ContextCase> cases(Interactions test, IntPredicate known, Map<String, Integer> skipped) {
        skipped.put(TOO_SMALL, 0);
        skipped.put(UNKNOWN, 0);
        byte cart = Behavior.ADD_TO_CART.code();
        byte buy = Behavior.PURCHASE.code();
        boolean byId = test.hasBaskets();
        int[] order = groupOrder(test, e -> byId || test.behaviorCode(e) == cart || test.behaviorCode(e) == buy, skipped);
        SplittableRandom rng = new SplittableRandom(seed);
        List<ContextCase> out = new ArrayList<>();
        IntLinkedOpenHashSet basket = new IntLinkedOpenHashSet();
        IntArrayList candidates = new IntArrayList();
        forEachGroup(test, order, (u, basketNo, from, to) -> {
            basket.clear();
            for (int q = from; q < to; q++) {
                basket.add(test.item(order[q]));
            }
            if (basket.size() < 2) {
                count(skipped, TOO_SMALL);
                return;
            }
            candidates.clear();
            for (int i : basket) {
                if (known.test(i)) {
                    candidates.add(i);
                }
            }
            if (candidates.isEmpty()) {
                count(skipped, UNKNOWN);
                return;
            }
            int target = candidates.getInt(rng.nextInt(candidates.size()));
            List<String> rest = new ArrayList<>(basket.size() - 1);
            for (int i : basket) {
                if (i != target) {
                    rest.add(test.items().idOf(i));
                }
            }
            String user = test.users().idOf(u);
            out.add(new ContextCase(user + "#" + basketNo, user, rest, List.of(), test.items().idOf(target)));
        });
        return out;
    }

    @Override
    RecommendRequest request(ContextCase c) {
        return RecommendRequest.builder(Scene.CART, k).user(c.user()).cart(c.context()).build();
    }
}
