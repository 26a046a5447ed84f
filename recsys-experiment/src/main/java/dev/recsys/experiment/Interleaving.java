package dev.recsys.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;

/**
 * Team-draft interleaving (Radlinski, Kurup and Joachims, 2008): two rankers' lists are merged into
 * one list; in each round the team with fewer picks (a coin decides ties) adds its best item not
 * yet shown, and the position remembers the team. Clicks credit the team of the clicked position;
 * each unit prefers the ranker whose team got more of its clicks. Because every unit sees both
 * rankers, differences between units cancel, and far fewer units decide than in an A/B test.
 *
 * <p>Thread safety: stateless.
 */
public final class Interleaving {
    private Interleaving() {
    }

    /**
     * An interleaved list.
     *
     * @param items the merged list, best first
     * @param teams 'A' or 'B' per position: the ranker that contributed it
     *
     * <p>Thread safety: immutable.
     */
    public record Interleaved(List<String> items, String teams) {
        /** Copies the list. */
        public Interleaved {
            items = List.copyOf(items);
        }
    }

    /**
     * Interleaves two rankings by team draft.
     *
     * @param a    ranker A's list, best first
     * @param b    ranker B's list, best first
     * @param k    length of the merged list (shorter when the two lists hold fewer distinct items)
     * @param seed seed of the coin flips (derive it from the unit and the request for reproducibility)
     * @throws IllegalArgumentException if a list is null or k &lt; 1
     */
    public static Interleaved teamDraft(List<String> a, List<String> b, int k, long seed) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("both rankings must be non-null");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> items = new ArrayList<>(k);
        StringBuilder teams = new StringBuilder(k);
        Set<String> used = new HashSet<>();
        int ia = 0;
        int ib = 0;
        int na = 0;
        int nb = 0;
        while (items.size() < k) {
            while (ia < a.size() && used.contains(a.get(ia))) {
                ia++;
            }
            while (ib < b.size() && used.contains(b.get(ib))) {
                ib++;
            }
            boolean aLeft = ia < a.size();
            boolean bLeft = ib < b.size();
            if (!aLeft && !bLeft) {
                break;
            }
            boolean pickA = !bLeft || (aLeft && (na < nb || (na == nb && rnd.nextBoolean())));
            String item = pickA ? a.get(ia++) : b.get(ib++);
            used.add(item);
            items.add(item);
            teams.append(pickA ? 'A' : 'B');
            if (pickA) {
                na++;
            } else {
                nb++;
            }
        }
        return new Interleaved(items, teams.toString());
    }

    /**
     * The outcome of an interleaving experiment.
     *
     * @param units    units with at least one interleaved impression
     * @param preferA  units whose clicks went more to A's team
     * @param preferB  units whose clicks went more to B's team
     * @param ties     units with as many clicks on both teams (including no clicks)
     * @param delta    {@code (preferB - preferA) / units}: &gt; 0 favours B
     * @param pValue   two-sided sign test (binomial, p = 1/2) over units with a preference
     *
     * <p>Thread safety: immutable.
     */
    public record Result(int units, int preferA, int preferB, int ties, double delta, double pValue) {
        /** "A", "B" or "none" at significance level alpha. */
        public String winner(double alpha) {
            if (pValue >= alpha) {
                return "none";
            }
            return preferB > preferA ? "B" : "A";
        }
    }

    /**
     * Analyses per-unit click credits.
     *
     * @param creditA clicks on A's team per unit
     * @param creditB clicks on B's team per unit (same length)
     * @throws IllegalArgumentException if lengths differ
     */
    public static Result analyze(int[] creditA, int[] creditB) {
        if (creditA == null || creditB == null || creditA.length != creditB.length) {
            throw new IllegalArgumentException("creditA and creditB must be non-null and of the same length");
        }
        int pa = 0;
        int pb = 0;
        int ties = 0;
        for (int i = 0; i < creditA.length; i++) {
            if (creditA[i] > creditB[i]) {
                pa++;
            } else if (creditB[i] > creditA[i]) {
                pb++;
            } else {
                ties++;
            }
        }
        int n = creditA.length;
        double p = pa + pb == 0 ? 1.0
                : new BinomialTest().binomialTest(pa + pb, pb, 0.5, AlternativeHypothesis.TWO_SIDED);
        return new Result(n, pa, pb, ties, n == 0 ? 0 : (pb - pa) / (double) n, Math.min(1, p));
    }
}
