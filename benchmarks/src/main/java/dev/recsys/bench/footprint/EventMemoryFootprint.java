package dev.recsys.bench.footprint;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.io.CsvWriter;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.InteractionLoader;
import dev.recsys.data.io.LoadResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the retained heap per event of {@link Interactions} (columns plus id indices), first
 * for events added in memory, then after streaming the same events back from a CSV file with
 * {@link InteractionLoader}. Not a JMH benchmark: a plain program that prints its figures.
 *
 * <p>Usage: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
 * dev.recsys.bench.footprint.EventMemoryFootprint [events] [users] [items] [seed]} (defaults
 * 10,000,000 events, 200,000 users, 50,000 items, seed 42). Events have random numeric user and
 * item ids, one of three behaviours, one of the six standard scenes and increasing time stamps.
 *
 * <p>Thread safety: a program; single-threaded.
 */
public final class EventMemoryFootprint {
    private EventMemoryFootprint() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional: events, users, items, seed
     * @throws IOException if the temporary CSV cannot be written
     */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int nUsers = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int nItems = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42L;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.out.printf(Locale.ROOT, "java %s, max heap %d MiB; %,d events, %,d users, %,d items, seed %d%n",
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, n, nUsers, nItems, seed);

        // 1. events added in memory
        long base = usedAfterGc(mem);
        long t0 = System.nanoTime();
        Interactions log = generate(n, nUsers, nItems, seed);
        long t1 = System.nanoTime();
        long used = usedAfterGc(mem) - base;
        System.out.printf(Locale.ROOT, "in memory: %,d events (%,d users, %,d items) added in %.2f s%n", log.size(),
                log.users().size(), log.items().size(), (t1 - t0) / 1e9);
        System.out.printf(Locale.ROOT, "  columns     %,13d bytes = %6.2f bytes/event%n", log.columnBytes(),
                (double) log.columnBytes() / n);
        System.out.printf(Locale.ROOT, "  retained    %,13d bytes = %6.2f bytes/event (columns + id indices, MemoryMXBean after GC)%n",
                used, (double) used / n);

        // 2. written as CSV and streamed back
        Path csv = Files.createTempFile("recsys-footprint-", ".csv");
        try {
            long w0 = System.nanoTime();
            CsvWriter.writeEvents(log, csv);
            long w1 = System.nanoTime();
            long fileBytes = Files.size(csv);
            System.out.printf(Locale.ROOT, "csv: wrote %,d bytes (%.1f bytes/row) in %.2f s to %s%n", fileBytes,
                    (double) fileBytes / n, (w1 - w0) / 1e9, csv);
            Reference.reachabilityFence(log);
            log = null;
            base = usedAfterGc(mem);
            long l0 = System.nanoTime();
            LoadResult res = InteractionLoader.load(csv, DataFormat.CSV);
            long l1 = System.nanoTime();
            long loadedBytes = usedAfterGc(mem) - base;
            Interactions back = res.dataset().interactions();
            double secs = (l1 - l0) / 1e9;
            System.out.printf(Locale.ROOT, "load (format csv): %,d events in %.2f s = %,.0f rows/s, %.1f MB/s%n", back.size(),
                    secs, n / secs, fileBytes / 1e6 / secs);
            System.out.printf(Locale.ROOT, "  retained    %,13d bytes = %6.2f bytes/event after load (columns + id indices)%n",
                    loadedBytes, (double) loadedBytes / n);
            Reference.reachabilityFence(res);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private static Interactions generate(int n, int nUsers, int nItems, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Interactions log = new Interactions(new IdIndex(), new IdIndex(), 1024);
        Scene[] scenes = Scene.standard();
        byte[] sceneCodes = new byte[scenes.length];
        for (int s = 0; s < scenes.length; s++) {
            sceneCodes[s] = log.sceneCode(scenes[s]);
        }
        Behavior[] behaviors = {Behavior.VIEW, Behavior.VIEW, Behavior.VIEW, Behavior.ADD_TO_CART, Behavior.PURCHASE};
        long t = 1_700_000_000L;
        for (int e = 0; e < n; e++) {
            int u = log.users().add(r.nextInt(nUsers));
            int i = log.items().add(r.nextInt(nItems));
            t += r.nextInt(3);
            log.add(u, i, behaviors[r.nextInt(behaviors.length)], 1f, t, sceneCodes[r.nextInt(scenes.length)]);
        }
        log.trimToSize();
        log.users().trimToSize();
        log.items().trimToSize();
        return log;
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        long prev = Long.MAX_VALUE;
        for (int k = 0; k < 5; k++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long used = mem.getHeapMemoryUsage().getUsed();
            if (used >= prev) {
                return Math.min(used, prev);
            }
            prev = used;
        }
        return prev;
    }
}
