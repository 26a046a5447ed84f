package dev.recsys.eval.split;

import dev.recsys.data.Interactions;
import java.util.List;

/**
 * Leave-last-out per user: each user's most recent item (the item of the user's latest event; equal
 * times go to the later log position) is held out with all of the user's events on it. Promises:
 * every test user has exactly one test item, which is not among the user's training items, and
 * keeps at least one training item (users with a single distinct item stay in training).
 * Deterministic (no seed).
 *
 * <p>Thread safety: immutable.
 */
public record LeaveLastOut() implements SplitProtocol {
    @Override
    public List<Split> split(Interactions log) {
        int n = log.size();
        int users = log.users().size();
        int[] lastEvent = new int[users];
        java.util.Arrays.fill(lastEvent, -1);
        for (int e = 0; e < n; e++) {
            int u = log.user(e);
            int l = lastEvent[u];
            if (l < 0 || log.time(e) >= log.time(l)) {
                lastEvent[u] = e;
            }
        }
        int[] lastItem = new int[users];
        for (int u = 0; u < users; u++) {
            lastItem[u] = lastEvent[u] < 0 ? -1 : log.item(lastEvent[u]);
        }
        boolean[] hasOther = new boolean[users];
        for (int e = 0; e < n; e++) {
            int u = log.user(e);
            if (log.item(e) != lastItem[u]) {
                hasOther[u] = true;
            }
        }
        boolean[] inTest = new boolean[n];
        for (int e = 0; e < n; e++) {
            int u = log.user(e);
            inTest[e] = hasOther[u] && log.item(e) == lastItem[u];
        }
        return List.of(Splits.of(log, inTest, describe()));
    }

    @Override
    public String describe() {
        return "leave-last-out (each user's most recent item)";
    }
}
