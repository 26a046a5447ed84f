package dev.recsys.cli;

import dev.recsys.spi.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The CLI's progress lines (on stderr): one line per training epoch or iteration, or per block of
 * evaluated users, of the form
 * <pre>
 * progress: epoch 3/20 (15%), loss 0.4123, val-ndcg@10 0.3012, elapsed 1.2 s, remaining ~6.8 s
 * </pre>
 * with the stage and step/total the {@link TrainingListener} reports, its metrics (loss or
 * validation figures, in name order) when it gives any, the time since the run of this stage began
 * and the estimated time left (from the mean time per step; omitted when the total is unknown, and
 * on the very first line, whose elapsed time includes the loading before training).
 *
 * <p>Throttled so that thousands of steps do not flood the terminal: the first step of each run of a
 * stage and its last step ({@code step == total}) are always printed, the others at most one line
 * per second. A step held back by the throttle is printed when the next run begins or at
 * {@link #flush()}, so a run that stops early (early stopping) still shows where it stopped. A run
 * begins when the stage name changes, or at step 1 of the same stage after the previous run finished,
 * changed its total or went further than a late report from a worker thread could be.
 *
 * <p>Thread safety: thread-safe ({@link #onProgress} is synchronized; trainers and the evaluator call
 * it from worker threads). Mutable: keeps the current run's state.
 */
final class ProgressPrinter implements TrainingListener {
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    private final PrintStream out;
    private final LongSupplier clock;
    private String stage;
    private int lastStep;
    private int runTotal;
    private long runStart;
    private long firstTime;
    private int firstStep;
    private long lastTime;
    private long lastPrinted;
    private String pending;
    /** False until the first report: the first run's start is unknown (loading came before it). */
    private boolean reported;
    private boolean runStartKnown;

    /**
     * @param out where the lines go (stderr in the CLI). Not closed.
     */
    ProgressPrinter(PrintStream out) {
        this(out, System::nanoTime);
    }

    /**
     * @param out   where the lines go
     * @param clock monotonic time in nanoseconds (tests pass a manual clock)
     */
    ProgressPrinter(PrintStream out, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
        this.lastTime = clock.getAsLong();
    }

    @Override
    public synchronized void onProgress(String stage, int step, int total, Map<String, Double> metrics) {
        long now = clock.getAsLong();
        // step 1 of the stage that is running starts a new run (the next model, fold or scene) unless
        // it is a worker thread's late report: those come within a few steps of the start
        boolean newRun = !stage.equals(this.stage) || step <= 1 && (total != runTotal || lastStep >= total
                || lastStep > Runtime.getRuntime().availableProcessors());
        if (newRun) {
            flush();
            this.stage = stage;
            runStart = lastTime;
            runStartKnown = reported;
            reported = true;
            firstTime = now;
            firstStep = step;
            lastStep = step;
            runTotal = total;
        } else if (step < lastStep) {
            // a worker thread's report that arrived after a later one: nothing new to show
            lastTime = now;
            return;
        }
        lastStep = step;
        lastTime = now;
        String line = line(stage, step, total, metrics, now);
        if (newRun || (total > 0 && step >= total) || now - lastPrinted >= MIN_INTERVAL_NANOS) {
            out.println(line);
            lastPrinted = now;
            pending = null;
        } else {
            pending = line;
        }
    }

    /** Prints the step held back by the throttle, if any. */
    synchronized void flush() {
        if (pending != null) {
            out.println(pending);
            lastPrinted = clock.getAsLong();
            pending = null;
        }
    }

    private String line(String stage, int step, int total, Map<String, Double> metrics, long now) {
        StringBuilder sb = new StringBuilder(96).append("progress: ").append(CliSupport.printable(stage)).append(' ')
                .append(step);
        if (total > 0) {
            sb.append('/').append(total).append(" (").append(Math.min(100, 100L * step / total)).append("%)");
        }
        if (metrics != null) {
            for (Map.Entry<String, Double> m : new TreeMap<>(metrics).entrySet()) {
                sb.append(", ").append(CliSupport.printable(m.getKey())).append(' ').append(number(m.getValue()));
            }
        }
        long elapsed = now - runStart;
        sb.append(", elapsed ").append(duration(elapsed));
        if (total > 0 && step < total && (step > firstStep || runStartKnown)) {
            double perStep = step > firstStep ? (double) (now - firstTime) / (step - firstStep) : (double) elapsed / step;
            sb.append(", remaining ~").append(duration((long) (perStep * (total - step))));
        }
        return sb.toString();
    }

    private static String number(Double v) {
        if (v == null) {
            return "-";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6) || !Double.isFinite(v)) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** 0.8 s, 12.3 s, 2m05s, 1h02m. */
    static String duration(long nanos) {
        double s = Math.max(0, nanos) / 1e9;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long secs = Math.round(s);
        if (secs < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", secs / 60, secs % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", secs / 3600, secs % 3600 / 60);
    }
}
