package dev.recsys.internal.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.spi.ParamSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel}: the chunks do not depend on the thread count, the caller works, a task's own
 * exception reaches the caller, interrupts stop the loop, and the one {@code threads} range.
 */
class ParallelTest {

    @Test
    void chunksDependOnlyOnTheRangeAndChunkSizeNeverOnTheThreadCount() {
        List<String> reference = null;
        for (int threads : new int[] {1, 2, 3, 8, 64}) {
            Set<String> chunks = ConcurrentHashMap.newKeySet();
            AtomicIntegerArray runs = new AtomicIntegerArray(1000);
            new Parallel(threads).forRange(1000, 37, (worker, from, to) -> {
                assertThat(worker).isBetween(0, threads - 1);
                chunks.add(from + ".." + to);
                for (int i = from; i < to; i++) {
                    runs.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 1000; i++) {
                assertThat(runs.get(i)).as("index %d with %d threads", i, threads).isEqualTo(1);
            }
            List<String> sorted = new ArrayList<>(chunks);
            sorted.sort(null);
            assertThat(sorted).hasSize(28);
            if (reference == null) {
                reference = sorted;
            }
            assertThat(sorted).as("chunks with %d threads", threads).isEqualTo(reference);
        }
    }

    @Test
    void emptyRangesRunNothing() {
        AtomicInteger calls = new AtomicInteger();
        new Parallel(4).forRange(0, 8, (worker, from, to) -> calls.incrementAndGet());
        new Parallel(4).forEach(0, (worker, i) -> calls.incrementAndGet());
        assertThat(calls.get()).isZero();
        assertThatThrownBy(() -> new Parallel(2).forRange(10, 0, (worker, from, to) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunk");
    }

    @Test
    void theCallerIsWorkerZeroAndRunsChunksAlongsideTheSharedWorkers() {
        Thread caller = Thread.currentThread();
        CountDownLatch callerWorked = new CountDownLatch(1);
        Set<String> names = ConcurrentHashMap.newKeySet();
        AtomicInteger byCaller = new AtomicInteger();
        new Parallel(3).forEach(12, (worker, i) -> {
            names.add(Thread.currentThread().getName());
            if (Thread.currentThread() == caller) {
                assertThat(worker).isZero();
                byCaller.incrementAndGet();
                callerWorked.countDown();
            } else {
                assertThat(worker).isBetween(1, 2);
                assertThat(Thread.currentThread().isDaemon()).isTrue();
                // the helpers wait for the caller, so the caller must have taken a chunk itself
                assertThat(callerWorked.await(30, TimeUnit.SECONDS)).as("the caller ran a chunk").isTrue();
            }
        });
        assertThat(byCaller.get()).isPositive();
        assertThat(names).contains(caller.getName());
    }

    @Test
    void oneThreadRunsEverythingOnTheCallerInOrder() {
        Thread caller = Thread.currentThread();
        List<Integer> order = new ArrayList<>();
        new Parallel(1).forEach(50, (worker, i) -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            order.add(i);
        });
        assertThat(order).hasSize(50).isSorted();
    }

    @Test
    void theTasksOwnUncheckedExceptionOrErrorReachesTheCaller() {
        for (int threads : new int[] {1, 2, 4}) {
            IllegalArgumentException bad = new IllegalArgumentException("item 7 is bad");
            assertThatThrownBy(() -> new Parallel(threads).forEach(40, (worker, i) -> {
                if (i == 7) {
                    throw bad;
                }
            })).isSameAs(bad);
            OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
            assertThatThrownBy(() -> new Parallel(threads).forEach(40, (worker, i) -> {
                if (i == 31) {
                    throw oom;
                }
            })).isSameAs(oom);
        }
    }

    @Test
    void aCheckedExceptionIsWrappedOnce() {
        for (int threads : new int[] {1, 3}) {
            IOException io = new IOException("disk gone");
            assertThatThrownBy(() -> new Parallel(threads).forEach(20, (worker, i) -> {
                if (i == 11) {
                    throw io;
                }
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("disk gone").cause().isSameAs(io);
        }
    }

    @Test
    void aFailureStopsTheHandOutOfFurtherChunks() {
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> new Parallel(1).forEach(100, (worker, i) -> {
            ran.incrementAndGet();
            if (i == 4) {
                throw new IllegalStateException("stop");
            }
        })).hasMessage("stop");
        assertThat(ran.get()).isEqualTo(5);
    }

    @Test
    void anInterruptOfTheCallerStopsTheLoopAndKeepsTheFlag() {
        for (int threads : new int[] {1, 2}) {
            Thread caller = Thread.currentThread();
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch callerWorked = new CountDownLatch(1);
            try {
                assertThatThrownBy(() -> new Parallel(threads).forEach(10_000, (worker, i) -> {
                    ran.incrementAndGet();
                    if (Thread.currentThread() == caller) {
                        caller.interrupt();
                        callerWorked.countDown();
                    } else {
                        // the helper waits until the caller has run a chunk (and interrupted itself)
                        assertThat(callerWorked.await(30, TimeUnit.SECONDS)).isTrue();
                    }
                })).isInstanceOf(CancellationException.class).hasMessageContaining("interrupted");
                assertThat(caller.isInterrupted()).as("interrupt flag kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(ran.get()).as("chunks run with %d threads", threads).isLessThan(10_000);
        }
        // interrupted before the call: with one thread nothing runs
        AtomicInteger ran = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new Parallel(1).forEach(10, (worker, i) -> ran.incrementAndGet()))
                    .isInstanceOf(CancellationException.class);
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(ran.get()).isZero();
    }

    @Test
    void oneThreadsRangeEverywhere() {
        assertThat(Parallel.resolve(0)).isEqualTo(Math.min(Parallel.MAX_THREADS, Runtime.getRuntime().availableProcessors()));
        assertThat(Parallel.resolve(1)).isEqualTo(1);
        assertThat(Parallel.resolve(1024)).isEqualTo(1024);
        assertThat(new Parallel(7).threads()).isEqualTo(7);
        for (int bad : new int[] {-1, 1025, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> new Parallel(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("threads").hasMessageContaining(Integer.toString(bad));
        }
        ParamSpec spec = Parallel.threadsParam("training");
        assertThat(spec.name()).isEqualTo("threads");
        assertThat(spec.defaultValue()).isEqualTo("0");
        assertThat(spec.min()).isEqualTo(0);
        assertThat(spec.max()).isEqualTo(1024);
    }
}
