package dev.recsys.internal.parallel;

import dev.recsys.spi.ParamSpec;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs loops over index ranges on a number of threads. The range {@code [0, n)} is cut into chunks
 * of a size the caller fixes (so the partition never depends on the thread count); the calling
 * thread is worker 0 and up to {@code threads - 1} shared daemon workers join it, each claiming
 * the next unclaimed chunk. Which worker runs a chunk varies between runs, so a body must make each
 * index's result depend only on its inputs (scratch per worker only); then results are
 * bit-identical for any thread count.
 *
 * <p>Failures: the first exception a chunk throws stops the hand-out of further chunks; once the
 * chunks already started have finished, the caller gets that exception itself: an unchecked
 * exception or an {@link Error} (an {@link OutOfMemoryError} included) as it is, a checked one
 * wrapped once in an {@link IllegalStateException}. An interrupt of the calling thread also stops
 * the hand-out; after the started chunks finish, a {@link CancellationException} is thrown with the
 * interrupt flag kept set.
 *
 * <p>Workers: one process-wide cached pool of daemon threads (idle ones end after a minute). It is
 * shared rather than created per call because the neural models split every mini-batch product
 * (thousands of calls a second) and thread start-up would cost more than the split saves; it is
 * unbounded so that nested or concurrent loops never wait for each other's workers, and the caller
 * working through the chunks itself guarantees progress whatever the pool does.
 *
 * <p>Thread safety: immutable; loops may run from several threads at once (each caller
 * synchronises only with the workers of its own loop).
 */
public final class Parallel {
    /** The parameter name every algorithm and evaluation option uses. */
    public static final String THREADS = "threads";
    /** The largest accepted thread count. */
    public static final int MAX_THREADS = 1024;
    /** A runner doing everything on the calling thread. */
    public static final Parallel SEQUENTIAL = new Parallel(1);

    private static final AtomicInteger WORKER_ID = new AtomicInteger();
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "recsys-worker-" + WORKER_ID.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    /** A loop body over the indices {@code [from, to)}, run by worker {@code worker} in {@code [0, threads)}. */
    @FunctionalInterface
    public interface RangeBody {
        /**
         * Processes indices {@code [from, to)}.
         *
         * @throws Exception any failure; rethrown to the caller of the loop
         */
        void run(int worker, int from, int to) throws Exception;
    }

    /** A loop body over single indices, run by worker {@code worker} in {@code [0, threads)}. */
    @FunctionalInterface
    public interface IndexBody {
        /**
         * Processes index {@code index}.
         *
         * @throws Exception any failure; rethrown to the caller of the loop
         */
        void run(int worker, int index) throws Exception;
    }

    private final int threads;

    /**
     * A runner for {@code threads} threads, the caller included.
     *
     * @param threads 0 for all available processors, else 1 .. {@link #MAX_THREADS}
     * @throws IllegalArgumentException naming {@code threads} if out of range
     */
    public Parallel(int threads) {
        this.threads = resolve(threads);
    }

    /**
     * The thread count a {@code threads} value stands for.
     *
     * @param threads 0 for all available processors, else 1 .. {@link #MAX_THREADS}
     * @return the count, 1 .. {@link #MAX_THREADS}
     * @throws IllegalArgumentException naming {@code threads} if out of range
     */
    public static int resolve(int threads) {
        if (threads < 0 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 0 (all available processors) or 1.." + MAX_THREADS
                    + ", got " + threads);
        }
        return threads == 0 ? Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()) : threads;
    }

    /**
     * The one declaration of the {@code threads} parameter: default 0 (all available processors),
     * range 0 .. {@link #MAX_THREADS}.
     *
     * @param what what the threads do, for the description, e.g. {@code "training"}
     */
    public static ParamSpec threadsParam(String what) {
        return ParamSpec.ofInt(THREADS, 0, 0, MAX_THREADS,
                "worker threads for " + what + ", 0 = all available processors; results do not depend on it");
    }

    /** Number of workers (1 .. {@link #MAX_THREADS}). */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code chunk} indices (the last one may be
     * shorter) and returns when all have run. See the class comment for failures and interrupts.
     *
     * @throws IllegalArgumentException if n is negative or chunk is not positive
     */
    public void forRange(int n, int chunk, RangeBody body) {
        if (n < 0 || chunk <= 0) {
            throw new IllegalArgumentException("need n >= 0 and chunk > 0, got n " + n + ", chunk " + chunk);
        }
        int chunks = (int) ((n + (long) chunk - 1) / chunk);
        Loop loop = new Loop(n, chunk, chunks, body);
        int helpers = Math.min(threads, chunks) - 1;
        if (helpers <= 0) {
            loop.drain(0);
            loop.finish();
            return;
        }
        CountDownLatch done = new CountDownLatch(helpers);
        for (int w = 1; w <= helpers; w++) {
            int worker = w;
            POOL.execute(() -> {
                try {
                    loop.drain(worker);
                } finally {
                    done.countDown();
                }
            });
        }
        loop.drain(0);
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                loop.cancel();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        loop.finish();
    }

    /**
     * Runs {@code body} for every index of {@code [0, n)} (each exactly once, on one worker).
     *
     * @throws IllegalArgumentException if n is negative
     */
    public void forEach(int n, IndexBody body) {
        forRange(n, 1, (worker, from, to) -> body.run(worker, from));
    }

    /** The state of one loop: the next chunk to hand out and the first failure. */
    private static final class Loop {
        private final int n;
        private final int chunk;
        private final int chunks;
        private final RangeBody body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean cancelled;

        Loop(int n, int chunk, int chunks, RangeBody body) {
            this.n = n;
            this.chunk = chunk;
            this.chunks = chunks;
            this.body = body;
        }

        /** Runs chunks until none is left; worker 0 (the caller) also stops when interrupted. */
        void drain(int worker) {
            while (true) {
                if (worker == 0 && Thread.currentThread().isInterrupted()) {
                    cancel();
                }
                int c = next.getAndIncrement();
                if (c >= chunks || c < 0) {
                    return;
                }
                int from = c * chunk;
                try {
                    body.run(worker, from, (int) Math.min(n, (long) from + chunk));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    stop();
                    return;
                }
            }
        }

        /** Hands out no further chunk. */
        void stop() {
            next.set(chunks);
        }

        /** Hands out no further chunk and reports the interrupt when done. */
        void cancel() {
            cancelled = true;
            stop();
        }

        /** Rethrows the first failure, or reports an interrupt. */
        void finish() {
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException("parallel task failed: " + t, t);
            }
            if (cancelled) {
                throw new CancellationException("interrupted: parallel loop stopped before all chunks ran");
            }
        }
    }
}
