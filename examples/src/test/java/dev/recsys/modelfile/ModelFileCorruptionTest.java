package dev.recsys.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lucene-style corruption test of the model file format over every registered algorithm: a model
 * of each (trained on small generated data, few epochs) is saved, then one bit of every byte (or,
 * in files over 4 KiB, of the first and last 256 bytes and 2,500 others chosen with a fixed seed) is
 * flipped one at a time, and the file is cut at every length (or at 400 lengths): each damaged file
 * must give a {@link ModelFormatException}, never another exception and never a model. A second
 * pass writes hostile ints (counts and lengths such as 2^31-1) at 1,200 places and repairs the
 * checksum, so that the parsers themselves are exercised: each must load or give a
 * {@link ModelFormatException}, never another exception, never an {@link OutOfMemoryError}.
 */
class ModelFileCorruptionTest {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFileCorruptionTest.class);
    private static final int ALL_BYTES_UP_TO = 4096;
    private static final int RANDOM_FLIPS = 2500;
    private static final int EDGE = 256;
    private static final int HOSTILE_PLACES = 1200;
    private static final int CUTS = 400;
    private static final int[] HOSTILE = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1 << 30, 1 << 20, 65_536};

    @TempDir
    static Path dir;

    private static final Map<String, byte[]> SAVED = new HashMap<>();

    /** 40 users, 30 items in 3 categories, ratings 1-5, every behaviour, two scenes, prices. */
    static Dataset data() {
        Interactions log = new Interactions();
        SplittableRandom rnd = new SplittableRandom(7);
        Behavior[] behaviours = Behavior.values();
        Scene[] scenes = {Scene.HOME, Scene.ITEM_DETAIL};
        long t = 1_700_000_000L;
        for (int u = 0; u < 40; u++) {
            int group = u % 3;
            for (int e = 0; e < 12; e++) {
                int item = group * 10 + rnd.nextInt(10);
                if (rnd.nextInt(5) == 0) {
                    item = rnd.nextInt(30);
                }
                float rating = 1 + rnd.nextInt(5);
                log.add(new Event("u" + u, "i" + item, behaviours[rnd.nextInt(behaviours.length)], rating, t,
                        scenes[rnd.nextInt(2)]));
                t += 60;
            }
        }
        ItemCatalog cat = new ItemCatalog(log.items());
        for (int i = 0; i < log.items().size(); i++) {
            int id = Integer.parseInt(log.items().idOf(i).substring(1));
            cat.setCategorical(ItemCatalog.CATEGORY, i, "c" + id / 10);
            cat.setNumeric(ItemCatalog.PRICE, i, 5f + id);
        }
        return new Dataset(log, cat);
    }

    /** Small and fast settings for whichever of these parameters the algorithm has. */
    static Map<String, String> smallParams(Algorithm a) {
        Map<String, String> small = Map.ofEntries(Map.entry("factors", "4"), Map.entry("epochs", "2"),
                Map.entry("iterations", "2"), Map.entry("hidden", "8"), Map.entry("latent", "4"),
                Map.entry("code", "4"), Map.entry("attribute-epochs", "2"), Map.entry("finetune-epochs", "1"),
                Map.entry("threads", "1"), Map.entry("min-support", "1"), Map.entry("mlp-layers", "1"),
                Map.entry("patience", "1"));
        Map<String, String> out = new HashMap<>();
        for (ParamSpec p : a.params()) {
            if (small.containsKey(p.name())) {
                out.put(p.name(), small.get(p.name()));
            }
        }
        return out;
    }

    static Stream<String> algorithms() {
        return Algorithms.all().stream().map(Algorithm::name);
    }

    @BeforeAll
    static void saveEveryAlgorithm() throws IOException {
        Dataset ds = data();
        for (Algorithm a : Algorithms.all()) {
            RecommenderModel m = Recommenders.train(ds, a.name(), smallParams(a), TrainingListener.NONE);
            Path f = dir.resolve(a.name() + ".model");
            ModelFiles.save(m, f);
            ModelFiles.load(f); // the intact file loads
            SAVED.put(a.name(), Files.readAllBytes(f));
        }
    }

    @Test
    void everyRegisteredAlgorithmIsCovered() {
        assertThat(SAVED.keySet()).contains("popularity", "item-cooccurrence", "biased-mf", "ials", "als", "bpr",
                "ease", "svdpp", "mult-vae", "neumf", "cdae", "item-attribute-ae", "scene-star", "vsknn", "sasrec", "gru4rec");
    }

    /** Positions to damage: all of a small file; the edges and a fixed random sample of a large one. */
    private static int[] positions(int size, long seed) {
        return positions(size, seed, ALL_BYTES_UP_TO, RANDOM_FLIPS);
    }

    private static int[] positions(int size, long seed, int allUpTo, int sample) {
        if (size <= allUpTo) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return all;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        return Stream.of(java.util.stream.IntStream.range(0, EDGE), java.util.stream.IntStream.range(size - EDGE, size),
                        rnd.ints(sample, EDGE, size - EDGE))
                .flatMapToInt(s -> s).distinct().sorted().toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void everyFlippedByteIsAModelFormatException(String algorithm) throws IOException {
        byte[] good = SAVED.get(algorithm);
        Path f = dir.resolve(algorithm + ".flipped");
        int[] at = positions(good.length, 42);
        SplittableRandom rnd = new SplittableRandom(algorithm.hashCode());
        for (int pos : at) {
            byte[] b = good.clone();
            b[pos] ^= (byte) (1 << rnd.nextInt(8)); // one bit, as a disk or network error would flip
            Files.write(f, b);
            expectRefused(f, algorithm + ": bit flipped in byte " + pos + " of " + good.length);
        }
        for (int pos = 0; pos < Math.min(good.length, 4096); pos += 37) {
            byte[] b = good.clone();
            b[pos] = (byte) ~b[pos]; // the whole byte
            Files.write(f, b);
            expectRefused(f, algorithm + ": byte " + pos + " inverted");
        }
        LOG.info("{}: {} bytes, {} single-bit flips, all refused", algorithm, good.length, at.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void everyTruncationIsAModelFormatException(String algorithm) throws IOException {
        byte[] good = SAVED.get(algorithm);
        Path f = dir.resolve(algorithm + ".cut");
        int step = Math.max(1, good.length / CUTS);
        for (int len = 0; len < good.length; len += step) {
            Files.write(f, Arrays.copyOf(good, len));
            expectRefused(f, algorithm + ": cut at " + len + " of " + good.length);
        }
        // and one byte too many
        Files.write(f, Arrays.copyOf(good, good.length + 1));
        expectRefused(f, algorithm + ": one byte appended");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void hostileValuesWithARepairedChecksumLoadOrFailCleanly(String algorithm) throws IOException {
        byte[] good = SAVED.get(algorithm);
        Path f = dir.resolve(algorithm + ".hostile");
        int[] at = positions(good.length - 16, 43, 0, HOSTILE_PLACES);
        SplittableRandom rnd = new SplittableRandom(algorithm.hashCode() + 1L);
        int loaded = 0;
        int refused = 0;
        for (int pos : at) {
            byte[] b = good.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(pos, HOSTILE[rnd.nextInt(HOSTILE.length)]);
            repairChecksum(b);
            Files.write(f, b);
            try {
                ModelFiles.load(f);
                loaded++;
            } catch (ModelFormatException expected) {
                refused++;
            } catch (Throwable t) {
                fail(algorithm + ": hostile int at byte " + pos + " of " + good.length + " gave " + t, t);
            }
        }
        assertThat(refused).isGreaterThan(0);
        LOG.info("{}: hostile ints at {} positions with a repaired checksum: {} refused, {} loaded", algorithm,
                at.length, refused, loaded);
    }

    private static void repairChecksum(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    }

    private static void expectRefused(Path f, String what) {
        try {
            RecommenderModel m = ModelFiles.load(f);
            fail(what + ": loaded a model of " + m.numItems() + " items instead of refusing the file");
        } catch (ModelFormatException expected) {
            // the one allowed outcome
        } catch (Throwable t) {
            fail(what + ": " + t, t);
        }
    }

    @Test
    void theTestDataHasRatingsScenesAndCatalogue() {
        Dataset ds = data();
        assertThat(ds.interactions().size()).isEqualTo(480);
        assertThat(ds.catalog().categoricalAttributes()).contains(ItemCatalog.CATEGORY);
    }
}
