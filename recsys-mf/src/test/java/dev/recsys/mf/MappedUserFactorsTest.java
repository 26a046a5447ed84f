package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.internal.rows.FactorRows;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.modelfile.ModelBundles;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model bundles with user factors: an {@code ials} model written as a bundle whose user factors
 * span several parts (rows split between parts) loads with its user factors memory-mapped and
 * serves exactly as loaded onto the heap and as trained; damaged, truncated and absurd bundles are
 * refused with messages naming the file, without allocating what they claim.
 */
class MappedUserFactorsTest {
    private static RecommenderModel trained;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        trained = Recommenders.train(SyntheticGenerator.generate(SyntheticConfig.builder().users(150).items(120)
                        .categories(5).seed(11).build()).dataset(), "ials",
                Map.of("factors", "8", "iterations", "3", "seed", "3"), TrainingListener.NONE);
    }

    /**
     * Writes {@code m} as a bundle: the payload's head, then its user factors in parts of
     * {@code userPartFloats} floats (not a multiple of k, so rows span parts), then the rest.
     *
     * @return the user factor part files, in order
     */
    static List<String> writeBundle(RecommenderModel m, Path dir, int userPartFloats) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        BinaryModelOutput out = new BinaryModelOutput(payload);
        m.model().save(out);
        out.flush();
        byte[] p = payload.toByteArray();
        FactorModel f = (FactorModel) m.model();
        int userBytes = 4 * f.numUsers() * f.factors();
        int head = userFactorsAt(p, f);
        List<ModelBundles.Part> model = new ArrayList<>();
        model.add(ModelBundles.writePart(dir, "model-head", Arrays.copyOfRange(p, 0, head)));
        List<String> userParts = new ArrayList<>();
        for (int off = 0, i = 0; off < userBytes; off += 4 * userPartFloats, i++) {
            String name = String.format("user-factors-%03d", i);
            model.add(ModelBundles.writePart(dir, name, Arrays.copyOfRange(p, head + off,
                    head + Math.min(userBytes, off + 4 * userPartFloats))));
            userParts.add(name);
        }
        model.add(ModelBundles.writePart(dir, "model-rest", Arrays.copyOfRange(p, head + userBytes, p.length)));
        ByteArrayOutputStream ids = new ByteArrayOutputStream();
        BinaryModelOutput io = new BinaryModelOutput(ids);
        for (int i = 0; i < m.numItems(); i++) {
            io.writeString(m.items().idOf(i));
        }
        io.flush();
        ByteArrayOutputStream users = new ByteArrayOutputStream();
        BinaryModelOutput uo = new BinaryModelOutput(users);
        for (int u = 0; u < m.numUsers(); u++) {
            uo.writeString(m.users().idOf(u));
        }
        uo.flush();
        ByteArrayOutputStream pop = new ByteArrayOutputStream();
        BinaryModelOutput po = new BinaryModelOutput(pop);
        for (float v : m.popularity()) {
            po.writeFloat(v);
        }
        po.flush();
        ModelBundles.writeManifest(dir, m.metadata(), m.numUsers(), m.numItems(), false, false, Map.of(
                ModelBundles.USER_IDS, List.of(ModelBundles.writePart(dir, "user-ids", users.toByteArray())),
                ModelBundles.ITEM_IDS, List.of(ModelBundles.writePart(dir, "item-ids", ids.toByteArray())),
                ModelBundles.POPULARITY, List.of(ModelBundles.writePart(dir, "popularity", pop.toByteArray())),
                ModelBundles.MODEL, model));
        return userParts;
    }

    /** Where the user factors start in a factor model's payload: the bytes of user 0's row (little endian). */
    static int userFactorsAt(byte[] payload, FactorModel f) {
        ByteBuffer row = ByteBuffer.allocate(4 * f.factors()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : f.userVector(0)) {
            row.putFloat(v);
        }
        byte[] r = row.array();
        for (int at = 0; at + r.length <= payload.length; at++) {
            if (Arrays.equals(payload, at, at + r.length, r, 0, r.length)) {
                return at;
            }
        }
        throw new IllegalStateException("user 0's row is not in the payload");
    }

    private static FactorRows userRows(RecommenderModel m) {
        return ((FactorModelBase) m.model()).userRows;
    }

    private static List<String> home(RecommenderModel m, String user) {
        return m.recommender().recommend(RecommendRequest.builder(Scene.HOME, 10).user(user).build()).stream()
                .map(Recommendation::itemId).toList();
    }

    @Test
    void mappedUserFactorsServeAsOnTheHeap() throws IOException {
        List<String> parts = writeBundle(trained, dir, 8 * 7 + 3);
        assertThat(parts).hasSizeGreaterThan(3);
        RecommenderModel mapped = ModelFiles.load(dir);
        RecommenderModel heap = ModelBundles.load(dir, ModelBundles.LoadOptions.HEAP);
        RecommenderModel fast = ModelBundles.load(dir, ModelBundles.LoadOptions.FAST);
        assertThat(userRows(mapped).mapped()).isTrue();
        assertThat(userRows(fast).mapped()).isTrue();
        assertThat(userRows(heap).mapped()).isFalse();
        FactorModel t = (FactorModel) trained.model();
        for (int u = 0; u < trained.numUsers(); u++) {
            assertThat(((FactorModel) mapped.model()).userVector(u)).containsExactly(t.userVector(u));
            assertThat(((FactorModel) fast.model()).userVector(u)).containsExactly(t.userVector(u));
            assertThat(((FactorModel) heap.model()).userVector(u)).containsExactly(t.userVector(u));
        }
        for (int u = 0; u < trained.numUsers(); u += 7) {
            String id = trained.users().idOf(u);
            List<String> expected = home(heap, id);
            assertThat(expected).isNotEmpty();
            assertThat(home(mapped, id)).isEqualTo(expected);
            assertThat(home(fast, id)).isEqualTo(expected);
        }
        assertThatThrownBy(() -> ((FactorModel) mapped.model()).userVector(trained.numUsers()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    @Test
    void explicitAndBprModelsMapTheirUserFactorsToo() throws IOException {
        var shop = SyntheticGenerator.generate(SyntheticConfig.builder().users(120).items(90).categories(4).seed(5)
                .build()).dataset();
        for (String algo : List.of("biased-mf", "svdpp", "bpr")) {
            RecommenderModel m = Recommenders.train(shop, algo, Map.of("factors", "8", "epochs", "3", "seed", "3"),
                    TrainingListener.NONE);
            Path d = dir.resolve(algo);
            Files.createDirectories(d);
            assertThat(writeBundle(m, d, 8 * 5 + 3)).as(algo).hasSizeGreaterThan(3);
            RecommenderModel mapped = ModelFiles.load(d);
            RecommenderModel heap = ModelBundles.load(d, ModelBundles.LoadOptions.HEAP);
            assertThat(userRows(mapped).mapped()).as(algo).isTrue();
            assertThat(userRows(heap).mapped()).as(algo).isFalse();
            FactorModel t = (FactorModel) m.model();
            for (int u = 0; u < m.numUsers(); u++) {
                assertThat(((FactorModel) mapped.model()).userVector(u)).as(algo).containsExactly(t.userVector(u));
            }
            for (int u = 0; u < m.numUsers(); u += 11) {
                String id = m.users().idOf(u);
                assertThat(home(mapped, id)).as(algo).isNotEmpty().isEqualTo(home(heap, id));
            }
        }
    }

    @Test
    void aMappedModelSavesAsAModelFile() throws IOException {
        writeBundle(trained, dir, 1000);
        RecommenderModel mapped = ModelFiles.load(dir);
        Path file = dir.resolveSibling(dir.getFileName() + ".model");
        try {
            ModelFiles.save(mapped, file);
            RecommenderModel back = ModelFiles.load(file);
            assertThat(userRows(back).mapped()).isFalse();
            assertThat(userRows(back).array()).containsExactly(((ImplicitFactorModel) trained.model()).userRows.array());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aCorruptedUserFactorPartIsRefusedNamingIt() throws IOException {
        List<String> parts = writeBundle(trained, dir, 8 * 7 + 3);
        Path part = dir.resolve(parts.get(1));
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
            f.seek(12 + 8);
            f.writeInt(0x7fc00000); // a NaN (big-endian write: bytes 7f c0 00 00 -> little-endian 0x0000c07f, finite)
            f.seek(12 + 12);
            f.write(new byte[] {0, 0, (byte) 0xc0, 0x7f}); // little-endian NaN
        }
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(part.toString()).hasMessageContaining("corrupted");
        assertThatThrownBy(() -> ModelBundles.load(dir, ModelBundles.LoadOptions.HEAP))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining(part.toString());
        // not verified at load: the damage shows when the row is read (floats 59.. of the matrix, row 7)
        RecommenderModel fast = ModelBundles.load(dir, ModelBundles.LoadOptions.FAST);
        FactorModel f = (FactorModel) fast.model();
        assertThat(f.userVector(0)).containsExactly(((FactorModel) trained.model()).userVector(0));
        int row = (8 * 7 + 3 + 3) / 8;
        assertThatThrownBy(() -> f.userVector(row)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("non-finite").hasMessageContaining(part.toString());
    }

    @Test
    void aTruncatedUserFactorPartIsRefusedNamingIt() throws IOException {
        List<String> parts = writeBundle(trained, dir, 8 * 7 + 3);
        Path part = dir.resolve(parts.get(2));
        byte[] b = Files.readAllBytes(part);
        Files.write(part, Arrays.copyOf(b, b.length - 20));
        for (ModelBundles.LoadOptions o : List.of(ModelBundles.LoadOptions.DEFAULT, ModelBundles.LoadOptions.FAST,
                ModelBundles.LoadOptions.HEAP)) {
            assertThatThrownBy(() -> ModelBundles.load(dir, o)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining(part.toString()).hasMessageContaining("truncated");
        }
    }

    /** Rewrites manifest lines (key to new value) and its checksum line. */
    private static void editManifest(Path dir, Map<String, String> changes) throws IOException {
        Path mf = dir.resolve(ModelBundles.MANIFEST);
        StringBuilder body = new StringBuilder();
        for (String line : Files.readAllLines(mf, StandardCharsets.UTF_8)) {
            if (line.startsWith("checksum=")) {
                continue;
            }
            String key = line.substring(0, line.indexOf('='));
            body.append(changes.containsKey(key) ? key + "=" + changes.get(key) : line).append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        Files.writeString(mf, body + String.format("checksum=%08x%n", (int) crc.getValue()));
    }

    private static Map<String, String> manifest(Path dir) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve(ModelBundles.MANIFEST), StandardCharsets.UTF_8)) {
            m.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        return m;
    }

    @Test
    void absurdCountsInTheManifestAreRefusedBeforeAllocating() throws IOException {
        writeBundle(trained, dir, 1000);
        for (String key : List.of("users", "items")) {
            editManifest(dir, Map.of(key, Integer.toString(Integer.MAX_VALUE)));
            assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("ids");
            editManifest(dir, Map.of(key, "-5"));
            assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("inconsistent");
            editManifest(dir, Map.of(key, Integer.toString(key.equals("users") ? trained.numUsers()
                    : trained.numItems())));
        }
        String model = manifest(dir).get("stream.model");
        editManifest(dir, Map.of("stream.model", model.replaceFirst(":\\d+:", ":" + Long.MAX_VALUE + ":")));
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("bad part entry");
        editManifest(dir, Map.of("stream.model", model.replaceFirst(":\\d+:", ":" + (1L << 29) + ":")));
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model-head").hasMessageContaining("truncated or corrupted");
    }

    /** The payload head of the bundle in dir replaced: users and the user factor count as given. */
    private static void rewriteHead(Path dir, int users, int count) throws IOException {
        FactorModel f = (FactorModel) trained.model();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BinaryModelOutput o = new BinaryModelOutput(b);
        o.writeString("implicit-factors");
        o.writeInt(1);
        o.writeInt(f.factors());
        o.writeInt(users);
        o.writeInt(f.numItems());
        o.writeFloat(1f);
        o.writeFloat(1f);
        o.writeInt(count);
        o.flush();
        ModelBundles.Part p = ModelBundles.writePart(dir, "model-head", b.toByteArray());
        String model = manifest(dir).get("stream.model");
        editManifest(dir, Map.of("stream.model", model.replaceFirst("^model-head:[^,]*",
                String.format("model-head:%d:%08x", p.bodyBytes(), p.crc()))));
    }

    @Test
    void absurdUserFactorShapesInThePayloadAreRefusedBeforeMapping() throws IOException {
        writeBundle(trained, dir, 1000);
        int k = ((FactorModel) trained.model()).factors();
        // more users than one array holds, with the large-count mark: far more bytes than the parts hold
        rewriteHead(dir, Integer.MAX_VALUE, FactorRows.LARGE_COUNT);
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("user factors");
        assertThatThrownBy(() -> ModelBundles.load(dir, ModelBundles.LoadOptions.HEAP))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("more than one Java array");
        // a count that does not match the shape
        rewriteHead(dir, trained.numUsers(), FactorRows.LARGE_COUNT);
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("count of user factors");
        rewriteHead(dir, trained.numUsers(), trained.numUsers() * k + 1);
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("count of user factors");
        // a plausible count, more users than the bundle lists
        rewriteHead(dir, trained.numUsers() + 1, (trained.numUsers() + 1) * k);
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class);
    }

    @Test
    void littleEndianLayoutIsWhatIsMapped() throws IOException {
        List<String> parts = writeBundle(trained, dir, 1000);
        byte[] b = Files.readAllBytes(dir.resolve(parts.get(0)));
        float first = ByteBuffer.wrap(b, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(((FactorModel) ModelFiles.load(dir).model()).userVector(0)[0]).isEqualTo(first);
    }
}
