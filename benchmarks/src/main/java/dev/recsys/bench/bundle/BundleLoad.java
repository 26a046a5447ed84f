package dev.recsys.bench.bundle;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.modelfile.ModelBundles;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Load time and memory of a model bundle: loads it {@code repeats} times (the first load in a
 * fresh JVM is the "cold-ish" one; drop the files from the page cache first for a cold one), and
 * after each load prints the seconds it took, the used heap after a full GC and the process's
 * resident set ({@code VmRSS}, split into {@code RssAnon} and {@code RssFile}: mapped user factors
 * count in RssFile as they are paged in). Then times {@code recommend} (home, top 10) for
 * {@code REQUESTS} (default 2,000; 0: none) random known users on first touch (their rows not paged
 * in yet, unless the page cache has them) and again for the same users.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.recsys.bench.bundle.BundleLoad DIR REPEATS [mapped|fast|heap [REQUESTS]]}
 *
 * <p>Thread safety: a program.
 */
public final class BundleLoad {
    private BundleLoad() {
    }

    /** DIR REPEATS [mapped|fast|heap]. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int repeats = Integer.parseInt(args[1]);
        String mode = args.length > 2 ? args[2] : "mapped";
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        ModelBundles.LoadOptions options = switch (mode) {
            case "mapped" -> ModelBundles.LoadOptions.DEFAULT;
            case "fast" -> ModelBundles.LoadOptions.FAST;
            case "heap" -> ModelBundles.LoadOptions.HEAP;
            default -> throw new IllegalArgumentException("mode must be mapped, fast or heap, got " + mode);
        };
        System.out.printf("bundle %s, %s, java %s, max heap %d MB, %d cpus%n", dir, mode,
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        RecommenderModel m = null;
        for (int r = 0; r < repeats; r++) {
            m = null;
            gc();
            long t0 = System.nanoTime();
            m = ModelBundles.load(dir, options);
            double s = (System.nanoTime() - t0) / 1e9;
            gc();
            System.out.printf("load %d: %.2f s, %d users, %d items; heap used after GC %d MB; %s%n", r + 1, s,
                    m.numUsers(), m.numItems(), usedHeapMb(), rss());
        }
        SceneEngine engine = SceneEngine.builder(m).build();
        if (m.numUsers() == 0 || requests == 0) {
            return;
        }
        SplittableRandom rnd = new SplittableRandom(7);
        String[] users = new String[requests];
        for (int i = 0; i < users.length; i++) {
            users[i] = m.users().idOf(rnd.nextInt(m.numUsers()));
        }
        for (String pass : new String[] {"first touch", "again"}) {
            long[] ns = new long[users.length];
            for (int i = 0; i < users.length; i++) {
                long t0 = System.nanoTime();
                engine.recommend(RecommendRequest.builder(Scene.HOME, 10).user(users[i]).build());
                ns[i] = System.nanoTime() - t0;
            }
            Arrays.sort(ns);
            System.out.printf("recommend (home, 10), %d random known users, %s: p50 %.2f ms, p99 %.2f ms; %s%n",
                    users.length, pass, ns[ns.length / 2] / 1e6, ns[ns.length * 99 / 100] / 1e6, rss());
        }
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    private static long usedHeapMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    /** VmRSS, RssAnon and RssFile of this process (Linux), in MB. */
    static String rss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "RSS n/a";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(status)) {
            for (String key : new String[] {"VmRSS:", "RssAnon:", "RssFile:"}) {
                if (line.startsWith(key)) {
                    long kb = Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                    sb.append(sb.length() == 0 ? "" : ", ").append(key, 0, key.length() - 1).append(' ')
                            .append(kb >> 10).append(" MB");
                }
            }
        }
        return sb.toString();
    }
}
