package dev.recsys.spark.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Resource figures of a Spark run, for scale measurements: a {@link SparkListener} sums the task
 * metrics (shuffle bytes written and read, spills) and keeps the largest task
 * {@code peakExecutionMemory}; a daemon thread samples this JVM's used heap every 100 ms and the
 * heap pools' usage after the last collection (live data). In local mode the executor is this JVM,
 * so the heap figures are the executor's. {@link #snapshot} waits for the listener bus to deliver
 * the events of finished jobs, so the difference of two snapshots taken around a job is that job's;
 * {@link #phase} and {@link #summary} give them as text per phase and for the whole run.
 *
 * <p>Thread safety: the counters are updated on Spark's listener thread and the sampler thread and
 * read on any thread (synchronized); {@link #phase} and {@link #summary} are for one caller thread.
 */
public final class RunMetrics extends SparkListener implements AutoCloseable {
    private final SparkContext sc;
    private final Thread sampler;
    private volatile boolean running = true;
    private long shuffleWrite;
    private long shuffleRead;
    private long spilledMemory;
    private long spilledDisk;
    private long tasks;
    private long maxTaskPeakExecution;
    private long maxHeapUsed;
    private long maxHeapAfterGc;
    // on the caller's thread only (phase, summary)
    private final long startNanos = System.nanoTime();
    private long phaseNanos = startNanos;
    private Snapshot phaseStart;
    private long runMaxHeapUsed;
    private long runMaxHeapAfterGc;

    /** One snapshot of the totals since {@link #start} (bytes), and the maxima since the last {@link #resetMaxima}. */
    public record Snapshot(long shuffleWrite, long shuffleRead, long spilledMemory, long spilledDisk, long tasks,
                           long maxTaskPeakExecution, long maxHeapUsed, long maxHeapAfterGc) {
    }

    private RunMetrics(SparkContext sc) {
        this.sc = sc;
        this.sampler = new Thread(this::sample, "recsys-heap-sampler");
        sampler.setDaemon(true);
    }

    /** Registers a listener on {@code sc} and starts the heap sampler. */
    public static RunMetrics start(SparkContext sc) {
        RunMetrics m = new RunMetrics(sc);
        sc.addSparkListener(m);
        m.sampler.start();
        return m;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskMetrics t = end.taskMetrics();
        if (t == null) {
            return;
        }
        synchronized (this) {
            shuffleWrite += t.shuffleWriteMetrics().bytesWritten();
            shuffleRead += t.shuffleReadMetrics().totalBytesRead();
            spilledMemory += t.memoryBytesSpilled();
            spilledDisk += t.diskBytesSpilled();
            tasks++;
            maxTaskPeakExecution = Math.max(maxTaskPeakExecution, t.peakExecutionMemory());
        }
    }

    private void sample() {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        while (running) {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long live = 0;
            for (MemoryPoolMXBean p : pools) {
                MemoryUsage u = p.getCollectionUsage();
                live += u == null ? 0 : u.getUsed();
            }
            synchronized (this) {
                maxHeapUsed = Math.max(maxHeapUsed, used);
                maxHeapAfterGc = Math.max(maxHeapAfterGc, live);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The figures now, after the listener bus has delivered every event posted so far (at most 60 s). */
    public Snapshot snapshot() {
        try {
            sc.listenerBus().waitUntilEmpty(60_000L);
        } catch (Exception e) {
            // the totals may then miss the last tasks' events; the figures stay lower bounds
        }
        synchronized (this) {
            return new Snapshot(shuffleWrite, shuffleRead, spilledMemory, spilledDisk, tasks, maxTaskPeakExecution,
                    maxHeapUsed, maxHeapAfterGc);
        }
    }

    /**
     * Ends a phase (reading, an iteration, the export) and starts the next: its seconds, the shuffle
     * bytes written and read and the bytes spilled to disk during it, the largest task peak execution
     * memory and the JVM heap (most used, most live after a collection) during it, as text
     * ({@code " in 12.3 s: shuffle written ..."}); resets the maxima.
     */
    public String phase() {
        long now = System.nanoTime();
        Snapshot s = snapshot();
        Snapshot p = phaseStart == null ? new Snapshot(0, 0, 0, 0, 0, 0, 0, 0) : phaseStart;
        String text = String.format(java.util.Locale.ROOT, " in %.1f s: shuffle written %.1f MB, read %.1f MB, spilled %.1f MB"
                        + " to disk; largest task peak execution memory %.1f MB; JVM heap used at most %.0f MB, live after"
                        + " GC at most %.0f MB", (now - phaseNanos) / 1e9, (s.shuffleWrite() - p.shuffleWrite()) / 1e6,
                (s.shuffleRead() - p.shuffleRead()) / 1e6, (s.spilledDisk() - p.spilledDisk()) / 1e6,
                s.maxTaskPeakExecution() / 1e6, s.maxHeapUsed() / 1e6, s.maxHeapAfterGc() / 1e6);
        runMaxHeapUsed = Math.max(runMaxHeapUsed, s.maxHeapUsed());
        runMaxHeapAfterGc = Math.max(runMaxHeapAfterGc, s.maxHeapAfterGc());
        resetMaxima();
        phaseStart = snapshot();
        phaseNanos = now;
        return text;
    }

    /** The whole run since {@link #start}: seconds, shuffle bytes written, heap maxima, as text. */
    public String summary() {
        Snapshot s = snapshot();
        return String.format(java.util.Locale.ROOT, " %.1f s: shuffle written %.1f MB; JVM heap used at most %.0f MB of"
                        + " %.0f MB, live after GC at most %.0f MB", (System.nanoTime() - startNanos) / 1e9,
                s.shuffleWrite() / 1e6, Math.max(runMaxHeapUsed, s.maxHeapUsed()) / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6, Math.max(runMaxHeapAfterGc, s.maxHeapAfterGc()) / 1e6);
    }

    /** Resets the maxima (task peak execution memory, heap), e.g. at the start of an iteration. */
    public synchronized void resetMaxima() {
        maxTaskPeakExecution = 0;
        maxHeapUsed = 0;
        maxHeapAfterGc = 0;
    }

    /** Stops the sampler and removes the listener. */
    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        sc.removeSparkListener(this);
    }
}
