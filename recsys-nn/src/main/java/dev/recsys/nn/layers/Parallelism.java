package dev.recsys.nn.layers;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Mini-batch parallelism of the layers: while {@link #run} runs training on the calling thread,
 * the large matrix products of {@link Dense} ({@link #gemm}) are split over the output columns (or
 * rows) between that thread and {@code threads - 1} pool workers, and {@link ParameterUpdater}
 * updates different parameters on different threads. Every output element is computed by the same
 * arithmetic in the same order whatever the split (the Java kernels' gemm sums each element over
 * the inner dimension independently of where its column lies), and each parameter is updated by
 * one thread, so a model trained with any thread count is bit-identical to the one-thread model
 * (tested for the scalar and Vector API kernels; the optional native BLAS gives no such promise).
 *
 * <p>Outside {@link #run}, or with one thread, everything runs on the calling thread.
 *
 * <p>Thread safety: the setting is per calling thread ({@link ThreadLocal}); {@link #run} may be
 * used by several threads at once, each with its own pool.
 */
public final class Parallelism {
    /** Products with fewer multiply-adds than this stay on one thread (fork/join costs ~10 us). */
    static final long MIN_PARALLEL_FMAS = 1L << 22;
    /** Column (row) chunks are multiples of this, a multiple of every kernel's tile width. */
    static final int ALIGN = 64;
    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

    private Parallelism() {
    }

    /**
     * Runs {@code work} on the calling thread with {@code threads} threads available to the layers.
     *
     * @param threads number of threads (1 = sequential; 0 = all available processors)
     * @param work    the training work
     * @param <T>     result type
     * @return what work returned
     * @throws IllegalArgumentException if threads is negative or work is null
     */
    public static <T> T run(int threads, Supplier<T> work) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        if (work == null) {
            throw new IllegalArgumentException("work must not be null");
        }
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        if (n <= 1 || CURRENT.get() != null) {
            return work.get();
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(n - 1, r -> {
            Thread t = new Thread(r, "recsys-nn-train-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CURRENT.set(new Context(pool, n));
        try {
            return work.get();
        } finally {
            CURRENT.remove();
            pool.shutdown();
        }
    }

    /** Threads available to the calling thread's layers (1 outside {@link #run}). */
    public static int threads() {
        Context c = CURRENT.get();
        return c == null ? 1 : c.threads;
    }

    /**
     * {@link FloatKernels#gemm} with the active kernels, split over threads when large enough.
     * Arguments as there.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        FloatKernels kern = Kernels.get();
        Context ctx = CURRENT.get();
        int parts = ctx == null ? 1 : chunks(Math.max(m, n), ctx.threads);
        if (parts <= 1 || (long) m * n * k < MIN_PARALLEL_FMAS) {
            kern.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        boolean byColumns = n >= m;
        int extent = byColumns ? n : m;
        int step = (extent / parts + ALIGN - 1) / ALIGN * ALIGN;
        ctx.forEach((extent + step - 1) / step, part -> {
            int from = part * step;
            int len = Math.min(step, extent - from);
            if (byColumns) {
                kern.gemm(transA, transB, m, len, k, alpha, a, aOff, lda,
                        b, bOff + (transB ? from * ldb : from), ldb, beta, c, cOff + from, ldc);
            } else {
                kern.gemm(transA, transB, len, n, k, alpha, a, aOff + (transA ? from : from * lda), lda,
                        b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
            }
        });
    }

    /**
     * Runs {@code task(0 .. n-1)}, on several threads inside {@link #run}; each index runs exactly
     * once, on one thread.
     */
    static void forEach(int n, IntConsumer task) {
        Context ctx = CURRENT.get();
        if (ctx == null || n <= 1) {
            for (int i = 0; i < n; i++) {
                task.accept(i);
            }
            return;
        }
        ctx.forEach(n, task);
    }

    private static int chunks(int extent, int threads) {
        return Math.max(1, Math.min(threads, extent / ALIGN));
    }

    private record Context(ExecutorService pool, int threads) {
        /** Index 0 on the calling thread, the others on the pool; waits for all, rethrows the first failure. */
        void forEach(int n, IntConsumer task) {
            List<Future<?>> futures = new ArrayList<>(n - 1);
            for (int i = 1; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.accept(index)));
            }
            RuntimeException failure = null;
            try {
                task.accept(0);
            } catch (RuntimeException e) {
                failure = e;
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while training", e);
                } catch (ExecutionException e) {
                    if (failure == null) {
                        Throwable cause = e.getCause();
                        failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
