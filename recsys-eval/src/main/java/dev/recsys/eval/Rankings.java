package dev.recsys.eval;

import dev.recsys.api.Scene;
import dev.recsys.data.IdIndex;

/**
 * The ranked lists an evaluation scored: for each evaluated (user, scene) unit, the top items
 * (best first) with their scores and whether each was relevant. Written with
 * {@link dev.recsys.eval.output.CsvOutput#writeRankings} as {@code user,rank,item,score,scene}
 * rows so anyone can recompute the ranking metrics.
 *
 * <p>Thread safety: immutable; reads the evaluation's id indices, which must not be modified
 * concurrently.
 */
public final class Rankings {
    private final IdIndex users;
    private final IdIndex items;
    private final int[] user;
    private final Scene[] scene;
    private final int[] ptr;
    private final int[] list;
    private final float[] scores;
    private final boolean[] hits;
    private final int[] relevant;
    private final int[] relPtr;
    private final int[] relItems;
    private final int depth;

    Rankings(IdIndex users, IdIndex items, int[] user, Scene[] scene, int[] ptr, int[] list, float[] scores,
             boolean[] hits, int[] relevant, int[] relPtr, int[] relItems, int depth) {
        this.users = users;
        this.items = items;
        this.user = user;
        this.scene = scene;
        this.ptr = ptr;
        this.list = list;
        this.scores = scores;
        this.hits = hits;
        this.relevant = relevant;
        this.relPtr = relPtr;
        this.relItems = relItems;
        this.depth = depth;
    }

    /** Number of ranked units. */
    public int units() {
        return user.length;
    }

    /** Maximum list length stored. */
    public int depth() {
        return depth;
    }

    /** Dense user index of a unit. */
    public int userIndex(int unit) {
        return user[check(unit)];
    }

    /** External user id of a unit. */
    public String user(int unit) {
        return users.idOf(user[check(unit)]);
    }

    /** Scene of a unit. */
    public Scene scene(int unit) {
        return scene[check(unit)];
    }

    /** Length of a unit's list (at most {@link #depth()}; shorter when fewer candidates remained). */
    public int length(int unit) {
        return ptr[check(unit) + 1] - ptr[unit];
    }

    /** Dense item index at a 0-based position. */
    public int item(int unit, int position) {
        return list[at(unit, position)];
    }

    /** External item id at a 0-based position. */
    public String itemId(int unit, int position) {
        return items.idOf(list[at(unit, position)]);
    }

    /** Score at a 0-based position. */
    public float score(int unit, int position) {
        return scores[at(unit, position)];
    }

    /** Whether the item at a 0-based position is relevant for the unit. */
    public boolean isHit(int unit, int position) {
        return hits[at(unit, position)];
    }

    /** Number of relevant test items of the unit (the recall denominator). */
    public int relevantCount(int unit) {
        return relevant[check(unit)];
    }

    /**
     * External ids of the unit's relevant test items (the held-out items the metrics count, ascending by
     * dense index; {@link #relevantCount} of them), for {@link dev.recsys.eval.output.CsvOutput#writeHeldOut}.
     */
    public java.util.List<String> relevantItems(int unit) {
        check(unit);
        java.util.List<String> out = new java.util.ArrayList<>(relPtr[unit + 1] - relPtr[unit]);
        for (int p = relPtr[unit]; p < relPtr[unit + 1]; p++) {
            out.add(items.idOf(relItems[p]));
        }
        return out;
    }

    private int at(int unit, int position) {
        check(unit);
        if (position < 0 || position >= ptr[unit + 1] - ptr[unit]) {
            throw new IndexOutOfBoundsException("position " + position + " out of range 0.." + (ptr[unit + 1] - ptr[unit] - 1));
        }
        return ptr[unit] + position;
    }

    private int check(int unit) {
        if (unit < 0 || unit >= user.length) {
            throw new IndexOutOfBoundsException("unit " + unit + " out of range 0.." + (user.length - 1));
        }
        return unit;
    }
}
