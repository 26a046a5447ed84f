package dev.recsys.eval.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Behavior;
import dev.recsys.data.Interactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitProtocolsTest {

    /** 200 users, 300 items, 5-40 events each, some repeated (user, item) pairs, shuffled times. */
    private static Interactions log() {
        SplittableRandom rng = new SplittableRandom(99);
        Interactions log = new Interactions();
        for (int u = 0; u < 200; u++) {
            log.users().add("u" + u);
        }
        for (int i = 0; i < 300; i++) {
            log.items().add("i" + i);
        }
        for (int u = 0; u < 200; u++) {
            int n = 5 + rng.nextInt(36);
            for (int j = 0; j < n; j++) {
                int item = (int) (300 * Math.pow(rng.nextDouble(), 1.5));
                log.add(u, item, Behavior.VIEW, 1f, 1_000_000 + rng.nextInt(100_000), Interactions.NO_SCENE);
            }
        }
        // one user with a single item (three events)
        int lone = log.users().add("lone");
        for (int j = 0; j < 3; j++) {
            log.add(lone, 7, Behavior.VIEW, 1f, 1_050_000 + j, Interactions.NO_SCENE);
        }
        return log;
    }

    private static Set<Long> pairs(Interactions l) {
        Set<Long> s = new HashSet<>();
        for (int e = 0; e < l.size(); e++) {
            s.add(((long) l.user(e) << 32) | l.item(e));
        }
        return s;
    }

    private static Set<Integer> users(Interactions l) {
        Set<Integer> s = new HashSet<>();
        for (int e = 0; e < l.size(); e++) {
            s.add(l.user(e));
        }
        return s;
    }

    private static void assertPartition(Interactions log, Split s) {
        assertThat(s.train().size() + s.test().size()).isEqualTo(log.size());
        assertThat(s.train().users()).isSameAs(log.users());
        assertThat(s.test().items()).isSameAs(log.items());
        Set<Long> overlap = pairs(s.train());
        overlap.retainAll(pairs(s.test()));
        assertThat(overlap).as("(user, item) pairs on both sides").isEmpty();
    }

    private static List<Long> fingerprint(Interactions l) {
        List<Long> f = new ArrayList<>();
        for (int e = 0; e < l.size(); e++) {
            f.add(((long) l.user(e) << 32) | l.item(e));
        }
        return f;
    }

    @Test
    void randomHoldoutIsSeededAndKeepsPairsTogether() {
        Interactions log = log();
        Split a = new RandomHoldout(0.2, 1).split(log).get(0);
        Split b = new RandomHoldout(0.2, 1).split(log).get(0);
        Split c = new RandomHoldout(0.2, 2).split(log).get(0);
        assertPartition(log, a);
        assertThat(fingerprint(a.test())).isEqualTo(fingerprint(b.test()));
        assertThat(fingerprint(a.test())).isNotEqualTo(fingerprint(c.test()));
        int pairs = pairs(log).size();
        assertThat(pairs(a.test())).hasSize((int) Math.round(pairs * 0.2));
        assertThat(a.description()).contains("20%").contains("seed 1");
    }

    @Test
    void perUserHoldoutKeepsEveryTestUserInTraining() {
        Interactions log = log();
        Split s = new PerUserHoldout(0.25, 5).split(log).get(0);
        assertPartition(log, s);
        assertThat(users(s.train())).containsAll(users(s.test()));
        // stratified: each user with g items has round(g/4) (at most g-1) test items
        Map<Integer, Set<Integer>> all = itemsByUser(log);
        Map<Integer, Set<Integer>> test = itemsByUser(s.test());
        for (Map.Entry<Integer, Set<Integer>> e : all.entrySet()) {
            int g = e.getValue().size();
            int expected = Math.min(g - 1, (int) Math.round(g * 0.25));
            assertThat(test.getOrDefault(e.getKey(), Set.of())).hasSize(expected);
        }
        int lone = log.users().indexOf("lone");
        assertThat(users(s.test())).doesNotContain(lone);
        assertThat(fingerprint(new PerUserHoldout(0.25, 5).split(log).get(0).test())).isEqualTo(fingerprint(s.test()));
    }

    @Test
    void kFoldTestSetsPartitionTheLog() {
        Interactions log = log();
        List<Split> folds = new KFold(5, 3).split(log);
        assertThat(folds).hasSize(5);
        int total = 0;
        Set<Long> seen = new HashSet<>();
        for (Split f : folds) {
            assertPartition(log, f);
            Set<Long> p = pairs(f.test());
            assertThat(seen).doesNotContainAnyElementsOf(p);
            seen.addAll(p);
            total += f.test().size();
        }
        assertThat(total).isEqualTo(log.size());
        assertThat(seen).isEqualTo(pairs(log));
        assertThat(folds.get(1).description()).contains("fold 2/5");
        assertThat(fingerprint(new KFold(5, 3).split(log).get(4).test())).isEqualTo(fingerprint(folds.get(4).test()));
    }

    @Test
    void timeCutoffHasNoFutureInTraining() {
        Interactions log = log();
        Split s = TimeCutoff.latestFraction(0.2).split(log).get(0);
        long maxTrain = Long.MIN_VALUE;
        long minTest = Long.MAX_VALUE;
        for (int e = 0; e < s.train().size(); e++) {
            maxTrain = Math.max(maxTrain, s.train().time(e));
        }
        for (int e = 0; e < s.test().size(); e++) {
            minTest = Math.min(minTest, s.test().time(e));
        }
        assertThat(maxTrain).isLessThan(minTest);
        assertThat(s.test().size()).isBetween((int) (0.2 * log.size()), (int) (0.2 * log.size()) + 60);
        assertThat(s.train().size() + s.test().size()).isEqualTo(log.size());

        Split cold = TimeCutoff.latestFraction(0.2).dropColdTestEvents().split(log).get(0);
        Set<Integer> trainUsers = users(s.train());
        for (int e = 0; e < cold.test().size(); e++) {
            assertThat(trainUsers).contains(cold.test().user(e));
        }
        Split fixed = TimeCutoff.at(1_050_000).split(log).get(0);
        for (int e = 0; e < fixed.test().size(); e++) {
            assertThat(fixed.test().time(e)).isGreaterThanOrEqualTo(1_050_000);
        }
    }

    @Test
    void leaveLastOutHoldsOutEachUsersMostRecentItem() {
        Interactions log = log();
        Split s = new LeaveLastOut().split(log).get(0);
        assertPartition(log, s);
        Map<Integer, Set<Integer>> test = itemsByUser(s.test());
        Map<Integer, Set<Integer>> train = itemsByUser(s.train());
        for (Map.Entry<Integer, Set<Integer>> e : test.entrySet()) {
            assertThat(e.getValue()).hasSize(1);
            assertThat(train.get(e.getKey())).isNotEmpty().doesNotContainAnyElementsOf(e.getValue());
        }
        // the held-out item is the one of the user's latest event
        int u = s.test().user(0);
        long latest = Long.MIN_VALUE;
        int latestItem = -1;
        for (int e = 0; e < log.size(); e++) {
            if (log.user(e) == u && log.time(e) >= latest) {
                latest = log.time(e);
                latestItem = log.item(e);
            }
        }
        assertThat(test.get(u)).containsExactly(latestItem);
        assertThat(test).doesNotContainKey(log.users().indexOf("lone"));
    }

    @Test
    void parsesProtocolSpecs() {
        assertThat(SplitProtocols.parse("per-user:0.25", 4)).isEqualTo(new PerUserHoldout(0.25, 4));
        assertThat(SplitProtocols.parse("RANDOM:0.1", 4)).isEqualTo(new RandomHoldout(0.1, 4));
        assertThat(SplitProtocols.parse("kfold:5", 4)).isEqualTo(new KFold(5, 4));
        assertThat(SplitProtocols.parse("leave-last-out", 4)).isEqualTo(new LeaveLastOut());
        assertThat(SplitProtocols.parse("time:0.2", 4).describe()).contains("latest 20%");
        assertThat(SplitProtocols.parse("time@100", 4)).isInstanceOf(TimeCutoff.class);
        assertThatThrownBy(() -> SplitProtocols.parse("holdout", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown protocol 'holdout'").hasMessageContaining("kfold:K");
        assertThatThrownBy(() -> SplitProtocols.parse("per-user:1.5", 1)).hasMessageContaining("testFraction");
        assertThatThrownBy(() -> SplitProtocols.parse("kfold:x", 1)).hasMessageContaining("malformed number");
    }

    @Test
    void predefinedSplitNeedsSharedIndices() {
        Interactions a = new Interactions();
        Interactions b = new Interactions(a.users(), a.items(), 4);
        assertThat(Split.predefined(a, b, "u1.base/u1.test").description()).isEqualTo("predefined u1.base/u1.test");
        assertThatThrownBy(() -> Split.predefined(a, new Interactions(), "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share");
    }

    private static Map<Integer, Set<Integer>> itemsByUser(Interactions l) {
        Map<Integer, Set<Integer>> m = new HashMap<>();
        for (int e = 0; e < l.size(); e++) {
            m.computeIfAbsent(l.user(e), k -> new HashSet<>()).add(l.item(e));
        }
        return m;
    }
}
