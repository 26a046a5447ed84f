package dev.recsys.internal.kernel;

import java.util.function.IntPredicate;

/**
 * The fused score + top-k loop shared by every {@link FloatKernels} implementation: rows are
 * scored a chunk at a time with the implementation's {@link FloatKernels#scoreRows} into a small
 * buffer (so all scores are never materialised), and only scores above the current k-th best
 * reach a primitive min-heap.
 *
 * <p>Thread safety: stateless, thread-safe (each call uses its own buffers).
 */
public final class FusedTopK {
    /** Rows scored per chunk: 2 KB of scores, small enough to stay in L1. */
    static final int CHUNK = 512;

    private FusedTopK() {
    }

    /**
     * Implements {@link FloatKernels#scoreTopK} with {@code kernels.scoreRows} for the scoring.
     * Arguments as there; kernels not modified.
     *
     * @throws IllegalArgumentException if k is negative or the row range is invalid
     */
    public static int scoreTopK(FloatKernels kernels, float[] rows, int fromRow, int toRow, int dim,
                                float[] v, int vOff, int k, IntPredicate exclude,
                                int[] outRows, float[] outScores) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (fromRow < 0 || toRow < fromRow) {
            throw new IllegalArgumentException("row range must satisfy 0 <= fromRow <= toRow, got ["
                    + fromRow + ", " + toRow + ")");
        }
        if (dim < 0) {
            throw new IllegalArgumentException("dim must be >= 0, got " + dim);
        }
        if (k == 0 || toRow == fromRow) {
            return 0;
        }
        Heap heap = new Heap(k);
        float[] buf = new float[Math.min(CHUNK, toRow - fromRow)];
        for (int start = fromRow; start < toRow; start += CHUNK) {
            int len = Math.min(CHUNK, toRow - start);
            scoreChunk(kernels, rows, start, len, dim, v, vOff, buf);
            int i = 0;
            while (i < len && !heap.full()) {
                float s = buf[i];
                if (s == s && (exclude == null || !exclude.test(start + i))) {
                    heap.offer(s, start + i);
                }
                i++;
            }
            float threshold = heap.full() ? heap.minScore() : Float.NEGATIVE_INFINITY;
            for (; i < len; i++) {
                float s = buf[i];
                // a later row with an equal score never beats an earlier one: strict >
                if (s > threshold && (exclude == null || !exclude.test(start + i))) {
                    heap.replaceMin(s, start + i);
                    threshold = heap.minScore();
                }
            }
        }
        return heap.drainSorted(outRows, outScores);
    }

    private static void scoreChunk(FloatKernels kernels, float[] rows, int start, int len, int dim,
                                   float[] v, int vOff, float[] buf) {
        // the chunk is a len x dim row-major block: one gemv (alpha 1 is exact, beta 0 overwrites)
        kernels.gemv(false, len, dim, 1f, rows, start * dim, dim, v, vOff, 0f, buf, 0);
    }

    /** Min-heap of (score, row) on parallel primitive arrays; the root is the worst kept entry. */
    private static final class Heap {
        private final float[] scores;
        private final int[] ids;
        private int size;

        Heap(int capacity) {
            scores = new float[capacity];
            ids = new int[capacity];
        }

        boolean full() {
            return size == scores.length;
        }

        float minScore() {
            return scores[0];
        }

        /** True if (s1, r1) ranks below (s2, r2): lower score, or equal score and higher row. */
        private static boolean worse(float s1, int r1, float s2, int r2) {
            return s1 < s2 || (s1 == s2 && r1 > r2);
        }

        void offer(float s, int row) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!worse(s, row, scores[parent], ids[parent])) {
                    break;
                }
                scores[i] = scores[parent];
                ids[i] = ids[parent];
                i = parent;
            }
            scores[i] = s;
            ids[i] = row;
        }

        void replaceMin(float s, int row) {
            siftDown(0, s, row, size);
        }

        private void siftDown(int i, float s, int row, int n) {
            while (true) {
                int child = 2 * i + 1;
                if (child >= n) {
                    break;
                }
                int right = child + 1;
                if (right < n && worse(scores[right], ids[right], scores[child], ids[child])) {
                    child = right;
                }
                if (!worse(scores[child], ids[child], s, row)) {
                    break;
                }
                scores[i] = scores[child];
                ids[i] = ids[child];
                i = child;
            }
            scores[i] = s;
            ids[i] = row;
        }

        /** Writes entries best first and returns how many there are; empties the heap. */
        int drainSorted(int[] outRows, float[] outScores) {
            int count = size;
            for (int n = size; n > 0; n--) {
                float s = scores[0];
                int row = ids[0];
                // move the last entry to the root and restore the heap on n - 1 entries
                siftDown(0, scores[n - 1], ids[n - 1], n - 1);
                outScores[n - 1] = s;
                outRows[n - 1] = row;
            }
            size = 0;
            return count;
        }
    }
}
