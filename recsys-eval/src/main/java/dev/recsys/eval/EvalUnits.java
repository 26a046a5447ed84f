package dev.recsys.eval;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * The units of evaluation: test events grouped by (user, scene), with each unit's relevant items
 * (distinct, ascending) and its rating events. Events without a scene belong to {@link Scene#HOME}.
 *
 * <p>Thread safety: immutable after construction.
 */
final class EvalUnits {
    final List<Scene> scenes;
    final int size;
    final int[] user;
    final int[] scene;
    final int[] relPtr;
    final int[] relItems;
    final int[] ratedPtr;
    final int[] ratedEvents;
    final int droppedAsSeen;

    private EvalUnits(List<Scene> scenes, int[] user, int[] scene, int[] relPtr, int[] relItems,
                      int[] ratedPtr, int[] ratedEvents, int droppedAsSeen) {
        this.scenes = scenes;
        this.size = user.length;
        this.user = user;
        this.scene = scene;
        this.relPtr = relPtr;
        this.relItems = relItems;
        this.ratedPtr = ratedPtr;
        this.ratedEvents = ratedEvents;
        this.droppedAsSeen = droppedAsSeen;
    }

    int relevantCount(int u) {
        return relPtr[u + 1] - relPtr[u];
    }

    int ratedCount(int u) {
        return ratedPtr[u + 1] - ratedPtr[u];
    }

    /**
     * Groups the test events.
     *
     * @param seen    binary training matrix (users x items) for the exclusion of seen items
     * @param ranking whether ranking metrics are wanted (units need a relevant item)
     * @param rating  whether rating metrics are wanted (units need a rating event)
     */
    static EvalUnits build(Interactions test, InteractionMatrix seen, EvaluationOptions o, boolean ranking, boolean rating) {
        List<Scene> scenes = new ArrayList<>(test.scenes());
        int[] sceneOfCode = new int[scenes.size()];
        for (int c = 0; c < sceneOfCode.length; c++) {
            sceneOfCode[c] = c;
        }
        int home = scenes.indexOf(Scene.HOME);
        boolean anyUnknown = false;
        int n = test.size();
        for (int e = 0; e < n && !anyUnknown; e++) {
            anyUnknown = test.sceneCode(e) == Interactions.NO_SCENE;
        }
        if (anyUnknown && home < 0) {
            scenes.add(Scene.HOME);
            home = scenes.size() - 1;
        }
        final int homeIdx = home;
        int[] sceneOf = new int[n];
        int[] userOf = new int[n];
        int[] itemOf = new int[n];
        int[] order = new int[n];
        for (int e = 0; e < n; e++) {
            byte c = test.sceneCode(e);
            sceneOf[e] = c == Interactions.NO_SCENE ? homeIdx : sceneOfCode[c];
            userOf[e] = test.user(e);
            itemOf[e] = test.item(e);
            order[e] = e;
        }
        IntArrays.quickSort(order, (a, b) -> {
            int c = Integer.compare(userOf[a], userOf[b]);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(sceneOf[a], sceneOf[b]);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(itemOf[a], itemOf[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });

        IntArrayList users = new IntArrayList();
        IntArrayList unitScenes = new IntArrayList();
        IntArrayList relPtr = new IntArrayList();
        IntArrayList relItems = new IntArrayList();
        IntArrayList ratedPtr = new IntArrayList();
        IntArrayList ratedEvents = new IntArrayList();
        relPtr.add(0);
        ratedPtr.add(0);
        int dropped = 0;
        int i = 0;
        while (i < n) {
            int u = userOf[order[i]];
            int s = sceneOf[order[i]];
            int j = i;
            int relStart = relItems.size();
            int ratedStart = ratedEvents.size();
            int droppedHere = 0;
            int lastRel = -1;
            while (j < n && userOf[order[j]] == u && sceneOf[order[j]] == s) {
                int e = order[j];
                Behavior b = test.behavior(e);
                if (b.hasValue()) {
                    ratedEvents.add(e);
                }
                int item = itemOf[e];
                if (item != lastRel && o.isRelevant(b, test.value(e))) {
                    lastRel = item; // events are sorted by item: each relevant item is seen once here
                    if (o.excludeTrainingItems() && contains(seen, u, item)) {
                        droppedHere++;
                    } else {
                        relItems.add(item);
                    }
                }
                j++;
            }
            boolean keep = (ranking && relItems.size() > relStart) || (rating && ratedEvents.size() > ratedStart);
            dropped += droppedHere;
            if (keep) {
                users.add(u);
                unitScenes.add(s);
                relPtr.add(relItems.size());
                ratedPtr.add(ratedEvents.size());
            } else {
                relItems.size(relStart);
                ratedEvents.size(ratedStart);
            }
            i = j;
        }
        return new EvalUnits(List.copyOf(scenes), users.toIntArray(), unitScenes.toIntArray(), relPtr.toIntArray(),
                relItems.toIntArray(), ratedPtr.toIntArray(), ratedEvents.toIntArray(), dropped);
    }

    /** Whether row {@code r} of {@code m} holds column {@code c} (binary search). */
    static boolean contains(InteractionMatrix m, int r, int c) {
        if (r < 0 || r >= m.rows()) {
            return false;
        }
        int[] ci = m.colIdx();
        int lo = m.rowPtr()[r];
        int hi = m.rowPtr()[r + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = ci[mid];
            if (v < c) {
                lo = mid + 1;
            } else if (v > c) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
