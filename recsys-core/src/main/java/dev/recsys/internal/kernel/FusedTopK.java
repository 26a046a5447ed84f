package dev.recsys.internal.kernel;

import dev.recsys.internal.topk.TopK;
import java.util.function.IntPredicate;

/**
 * The fused score + top-k loop shared by every {@link FloatKernels} implementation: rows are
 * scored a chunk at a time with the implementation's {@link FloatKernels#scoreRows} into a small
 * buffer (so all scores are never materialised), and only scores above the current k-th best
 * reach the heap of {@link TopK} (its {@link TopK#insert} primitive: the loop keeps the threshold
 * itself). NaN scores are skipped; infinite ones rank like any other ({@link TopK.Mode#NOT_NAN});
 * ties go to the lower row, as everywhere.
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
        if (dim < 0) {
            throw new IllegalArgumentException("dim must be >= 0, got " + dim);
        }
        return scoreTopK((start, len, buf) -> scoreChunk(kernels, rows, start, len, dim, v, vOff, buf),
                fromRow, toRow, k, exclude, outRows, outScores);
    }

    /** Scores rows {@code [start, start+len)} into {@code buf[0..len)}. */
    @FunctionalInterface
    public interface ChunkScorer {
        /** Writes the scores of rows {@code [start, start+len)} to {@code buf[0..len)} (modified). */
        void score(int start, int len, float[] buf);
    }

    /**
     * The same fused loop with any row scorer (quantised rows, say): rows {@code [fromRow, toRow)}
     * are scored {@value #CHUNK} at a time by {@code scorer}; selection, exclusion, NaN and tie
     * rules as in {@link FloatKernels#scoreTopK}.
     *
     * @return the number of rows written to outRows / outScores (each needs k entries)
     * @throws IllegalArgumentException if k is negative or the row range is invalid
     */
    public static int scoreTopK(ChunkScorer scorer, int fromRow, int toRow, int k, IntPredicate exclude,
                                int[] outRows, float[] outScores) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (fromRow < 0 || toRow < fromRow) {
            throw new IllegalArgumentException("row range must satisfy 0 <= fromRow <= toRow, got ["
                    + fromRow + ", " + toRow + ")");
        }
        if (k == 0 || toRow == fromRow) {
            return 0;
        }
        TopK heap = new TopK(k, TopK.Mode.NOT_NAN);
        float[] buf = new float[Math.min(CHUNK, toRow - fromRow)];
        for (int start = fromRow; start < toRow; start += CHUNK) {
            int len = Math.min(CHUNK, toRow - start);
            scorer.score(start, len, buf);
            int i = 0;
            while (i < len && !heap.isFull()) {
                float s = buf[i];
                if (s == s && (exclude == null || !exclude.test(start + i))) {
                    heap.insert(start + i, s);
                }
                i++;
            }
            float threshold = heap.isFull() ? heap.worstScore() : Float.NEGATIVE_INFINITY;
            for (; i < len; i++) {
                float s = buf[i];
                // a later row with an equal score never beats an earlier one: strict >
                if (s > threshold && (exclude == null || !exclude.test(start + i))) {
                    heap.insert(start + i, s);
                    threshold = heap.worstScore();
                }
            }
        }
        return heap.drain(outRows, outScores);
    }

    private static void scoreChunk(FloatKernels kernels, float[] rows, int start, int len, int dim,
                                   float[] v, int vOff, float[] buf) {
        // the chunk is a len x dim row-major block: one gemv (alpha 1 is exact, beta 0 overwrites)
        kernels.gemv(false, len, dim, 1f, rows, start * dim, dim, v, vOff, 0f, buf, 0);
    }
}
