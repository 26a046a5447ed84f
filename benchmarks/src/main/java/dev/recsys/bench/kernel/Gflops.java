package dev.recsys.bench.kernel;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Floating-point operations done, as a JMH auxiliary counter: with throughput mode in
 * operations per nanosecond it is reported directly in GFLOP/s.
 *
 * <p>Thread safety: one instance per benchmark thread (JMH thread scope).
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class Gflops {
    /** Floating-point operations (a multiply-add counts 2). */
    public long gflops;

    /** Resets the count before each iteration. */
    @Setup(Level.Iteration)
    public void reset() {
        gflops = 0;
    }
}
