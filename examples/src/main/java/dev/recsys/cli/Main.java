package dev.recsys.cli;

import dev.recsys.spi.TrainingListener;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Command-line entry point of {@code recsys.jar}: {@code quickstart}, {@code train},
 * {@code recommend}, {@code evaluate}, {@code algorithms}, {@code scene-compare},
 * {@code cold-start}, {@code experiment}. Usage errors print one line and exit with code 2; data or model errors print
 * one line and exit with code 1, and so does running out of memory (the line names the heap size
 * and what to change); no stack trace is printed. Training and evaluation print progress lines on
 * the error stream ({@link ProgressPrinter}) unless {@code --quiet} is given.
 *
 * <p>Thread safety: stateless; each {@link #run} call works on its own objects.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: java [--add-modules jdk.incubator.vector] -jar recsys.jar COMMAND [OPTIONS]",
            "",
            "commands:",
            "  quickstart      generate the embedded sample shop, train, show every scene, print accuracy",
            "  train           train a model and save it",
            "  recommend       load a model and recommend for one user on one scene",
            "  evaluate        train on one file, evaluate on another (or a split, or predefined folds), print a table",
            "  info            print what a model file or bundle holds (algorithm, parameters, sizes, serving form)",
            "  algorithms      list algorithms and their parameters",
            "  scene-compare   per-scene NDCG@10 of scene-star vs a shared and per-scene models (synthetic or MovieLens)",
            "  cold-start      hold out 10% of the items entirely; recall@20 of item-attribute-ae vs random and popularity",
            "  experiment      analyze an experiment log (A/B, mSPRT, interleaving; --html report) or simulate the proofs",
            "",
            "global option (anywhere on the line):",
            "  --quiet         no progress lines on stderr (train, evaluate, scene-compare and cold-start print",
            "                  one per epoch or iteration: loss or validation metric, elapsed, remaining)",
            "",
            "run 'java -jar recsys.jar COMMAND --help' for the options of a command");

    private Main() {
    }

    /** Runs a subcommand; exits with 0 on success, 1 on a data/model error, 2 on a usage error. */
    public static void main(String[] args) {
        // a worker thread that dies of an error nobody waits for still prints one line, not a trace
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.err.println(e instanceof OutOfMemoryError oom
                ? outOfMemory(oom) : "recsys: error in thread " + t.getName() + ": " + e));
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a subcommand and returns the exit code (for tests). */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        String[] args = Arrays.stream(argv).filter(s -> !s.equals("--quiet")).toArray(String[]::new);
        ProgressPrinter progress = args.length < argv.length ? null : new ProgressPrinter(err);
        TrainingListener listener = progress == null ? TrainingListener.NONE : progress;
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String cmd = args[0].toLowerCase(Locale.ROOT);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return guarded(() -> dispatch(cmd, args[0], rest, out, err, listener), err);
        } finally {
            if (progress != null) {
                progress.flush();
            }
        }
    }

    private static int dispatch(String cmd, String given, String[] rest, PrintStream out, PrintStream err,
                                TrainingListener listener) throws Exception {
        switch (cmd) {
            case "-h":
            case "--help":
            case "help":
                out.println(USAGE);
                return 0;
            case "quickstart":
                return new QuickstartCommand(out).run(rest);
            case "train":
                return new TrainCommand(out, listener).run(rest);
            case "recommend":
                return new RecommendCommand(out, err).run(rest);
            case "evaluate":
                return new EvaluateCommand(out, listener).run(rest);
            case "scene-compare": return new SceneCompareCommand(out, listener).run(rest);
            case "cold-start":
                return new ColdStartCommand(out, listener).run(rest);
            case "info":
                return new InfoCommand(out).run(rest);
            case "algorithms":
                return new AlgorithmsCommand(out).run(rest);
            case "experiment":
                return new ExperimentCommand(out, listener).run(rest);
            default:
                throw new Args.UsageException("unknown command '" + given
                        + "'; commands: quickstart, train, recommend, info, evaluate, algorithms, scene-compare, cold-start, experiment");
        }
    }

    /**
     * Runs a command and turns what it throws into one line on {@code err} and an exit code: a
     * usage error 2, an invalid argument 2, any other exception 1, and an {@link OutOfMemoryError}
     * (also one wrapped by a worker thread) 1 with the heap size in use and a hint; never a stack
     * trace.
     */
    static int guarded(Callable<Integer> command, PrintStream err) {
        try {
            return command.call();
        } catch (Args.UsageException e) {
            err.println("recsys: error: " + CliSupport.printable(e.getMessage()) + " (see --help)");
            return 2;
        } catch (OutOfMemoryError e) {
            err.println(outOfMemory(e));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("recsys: error: " + CliSupport.printable(e.getMessage()));
            return 2;
        } catch (Exception e) {
            OutOfMemoryError oom = outOfMemoryCause(e);
            err.println(oom != null ? outOfMemory(oom) : "recsys: error: " + CliSupport.printable(message(e)));
            return 1;
        }
    }

    /**
     * The message of a command's exception; file-system exceptions, whose message is often just
     * the path, say what went wrong with it.
     */
    static String message(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() == null) {
            return "cannot use " + f.getFile() + " (" + f.getClass().getSimpleName() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The one line printed for an {@link OutOfMemoryError}: the heap in use and what to change. */
    static String outOfMemory(OutOfMemoryError e) {
        long maxMib = Runtime.getRuntime().maxMemory() >> 20;
        long twice = 2 * maxMib;
        return "recsys: error: out of memory (" + (e.getMessage() == null ? "no detail" : e.getMessage())
                + ") with a Java heap of " + maxMib + " MiB (-Xmx" + maxMib + "m); run java with a larger -Xmx, e.g. -Xmx"
                + (twice >= 1024 ? (twice + 1023) / 1024 + "g" : twice + "m")
                + ", or use less data or a smaller model (lower max-items, factors, hidden)";
    }

    private static OutOfMemoryError outOfMemoryCause(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }
}
