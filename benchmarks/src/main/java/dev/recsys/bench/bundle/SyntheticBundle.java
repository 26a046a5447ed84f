package dev.recsys.bench.bundle;

import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.rows.FactorRows;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.modelfile.ModelBundles;
import dev.recsys.serving.ModelMetadata;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a synthetic {@code ials} model bundle through the core bundle writer
 * ({@link ModelBundles.PartWriter}, {@link ModelBundles#writeManifest}), in the layout the Spark
 * export writes: the payload head, the user factors in parts of at most 1 GiB, the item factors,
 * the users' fingerprint counts and hashes; numeric ids {@code 1..n}; popularity falling as a
 * power law of the item index. Factors are uniform in {@code [-0.25, 0.25)} from a seeded
 * generator (xorshift), fingerprints give every user 20 training entries (so every user is
 * "known"). {@code users = 0} writes a bundle without user factors (every user folded in).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.recsys.bench.bundle.SyntheticBundle DIR ITEMS USERS K}
 *
 * <p>Thread safety: stateless.
 */
public final class SyntheticBundle {
    private SyntheticBundle() {
    }

    /** Writes DIR ITEMS USERS K (DIR created; files in it replaced). */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: SyntheticBundle DIR ITEMS USERS K");
        }
        long t0 = System.nanoTime();
        write(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), 42);
        long bytes;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            bytes = s.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("wrote %s: %s items, %s users, k = %s, %.2f GB in %.1f s%n", args[0], args[1], args[2],
                args[3], bytes / 1e9, (System.nanoTime() - t0) / 1e9);
    }

    /** xorshift64*: a fast seeded stream of floats in [-0.25, 0.25). */
    private static final class Rng {
        private long s;

        Rng(long seed) {
            s = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        }

        long next() {
            s ^= s >>> 12;
            s ^= s << 25;
            s ^= s >>> 27;
            return s * 0x2545F4914F6CDD1DL;
        }

        float factor() {
            return ((next() >>> 40) / (float) (1 << 24) - 0.5f) * 0.5f;
        }
    }

    /**
     * Writes the bundle.
     *
     * @param users 0 for a bundle without user factors
     */
    public static void write(Path dir, int items, int users, int k, long seed) throws IOException {
        Files.createDirectories(dir);
        long maxBody = ModelBundles.maxBodyBytes();
        Rng rng = new Rng(seed);
        // user factors, then item factors: row-aligned parts of at most maxBody bytes
        List<ModelBundles.Part> userFactors = floatParts(dir, "user-factors", users, k, maxBody, rng);
        List<ModelBundles.Part> itemFactors = floatParts(dir, "item-factors", items, k, maxBody, rng);
        List<ModelBundles.Part> counts = new ArrayList<>();
        List<ModelBundles.Part> hashes = new ArrayList<>();
        List<ModelBundles.Part> userIds = new ArrayList<>();
        int perPart = (int) (maxBody / 8);
        for (int from = 0, g = 0; from < users; from += perPart, g++) {
            int to = (int) Math.min(users, (long) from + perPart);
            String suffix = String.format("-%05d", g);
            try (ModelBundles.PartWriter c = new ModelBundles.PartWriter(dir, "user-counts" + suffix);
                 ModelBundles.PartWriter h = new ModelBundles.PartWriter(dir, "user-hashes" + suffix);
                 ModelBundles.PartWriter id = new ModelBundles.PartWriter(dir, "user-ids" + suffix)) {
                for (int u = from; u < to; u++) {
                    c.body().writeInt(20);
                    h.body().writeLong(rng.next());
                    id.body().writeLong(u + 1L);
                }
                c.close();
                h.close();
                id.close();
                counts.add(c.part());
                hashes.add(h.part());
                userIds.add(id.part());
            }
        }
        if (userIds.isEmpty()) {
            userIds.add(ModelBundles.writePart(dir, "user-ids-none", new byte[0]));
        }
        List<ModelBundles.Part> itemIds = new ArrayList<>();
        List<ModelBundles.Part> popularity = new ArrayList<>();
        for (int from = 0, g = 0; from < items; from += perPart, g++) {
            int to = (int) Math.min(items, (long) from + perPart);
            String suffix = String.format("-%05d", g);
            try (ModelBundles.PartWriter id = new ModelBundles.PartWriter(dir, "item-ids" + suffix);
                 ModelBundles.PartWriter pop = new ModelBundles.PartWriter(dir, "item-popularity" + suffix)) {
                for (int i = from; i < to; i++) {
                    id.body().writeLong(i + 1L);
                    pop.body().writeFloat((float) (1e6 / Math.pow(i + 1, 0.8)));
                }
                id.close();
                pop.close();
                itemIds.add(id.part());
                popularity.add(pop.part());
            }
        }
        Params params = Params.parse(Algorithms.byName("ials").params(), Map.of("factors", Integer.toString(k)));
        long n = (long) users * k;
        List<ModelBundles.Part> model = new ArrayList<>();
        model.add(ModelBundles.writePart(dir, "model-00-head", bytes(o -> {
            o.writeString("implicit-factors");
            o.writeInt(1);
            o.writeInt(k);
            o.writeInt(users);
            o.writeInt(items);
            o.writeFloat(params.getFloat("alpha"));
            o.writeFloat(params.getFloat("reg"));
            o.writeInt(n > FactorRows.MAX_ARRAY ? FactorRows.LARGE_COUNT : (int) n);
        })));
        model.addAll(userFactors);
        model.add(ModelBundles.writePart(dir, "model-01-items", bytes(o -> o.writeInt(items * k))));
        model.addAll(itemFactors);
        model.add(ModelBundles.writePart(dir, "model-02-counts", bytes(o -> o.writeInt(users))));
        model.addAll(counts);
        model.add(ModelBundles.writePart(dir, "model-03-hashes", bytes(o -> o.writeInt(users))));
        model.addAll(hashes);
        Map<String, List<ModelBundles.Part>> streams = new LinkedHashMap<>();
        streams.put(ModelBundles.USER_IDS, userIds);
        streams.put(ModelBundles.ITEM_IDS, itemIds);
        streams.put(ModelBundles.POPULARITY, popularity);
        streams.put(ModelBundles.MODEL, model);
        ModelMetadata meta = new ModelMetadata("ials", params, seed, ModelMetadata.currentLibraryVersion(),
                Instant.now(), MatrixOptions.implicitDefaults(), 0.0);
        ModelBundles.writeManifest(dir, meta, users, items, true, true, streams);
    }

    private static List<ModelBundles.Part> floatParts(Path dir, String prefix, int rows, int k, long maxBody, Rng rng)
            throws IOException {
        List<ModelBundles.Part> parts = new ArrayList<>();
        int perPart = (int) (maxBody / (4L * k));
        for (int from = 0, g = 0; from < rows; from += perPart, g++) {
            int to = (int) Math.min(rows, (long) from + perPart);
            try (ModelBundles.PartWriter w = new ModelBundles.PartWriter(dir, prefix + String.format("-%05d", g))) {
                BinaryModelOutput out = w.body();
                for (long j = (long) from * k; j < (long) to * k; j++) {
                    out.writeFloat(rng.factor());
                }
                w.close();
                parts.add(w.part());
            }
        }
        return parts;
    }

    private interface Body {
        void write(BinaryModelOutput o) throws IOException;
    }

    private static byte[] bytes(Body b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryModelOutput o = new BinaryModelOutput(bytes);
        b.write(o);
        o.flush();
        return bytes.toByteArray();
    }
}
