package dev.recsys.spark.internal;

import it.unimi.dsi.fastutil.ints.IntArrays;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entries of one block of rows of the side being solved, in CSR over the block's local rows
 * (global index {@code local * blocks + block}), each entry's column a position in the array of the
 * other side's factors this block receives: the rows {@link #srcLocals} of every source block in
 * {@link #srcBlocks}, concatenated in that order. Entries of a row are in ascending global column
 * order, as in the single-machine CSR/CSC, so every row's solve sums in the same order.
 *
 * <p>Thread safety: immutable after {@link #build}.
 */
public final class InBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Local rows. */
    public final int rows;
    /** Row pointers, {@code rows + 1}. */
    public final int[] ptr;
    /** Position of each entry's other-side row in the gathered array. */
    public final int[] col;
    /** Entry weights. */
    public final float[] val;
    /** Source blocks, ascending. */
    public final int[] srcBlocks;
    /** Per source block, the local rows it sends, ascending. */
    public final int[][] srcLocals;

    private InBlock(int rows, int[] ptr, int[] col, float[] val, int[] srcBlocks, int[][] srcLocals) {
        this.rows = rows;
        this.ptr = ptr;
        this.col = col;
        this.val = val;
        this.srcBlocks = srcBlocks;
        this.srcLocals = srcLocals;
    }

    /** Number of rows of a side of {@code n} rows in block {@code b} of {@code blocks}. */
    public static int rowsIn(int n, int b, int blocks) {
        return n <= b ? 0 : (n - b + blocks - 1) / blocks;
    }

    /**
     * Builds the block.
     *
     * @param block   this block
     * @param blocks  the number of blocks (both sides)
     * @param n       rows of this side
     * @param own     each entry's row (global), same length as {@code other} and {@code w}
     * @param other   each entry's other-side row (global)
     * @param w       weights
     * @param count   number of entries
     */
    public static InBlock build(int block, int blocks, int n, int[] own, int[] other, float[] w, int count) {
        int rows = rowsIn(n, block, blocks);
        // entries by (row, column): a primitive radix sort of the three arrays (pairs are distinct)
        int[] byRow = Arrays.copyOf(own, count);
        int[] byCol = Arrays.copyOf(other, count);
        int[] wBits = new int[count];
        for (int e = 0; e < count; e++) {
            wBits[e] = Float.floatToRawIntBits(w[e]);
        }
        IntArrays.radixSort(new int[][] {byRow, byCol, wBits});
        // distinct other-side rows per source block
        int[] others = Arrays.copyOf(other, count);
        Arrays.sort(others);
        List<Integer> srcList = new ArrayList<>();
        List<int[]> localsList = new ArrayList<>();
        int[][] bySrc = new int[blocks][];
        int[] fill = new int[blocks];
        int[] distinctCount = new int[blocks];
        for (int q = 0; q < count; q++) {
            if (q == 0 || others[q] != others[q - 1]) {
                distinctCount[others[q] % blocks]++;
            }
        }
        for (int s = 0; s < blocks; s++) {
            bySrc[s] = new int[distinctCount[s]];
        }
        for (int q = 0; q < count; q++) {
            if (q == 0 || others[q] != others[q - 1]) {
                int s = others[q] % blocks;
                bySrc[s][fill[s]++] = others[q] / blocks;
            }
        }
        int[] offset = new int[blocks];
        int pos = 0;
        for (int s = 0; s < blocks; s++) {
            if (bySrc[s].length > 0) {
                srcList.add(s);
                localsList.add(bySrc[s]);
                offset[s] = pos;
                pos += bySrc[s].length;
            }
        }
        int[] ptr = new int[rows + 1];
        int[] col = new int[count];
        float[] val = new float[count];
        for (int q = 0; q < count; q++) {
            int local = byRow[q] / blocks;
            if (byRow[q] % blocks != block) {
                throw new IllegalStateException("entry of row " + byRow[q] + " in block " + block);
            }
            ptr[local + 1]++;
            int s = byCol[q] % blocks;
            col[q] = offset[s] + Arrays.binarySearch(bySrc[s], byCol[q] / blocks);
            val[q] = Float.intBitsToFloat(wBits[q]);
        }
        for (int r = 0; r < rows; r++) {
            ptr[r + 1] += ptr[r];
        }
        int[] src = new int[srcList.size()];
        for (int q = 0; q < src.length; q++) {
            src[q] = srcList.get(q);
        }
        return new InBlock(rows, ptr, col, val, src, localsList.toArray(new int[0][]));
    }

    /** Rows of the gathered array. */
    public int gatheredRows() {
        int n = 0;
        for (int[] l : srcLocals) {
            n += l.length;
        }
        return n;
    }
}
