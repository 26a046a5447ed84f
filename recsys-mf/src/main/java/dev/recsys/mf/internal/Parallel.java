package dev.recsys.mf.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A small fixed pool running loops over index ranges: the range is cut into chunks of a fixed
 * size, and the workers (the calling thread is worker 0) claim chunks in turn. Which worker runs a
 * chunk varies between runs, so a body must make each index's result depend only on its inputs
 * (per-worker scratch only) — then results are identical for any thread count.
 *
 * <p>Thread safety: one loop at a time; {@link #close()} stops the workers.
 */
public final class Parallel implements AutoCloseable {
    /** A loop body over {@code [from, to)} run by worker {@code worker} in {@code [0, threads)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices {@code [from, to)}. */
        void run(int worker, int from, int to);
    }

    private static final AtomicInteger POOL_ID = new AtomicInteger();
    private final int threads;
    private final ExecutorService pool;

    /**
     * @param threads number of threads including the caller; 0 means all available processors
     * @throws IllegalArgumentException if threads is negative
     */
    public Parallel(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        if (this.threads > 1) {
            int id = POOL_ID.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            ThreadFactory f = r -> {
                Thread t = new Thread(r, "recsys-mf-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = Executors.newFixedThreadPool(this.threads - 1, f);
        } else {
            pool = null;
        }
    }

    /** Number of workers (at least 1). */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code chunk} indices and waits for all.
     * An exception in any chunk is rethrown (as an unchecked exception) after the others finish.
     */
    public void forRange(int n, int chunk, RangeBody body) {
        if (chunk <= 0) {
            throw new IllegalArgumentException("chunk must be > 0, got " + chunk);
        }
        if (pool == null || n <= chunk) {
            for (int from = 0; from < n; from += chunk) {
                body.run(0, from, Math.min(n, from + chunk));
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(threads - 1);
        for (int w = 1; w < threads; w++) {
            int worker = w;
            futures.add(pool.submit(() -> drain(n, chunk, next, worker, body)));
        }
        RuntimeException failure = null;
        try {
            drain(n, chunk, next, 0, body);
        } catch (RuntimeException | Error e) {
            failure = new IllegalStateException("parallel loop failed: " + e, e);
            next.set(n); // let the others stop early
        }
        for (Future<?> fu : futures) {
            try {
                fu.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while waiting for workers", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = new IllegalStateException("parallel loop failed: " + e.getCause(), e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void drain(int n, int chunk, AtomicInteger next, int worker, RangeBody body) {
        while (true) {
            int from = next.getAndAdd(chunk);
            if (from >= n || from < 0) {
                return;
            }
            body.run(worker, from, Math.min(n, from + chunk));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
