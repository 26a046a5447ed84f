package dev.recsys.internal.kernel.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fixed-order lane sum of the preferred float species, the one used by every kernel in this
 * package that reduces a vector to a float: a tree of rotations (by L/2, ..., 2, 1 lanes, each
 * modulo L) and lane-wise adds, lane 0 of the result:
 * <pre>
 *   t = v;
 *   if (L &gt;= 16) t = t.add(t.rearrange(LaneSum.ROT8));
 *   if (L &gt;= 8)  t = t.add(t.rearrange(LaneSum.ROT4));
 *   t = t.add(t.rearrange(LaneSum.ROT2));
 *   sum = t.add(t.rearrange(LaneSum.ROT1)).lane(0);
 * </pre>
 * Unlike {@code reduceLanes(ADD)}, whose order the API leaves open (on JDK 25 at 512 bits the
 * interpreted and the C2-compiled code sum in different orders, so a model's bits depended on when
 * the JIT compiled a loop), every execution mode gives the same bits. The tree is written out where
 * it is used: as a method C2 did not inline it (too large once compiled) and the vector argument was
 * then boxed. Rotations not smaller than L are never used.
 *
 * <p><b>The last two levels on 128 bits.</b> For the same reason, once lanes {@code [0, 4)} hold
 * everything lane 0 still needs, the single sum continues on those four lanes alone
 * ({@code reinterpretShape(S128, 0)}), with {@code SWAP2} and {@code SWAP1} (lane {@code i ^ 2},
 * {@code i ^ 1}) in place of ROT2 and ROT1: lane 0 adds the same floats in the same order, and the
 * 128-bit permutes stay inside one 128-bit lane, which shortens the dependency chain of the SGD
 * steps (a rating's update waits for its dot product):
 * <pre>
 *   FloatVector q = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
 *   q = q.add(q.rearrange(LaneSum.SWAP2));
 *   sum = q.add(q.rearrange(LaneSum.SWAP1)).lane(0);
 * </pre>
 *
 * <p><b>Several vectors at once.</b> Lane 0 of the tree only ever reads, after the first level,
 * lanes {@code [0, L/2)}, after the second lanes {@code [0, L/4)}, and so on, none of them wrapped
 * around. So two vectors a and b can share every level: the first level of both is
 * {@code a.blend(b, HALF).add(b.blend(a, HALF).rearrange(SWAP_HALF))}, which holds a's first level
 * in lanes {@code [0, L/2)} and b's in {@code [L/2, L)} (each lane the same two floats added, the
 * order of an add's operands not changing its bits); the remaining rotations then finish a's sum in
 * lane 0 and b's in lane L/2. Four vectors share two levels the same way (the second with
 * {@code QUARTER} and {@code SWAP_QUARTER}), their sums ending in lanes 0, L/2, L/4 and 3L/4. Each
 * sum has exactly the bits of the single tree above.
 *
 * <p>Thread safety: immutable constants, thread-safe.
 */
final class LaneSum {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final VectorShuffle<Float> ROT8 = rotation(8);
    static final VectorShuffle<Float> ROT4 = rotation(4);
    static final VectorShuffle<Float> ROT2 = rotation(2);
    static final VectorShuffle<Float> ROT1 = rotation(1);
    /** The 128-bit float species: the last two levels of a single sum run on the lowest 4 lanes. */
    static final VectorSpecies<Float> S128 = FloatVector.SPECIES_128;
    /** Lane i to lane {@code i ^ 2} of a 128-bit vector (in-lane permute: one cycle, not three). */
    static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S128, i -> i ^ 2);
    /** Lane i to lane {@code i ^ 1} of a 128-bit vector. */
    static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S128, i -> i ^ 1);
    /** Lane i to lane {@code i ^ L/2}: swaps the halves. */
    static final VectorShuffle<Float> SWAP_HALF = VectorShuffle.fromOp(S, i -> i ^ (S.length() / 2));
    /** Lane i to lane {@code i ^ L/4}: swaps neighbouring quarters. */
    static final VectorShuffle<Float> SWAP_QUARTER = VectorShuffle.fromOp(S, i -> i ^ (S.length() / 4));
    /** The upper half, lanes {@code [L/2, L)}. */
    static final VectorMask<Float> HALF = mask(S.length() / 2);
    /** The odd quarters, lanes i with {@code (i & L/4) != 0}. */
    static final VectorMask<Float> QUARTER = mask(S.length() / 4);

    private LaneSum() {
    }

    private static VectorMask<Float> mask(int bit) {
        boolean[] set = new boolean[S.length()];
        for (int i = 0; i < set.length; i++) {
            set[i] = (i & bit) != 0;
        }
        return VectorMask.fromArray(S, set, 0);
    }

    private static VectorShuffle<Float> rotation(int by) {
        int l = S.length();
        return VectorShuffle.fromOp(S, i -> (i + by) % l);
    }
}
