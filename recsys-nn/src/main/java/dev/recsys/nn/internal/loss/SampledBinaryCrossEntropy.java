package dev.recsys.nn.internal.loss;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.nn.internal.layers.Sigmoid;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Binary cross-entropy with negative sampling over a dense batch x n matrix of logits: for each row,
 * the positive columns (the non-zeros of an {@link InteractionMatrix} target, label 1) plus
 * {@code negatives} columns per positive drawn uniformly from the row's other columns (label 0).
 * {@code L = (1/batch) sum_rows [sum_pos -log s(z) + sum_neg -log(1 - s(z))]}; the gradient is
 * zero outside the positive and sampled positions. This is how CDAE (Wu et al., WSDM 2016) trains
 * without scoring every unobserved item. {@link #sample} gives the same positions without the
 * logits. (Above its catalogue threshold CDAE shares one pool of negatives per mini-batch instead,
 * weighted to the same expected loss: {@code SampledBinaryOutput}.)
 *
 * <p>Thread safety: not thread-safe (sampling state and scratch).
 */
public final class SampledBinaryCrossEntropy {
    private final int n;
    private final int negatives;
    private final NegativeSampler uniform;
    private final int[] stamp;
    private final Positions scratch = new Positions();
    private int round;

    /**
     * The sampled positions of a batch: row {@code r}'s columns are {@code cols[ptr[r]..ptr[r+1])},
     * its positives first (in the target's order, {@code label} 1), then its negatives in draw order
     * (label 0; a column may be drawn twice and then appears twice).
     *
     * <p>Thread safety: not thread-safe; reused from batch to batch.
     */
    public static final class Positions {
        /** Row starts, {@code rows + 1} valid entries. */
        public int[] ptr = new int[1];
        /** Columns. */
        public int[] cols = new int[16];
        /** Number of positives of each row (the first entries of its range). */
        public int[] positives = new int[0];

        void reset(int rows) {
            if (ptr.length < rows + 1) {
                ptr = new int[rows + 1];
                positives = new int[rows];
            }
            ptr[0] = 0;
        }

        void add(int at, int col) {
            if (at == cols.length) {
                cols = Arrays.copyOf(cols, at * 2);
            }
            cols[at] = col;
        }
    }

    /**
     * @param n         number of columns (items), >= 1 (with one column, or a row holding every
     *                  column, no negative can be drawn and none is)
     * @param negatives negatives sampled per positive, >= 0
     */
    public SampledBinaryCrossEntropy(int n, int negatives) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (negatives < 0) {
            throw new IllegalArgumentException("negatives must be >= 0, got " + negatives);
        }
        this.n = n;
        this.negatives = negatives;
        this.uniform = NegativeSampler.uniform(n);
        this.stamp = new int[n];
    }

    /** Negatives sampled per positive. */
    public int negatives() {
        return negatives;
    }

    /**
     * Draws the negatives of a batch (the draws {@link #lossAndGradient} makes, in the same order).
     *
     * @param targets the positives of each row (values ignored). Not modified.
     * @param rnd     negative sampler. Advanced.
     * @param out     receives the positions. Modified.
     */
    public void sample(InteractionMatrix targets, SplittableRandom rnd, Positions out) {
        int batch = targets.rows();
        out.reset(batch);
        int[] ptr = targets.rowPtr();
        int[] ci = targets.colIdx();
        int at = 0;
        for (int r = 0; r < batch; r++) {
            if (++round == Integer.MAX_VALUE) {
                Arrays.fill(stamp, 0);
                round = 1;
            }
            int pos = ptr[r + 1] - ptr[r];
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                int j = ci[q];
                stamp[j] = round;
                out.add(at++, j);
            }
            int want = Math.min(pos * negatives, n - pos);
            for (int s = 0; s < want; s++) {
                int j;
                do {
                    j = uniform.draw(rnd);
                } while (stamp[j] == round);
                out.add(at++, j);
            }
            out.positives[r] = pos;
            out.ptr[r + 1] = at;
        }
    }

    /**
     * Loss and gradient of a batch.
     *
     * @param logits  batch x n logits. Not modified.
     * @param targets the positives of each row (values ignored). Not modified.
     * @param rnd     negative sampler. Advanced.
     * @param grad    receives dL/dlogits (batch x n, zero off the sampled positions). Modified.
     * @return the loss
     */
    public double lossAndGradient(float[] logits, InteractionMatrix targets, SplittableRandom rnd, float[] grad) {
        int batch = targets.rows();
        if (batch == 0) {
            return 0;
        }
        Arrays.fill(grad, 0, batch * n, 0f);
        Positions p = scratch;
        sample(targets, rnd, p);
        float inv = 1f / batch;
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            int o = r * n;
            int negFrom = p.ptr[r] + p.positives[r];
            for (int q = p.ptr[r]; q < negFrom; q++) {
                int j = p.cols[q];
                float z = logits[o + j];
                sum += BinaryCrossEntropy.loss(z, 1f);
                grad[o + j] = (Sigmoid.sigmoid(z) - 1f) * inv;
            }
            for (int q = negFrom; q < p.ptr[r + 1]; q++) {
                int j = p.cols[q];
                float z = logits[o + j];
                sum += BinaryCrossEntropy.loss(z, 0f);
                grad[o + j] += Sigmoid.sigmoid(z) * inv;
            }
        }
        return sum / batch;
    }
}
