package dev.recsys.eval.metrics;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.function.IntUnaryOperator;

/**
 * Beyond-accuracy metrics of recommendation lists. A list is given as dense item indices
 * ({@code list[0..length)}, best first) and is cut at {@code k}; entries {@code < 0} (items the
 * evaluator could not map to the catalogue) are skipped. Popularity is the number of distinct
 * training users who interacted with an item.
 *
 * <p>Per-list metrics return an empty {@link OptionalDouble} when undefined (an empty list, or no
 * comparable pair for the diversity metrics); the evaluator then leaves that user out of that
 * metric's mean. Aggregate metrics ({@link #coverage}, {@link #gini}) look at all lists at once.
 *
 * <p>Thread safety: stateless.
 */
public final class BeyondAccuracyMetrics {
    private BeyondAccuracyMetrics() {
    }

    /**
     * Novelty: the mean self-information {@code -log2(p_i)} of the items in the top k, where
     * {@code p_i = max(popularity_i, 1) / numUsers} is the share of training users who interacted
     * with item {@code i} (Zhou et al., PNAS 2010). Items never seen in training count as seen by
     * one user, so the value stays finite. Higher means less popular, more novel items.
     *
     * @param popularity distinct training users per item. Not modified.
     * @param numUsers   number of training users with at least one event; must be > 0
     */
    public static OptionalDouble novelty(int[] list, int length, int k, int[] popularity, int numUsers) {
        checkList(list, length, k);
        if (numUsers <= 0) {
            throw new IllegalArgumentException("numUsers must be > 0, got " + numUsers);
        }
        int n = Math.min(length, k);
        double s = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            int item = list[i];
            if (item >= 0) {
                int pop = item < popularity.length ? popularity[item] : 0;
                s += -Math.log(Math.min(1.0, Math.max(pop, 1) / (double) numUsers)) / Math.log(2);
                c++;
            }
        }
        return c == 0 ? OptionalDouble.empty() : OptionalDouble.of(s / c);
    }

    /**
     * Popularity bias (average recommendation popularity, Abdollahpouri et al. 2019): the mean
     * training popularity (distinct users) of the items in the top k. Higher means the list leans on
     * popular items.
     *
     * @param popularity distinct training users per item (items beyond its length count 0). Not modified.
     */
    public static OptionalDouble meanPopularity(int[] list, int length, int k, int[] popularity) {
        checkList(list, length, k);
        int n = Math.min(length, k);
        double s = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            int item = list[i];
            if (item >= 0) {
                s += item < popularity.length ? popularity[item] : 0;
                c++;
            }
        }
        return c == 0 ? OptionalDouble.empty() : OptionalDouble.of(s / c);
    }

    /**
     * Intra-list diversity by category: among the pairs of items in the top k whose categories are
     * both known, the share with different categories (0 = one category, 1 = all different). Pairs
     * involving an item without a category are left out; with no such pair the value is undefined.
     *
     * @param category category code of an item, or -1 if unknown
     */
    public static OptionalDouble categoryDiversity(int[] list, int length, int k, IntUnaryOperator category) {
        checkList(list, length, k);
        int n = Math.min(length, k);
        int[] cats = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (list[i] >= 0) {
                int c = category.applyAsInt(list[i]);
                if (c >= 0) {
                    cats[m++] = c;
                }
            }
        }
        if (m < 2) {
            return OptionalDouble.empty();
        }
        long pairs = (long) m * (m - 1) / 2;
        long different = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                if (cats[i] != cats[j]) {
                    different++;
                }
            }
        }
        return OptionalDouble.of(different / (double) pairs);
    }

    /**
     * Intra-list diversity by embedding: the mean cosine distance {@code 1 - cos(v_i, v_j)} over all
     * pairs of items in the top k (range [0, 2]). A zero vector has cosine 0 with everything
     * (distance 1). Undefined for lists with fewer than two items.
     *
     * @param vectors item vectors, flat row-major ({@code numItems x dim}). Not modified.
     * @param dim     vector length; must be > 0
     */
    public static OptionalDouble embeddingDiversity(int[] list, int length, int k, float[] vectors, int dim) {
        checkList(list, length, k);
        if (dim <= 0 || vectors == null || vectors.length % dim != 0) {
            throw new IllegalArgumentException("vectors must be a flat numItems x dim array with dim > 0, got dim " + dim);
        }
        int n = Math.min(length, k);
        int[] items = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (list[i] >= 0) {
                if ((long) (list[i] + 1) * dim > vectors.length) {
                    throw new IllegalArgumentException("item " + list[i] + " has no vector (vectors cover "
                            + vectors.length / dim + " items)");
                }
                items[m++] = list[i];
            }
        }
        if (m < 2) {
            return OptionalDouble.empty();
        }
        double[] norms = new double[m];
        for (int i = 0; i < m; i++) {
            norms[i] = Math.sqrt(dot(vectors, items[i], items[i], dim));
        }
        double s = 0;
        long pairs = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double cos = norms[i] == 0 || norms[j] == 0 ? 0.0 : dot(vectors, items[i], items[j], dim) / (norms[i] * norms[j]);
                s += 1.0 - Math.max(-1.0, Math.min(1.0, cos));
                pairs++;
            }
        }
        return OptionalDouble.of(s / pairs);
    }

    /**
     * Catalogue coverage: the number of distinct items appearing in at least one top-k list divided
     * by the catalogue size.
     *
     * @param distinctRecommended distinct items recommended
     * @param catalogueSize       number of items that could be recommended; must be > 0
     */
    public static double coverage(int distinctRecommended, int catalogueSize) {
        if (catalogueSize <= 0 || distinctRecommended < 0 || distinctRecommended > catalogueSize) {
            throw new IllegalArgumentException("need 0 <= distinctRecommended <= catalogueSize and catalogueSize > 0, got "
                    + distinctRecommended + " and " + catalogueSize);
        }
        return distinctRecommended / (double) catalogueSize;
    }

    /**
     * Gini coefficient of exposure: with {@code x_1 <= ... <= x_n} the number of top-k lists each
     * catalogue item appears in (items never recommended count 0),
     * {@code G = sum_i (2i - n - 1) x_i / (n sum_i x_i)}. 0 means every item is recommended equally
     * often; values near 1 mean a few items take all exposure. 0 when nothing was recommended.
     *
     * @param exposure one count per catalogue item; all >= 0. Not modified.
     */
    public static double gini(long[] exposure) {
        if (exposure == null || exposure.length == 0) {
            throw new IllegalArgumentException("exposure must hold one count per catalogue item");
        }
        long[] x = exposure.clone();
        Arrays.sort(x);
        if (x[0] < 0) {
            throw new IllegalArgumentException("exposure counts must be >= 0, got " + x[0]);
        }
        int n = x.length;
        double total = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            total += x[i];
            weighted += (2.0 * (i + 1) - n - 1) * x[i];
        }
        return total == 0 ? 0.0 : weighted / (n * total);
    }

    private static double dot(float[] v, int a, int b, int dim) {
        double s = 0;
        int oa = a * dim;
        int ob = b * dim;
        for (int d = 0; d < dim; d++) {
            s += (double) v[oa + d] * v[ob + d];
        }
        return s;
    }

    private static void checkList(int[] list, int length, int k) {
        if (list == null) {
            throw new IllegalArgumentException("list must not be null");
        }
        if (length < 0 || length > list.length) {
            throw new IllegalArgumentException("length must be in [0, " + list.length + "], got " + length);
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
    }
}
