package dev.recsys.internal.kernel.panama;

import jdk.incubator.vector.FloatVector;
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
 * <p>Thread safety: immutable constants, thread-safe.
 */
final class LaneSum {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final VectorShuffle<Float> ROT8 = rotation(8);
    static final VectorShuffle<Float> ROT4 = rotation(4);
    static final VectorShuffle<Float> ROT2 = rotation(2);
    static final VectorShuffle<Float> ROT1 = rotation(1);

    private LaneSum() {
    }

    private static VectorShuffle<Float> rotation(int by) {
        int l = S.length();
        return VectorShuffle.fromOp(S, i -> (i + by) % l);
    }
}
