package dev.recsys.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.ItemFilter;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.ValueTransform;
import dev.recsys.internal.scene.Associations;
import dev.recsys.internal.scene.Summaries;
import dev.recsys.internal.scene.TrainingSummary;
import dev.recsys.serving.ModelMetadata;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.serving.SmallShop;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    private static RecommenderModel cooc(boolean numeric) {
        return Recommenders.train(numeric ? SmallShop.numericDataset() : SmallShop.dataset(), "item-cooccurrence",
                Map.of("min-support", "1", "similarity", "jaccard", "threads", "1"), TrainingListener.NONE);
    }

    private static List<List<Recommendation>> answers(RecommenderModel m, boolean numeric) {
        List<List<Recommendation>> out = new ArrayList<>();
        for (String u : new String[] {"u1", "u2", "u3", "u4", "u5", "u6", "u7", "unknown"}) {
            String user = numeric && !u.equals("unknown") ? SmallShop.user(u, true) : u;
            for (Scene s : Scene.standard()) {
                out.add(m.recommender().recommend(user, s, 4));
            }
            String cur = SmallShop.item("C", numeric);
            out.add(m.recommender().recommend(RecommendRequest.builder(Scene.ITEM_DETAIL, 3).user(user)
                    .currentItem(cur).build()));
            out.add(m.recommender().recommend(RecommendRequest.builder(Scene.CART, 3).user(user)
                    .cart(List.of(SmallShop.item("F", numeric))).build()));
            out.add(m.recommender().recommend(RecommendRequest.builder(Scene.HOME, 5).user(user)
                    .filter(ItemFilter.category("shoes")).build()));
        }
        return out;
    }

    @Test
    void roundTripGivesIdenticalRecommendations() throws IOException {
        for (boolean numeric : new boolean[] {false, true}) {
            for (RecommenderModel m : List.of(cooc(numeric),
                    Recommenders.train(numeric ? SmallShop.numericDataset() : SmallShop.dataset(), "popularity",
                            Map.of("half-life-days", "0.5"), null))) {
                Path f = dir.resolve("m-" + numeric + "-" + m.metadata().algorithm() + ".model");
                ModelFiles.save(m, f);
                RecommenderModel back = ModelFiles.load(f);
                // identical, explanations included ("because you bought C" needs the training behaviours)
                assertThat(answers(back, numeric)).isEqualTo(answers(m, numeric));
                assertThat(back.hasTrainingSummary()).isTrue();
                assertThat(back.metadata().params().asText()).isEqualTo(m.metadata().params().asText());
                assertThat(back.metadata().created()).isEqualTo(m.metadata().created().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
                assertThat(back.metadata().matrixOptions()).isEqualTo(m.metadata().matrixOptions());
                assertThat(back.metadata().libraryVersion()).isEqualTo(m.metadata().libraryVersion());
                assertThat(back.metadata().popularityHalfLifeDays()).isEqualTo(m.metadata().popularityHalfLifeDays());
                assertThat(back.popularity()).containsExactly(m.popularity());
                assertThat(back.users().toStringArray()).containsExactly(m.users().toStringArray());
                assertThat(back.items().toStringArray()).containsExactly(m.items().toStringArray());
                assertThat(back.items().isNumeric()).isEqualTo(numeric);
                assertThat(back.history().rowPtr()).containsExactly(m.history().rowPtr());
                assertThat(back.history().values()).containsExactly(Arrays.copyOf(m.history().values(), m.history().nnz()));
                ItemCatalog c = back.catalog();
                assertThat(c.categoricalAttributes()).containsExactlyElementsOf(m.catalog().categoricalAttributes());
                for (int i = 0; i < back.numItems(); i++) {
                    assertThat(c.category(i)).isEqualTo(m.catalog().category(i));
                    assertThat(c.code("color", i)).isEqualTo(m.catalog().code("color", i));
                    assertThat(c.hasPrice(i)).isEqualTo(m.catalog().hasPrice(i));
                    assertThat(c.price(i, -1f)).isEqualTo(m.catalog().price(i, -1f));
                }
                // saving the loaded model gives the same bytes
                Path f2 = dir.resolve("again.model");
                ModelFiles.save(back, f2);
                assertThat(Files.readAllBytes(f2)).isEqualTo(Files.readAllBytes(f));
            }
        }
    }

    private Path saved() throws IOException {
        Path f = dir.resolve("shop.model");
        ModelFiles.save(cooc(false), f);
        return f;
    }

    @Test
    void truncatedFilesAreReported() throws IOException {
        byte[] all = Files.readAllBytes(saved());
        for (int len : new int[] {10, 13, 40, all.length / 2, all.length - 30, all.length - 12, all.length - 1}) {
            Path cut = dir.resolve("cut" + len + ".model");
            Files.write(cut, Arrays.copyOf(all, len));
            assertThatThrownBy(() -> ModelFiles.load(cut)).as("cut at %d of %d", len, all.length)
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("truncated").hasMessageContaining("ends after " + len + " bytes")
                    .hasMessageContaining("expected");
        }
    }

    @Test
    void flippedBytesAreReportedAsCorruption() throws IOException {
        byte[] all = Files.readAllBytes(saved());
        for (int pos : new int[] {20, all.length / 3, all.length / 2, all.length - 20, all.length - 2}) {
            byte[] b = all.clone();
            b[pos] ^= 0x10;
            Path f = dir.resolve("flip" + pos + ".model");
            Files.write(f, b);
            assertThatThrownBy(() -> ModelFiles.load(f)).as("flip at %d", pos).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("corrupted").hasMessageContaining("CRC");
        }
        // a flip inside the footer magic
        byte[] b = all.clone();
        b[all.length - 8] ^= 0x01;
        Path f = dir.resolve("footer.model");
        Files.write(f, b);
        assertThatThrownBy(() -> ModelFiles.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("corrupted").hasMessageContaining("footer");
    }

    @Test
    void trainingSummaryRoundTripsExactly() throws IOException {
        RecommenderModel m = cooc(false);
        Path f = dir.resolve("summary.model");
        ModelFiles.save(m, f);
        TrainingSummary a = Summaries.of(m);
        TrainingSummary b = Summaries.of(ModelFiles.load(f));
        assertThat(b.trending()).containsExactly(a.trending());
        assertThat(b.trendingHalfLifeDays()).isEqualTo(a.trendingHalfLifeDays());
        assertThat(b.sessionGapSeconds()).isEqualTo(a.sessionGapSeconds());
        for (int t = 0; t < 3; t++) {
            Associations x = t == 0 ? a.coView() : t == 1 ? a.coBuy() : a.categoryCoBuy();
            Associations y = t == 0 ? b.coView() : t == 1 ? b.coBuy() : b.categoryCoBuy();
            assertThat(y.pointerArray()).containsExactly(x.pointerArray());
            assertThat(y.neighborArray()).containsExactly(x.neighborArray());
            assertThat(y.scoreArray()).containsExactly(x.scoreArray());
        }
        assertThat(b.behaviours().pointerArray()).containsExactly(a.behaviours().pointerArray());
        assertThat(b.behaviours().itemArray()).containsExactly(a.behaviours().itemArray());
        assertThat(b.behaviours().rankArray()).containsExactly(a.behaviours().rankArray());
        assertThat(b.lastPurchase()).containsExactly(a.lastPurchase()).contains(m.items().indexOf("C"));
        // the explanations that need the behaviours are there to compare
        assertThat(answers(m, false)).flatExtracting(l -> l).extracting(Recommendation::explanation)
                .anyMatch(w -> w.startsWith("because you bought ") || w.startsWith("because you viewed "));

        // a model built without training events has no summary, before and after
        RecommenderModel bare = new RecommenderModel(m.model(), m.users(), m.items(), m.history(), m.catalog(),
                m.popularity(), m.metadata());
        Path g = dir.resolve("bare.model");
        ModelFiles.save(bare, g);
        RecommenderModel back = ModelFiles.load(g);
        assertThat(back.hasTrainingSummary()).isFalse();
        assertThat(answers(back, false)).isEqualTo(answers(bare, false));
    }

    @Test
    void otherFormatVersionsAreRejected() throws IOException {
        byte[] all = Files.readAllBytes(saved());
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 7);
        Path f = dir.resolve("v7.model");
        Files.write(f, all);
        assertThatThrownBy(() -> ModelFiles.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("written with format version 7; this library reads 2 to 6");
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 1);
        Path old = dir.resolve("v1.model");
        Files.write(old, all);
        assertThatThrownBy(() -> ModelFiles.load(old)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("written with format version 1; this library reads 2 to 6")
                .hasMessageContaining("train the model again");
    }

    @Test
    void matrixOptionsWithWeightsAndValueTransformRoundTrip() throws IOException {
        MatrixOptions opts = MatrixOptions.implicitDefaults().withWeights(Map.of(Behavior.VIEW, 0.5f, Behavior.PURCHASE, 9f))
                .withValueTransform(ValueTransform.log(0.25));
        RecommenderModel m = Recommenders.train(SmallShop.dataset(), "item-cooccurrence",
                Map.of("min-support", "1", "threads", "1"), opts, TrainingListener.NONE);
        Path f = dir.resolve("opts.model");
        ModelFiles.save(m, f);
        RecommenderModel back = ModelFiles.load(f);
        assertThat(back.metadata().matrixOptions()).isEqualTo(opts);
        assertThat(back.metadata().matrixOptions().valueTransform()).isEqualTo(ValueTransform.log(0.25));
        assertThat(back.metadata().matrixOptions().weight(Behavior.VIEW)).isEqualTo(0.5f);
        // the checksum covers the new fields: a flipped epsilon byte is corruption
        byte[] all = Files.readAllBytes(f);
        int catl = indexOf(all, "CATL".getBytes(StandardCharsets.US_ASCII), indexOf(all,
                "MOPT".getBytes(StandardCharsets.US_ASCII), 0));
        all[catl - 2] ^= 0x10;
        Path bad = dir.resolve("bad.model");
        Files.write(bad, all);
        assertThatThrownBy(() -> ModelFiles.load(bad)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("CRC32");
    }

    @Test
    void formatVersion2FilesAreReadWithoutAValueTransform() throws IOException {
        RecommenderModel m = cooc(false);
        Path f = dir.resolve("v4.model");
        ModelFiles.save(m, f);
        byte[] v3 = withFooter(withoutServingSection(Files.readAllBytes(f)));
        // a version 2 file is the version 3 file without the transform (name "NONE" and epsilon)
        // that ends the MOPT section, with version 2 in the header and its own checksum
        int catl = indexOf(v3, "CATL".getBytes(StandardCharsets.US_ASCII), indexOf(v3,
                "MOPT".getBytes(StandardCharsets.US_ASCII), 0));
        int cut = 4 + 4 + 8;
        ByteBuffer tail = ByteBuffer.wrap(v3, catl - cut, cut).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(tail.getInt()).isEqualTo(4);
        byte[] body = new byte[v3.length - 12 - cut];
        System.arraycopy(v3, 0, body, 0, catl - cut);
        System.arraycopy(v3, catl, body, catl - cut, v3.length - 12 - catl);
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        Path v2 = dir.resolve("v2.model");
        Files.write(v2, withFooter(body));
        RecommenderModel back = ModelFiles.load(v2);
        assertThat(back.metadata().matrixOptions()).isEqualTo(m.metadata().matrixOptions());
        assertThat(back.metadata().matrixOptions().valueTransform()).isEqualTo(ValueTransform.NONE);
        assertThat(answers(back, false)).isEqualTo(answers(m, false));
    }

    /**
     * A version 3 file's body (no footer): the version 4 file without its serving section (the tag
     * SERV and the boolean "absent") before END!, with version 3 in the header.
     */
    private static byte[] withoutServingSection(byte[] v4) {
        int body = v4.length - 12;
        int end = body - 4;
        assertThat(new String(v4, end - 5, 9, StandardCharsets.US_ASCII)).isEqualTo("SERV\0END!");
        byte[] out = new byte[body - 5];
        System.arraycopy(v4, 0, out, 0, end - 5);
        System.arraycopy(v4, end, out, end - 5, 4);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 3);
        return out;
    }

    @Test
    void formatVersion3FilesAreReadWithoutServingData() throws IOException {
        RecommenderModel m = cooc(false);
        Path f = dir.resolve("v4.model");
        ModelFiles.save(m, f);
        Path v3 = dir.resolve("v3.model");
        Files.write(v3, withFooter(withoutServingSection(Files.readAllBytes(f))));
        RecommenderModel back = ModelFiles.load(v3);
        assertThat(back.servingOptions()).isEmpty();
        assertThat(answers(back, false)).isEqualTo(answers(m, false));
    }

    private static int indexOf(byte[] a, byte[] what, int from) {
        for (int i = from; i + what.length <= a.length; i++) {
            if (Arrays.equals(a, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void emptyAndForeignFilesAreRejected() throws IOException {
        Path empty = dir.resolve("empty.model");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> ModelFiles.load(empty)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("empty");
        Path csv = dir.resolve("ratings.csv");
        Files.writeString(csv, "user,item,rating\n1,2,5\n");
        assertThatThrownBy(() -> ModelFiles.load(csv)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not a recsys model file").hasMessageContaining("magic");
        Path tiny = dir.resolve("tiny.model");
        Files.write(tiny, new byte[] {'x'});
        assertThatThrownBy(() -> ModelFiles.load(tiny)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not a recsys model file");
        assertThatThrownBy(() -> ModelFiles.load(dir.resolve("missing.model"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ModelFiles.load(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file");
    }

    interface PayloadWriter {
        void save(ModelOutput out) throws IOException;
    }

    /** A model of {@code real}'s items and parameters, named {@code algorithm}, saving {@code payload}. */
    private static TrainedModel payload(String algorithm, RecommenderModel real, PayloadWriter payload) {
        return new TrainedModel() {
            @Override
            public String algorithm() {
                return algorithm;
            }

            @Override
            public Params params() {
                return real.metadata().params();
            }

            @Override
            public int numItems() {
                return real.numItems();
            }

            @Override
            public boolean score(Query query, float[] out) {
                return false;
            }

            @Override
            public void save(ModelOutput out) throws IOException {
                payload.save(out);
            }
        };
    }

    @Test
    void unknownAlgorithmIsReported() throws IOException {
        RecommenderModel real = cooc(false);
        TrainedModel fake = payload("no-such-algorithm", real, out -> out.writeInt(1));
        ModelMetadata meta = new ModelMetadata("no-such-algorithm", real.metadata().params(), 0, "test",
                real.metadata().created(), real.metadata().matrixOptions(), 0);
        RecommenderModel m = new RecommenderModel(fake, real.users(), real.items(), real.history(), real.catalog(),
                real.popularity(), meta);
        Path f = dir.resolve("fake.model");
        ModelFiles.save(m, f);
        assertThatThrownBy(() -> ModelFiles.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("no-such-algorithm").hasMessageContaining("popularity")
                .hasMessageContaining("item-cooccurrence");
    }

    @Test
    void saveReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("sub/dir/shop.model");
        ModelFiles.save(cooc(false), f);
        ModelFiles.save(cooc(false), f);
        try (var s = Files.list(f.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("shop.model");
        }
        assertThat(ModelFiles.load(f).numItems()).isEqualTo(8);
    }

    /** The start of a model file up to the user id count, as a 106-byte attack file had it. */
    private static byte[] headerWithUserIdCount(int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryModelOutput out = new BinaryModelOutput(bytes);
        out.writeBytes(new byte[] {(byte) 0x89, 'R', 'E', 'C', 'S', 'Y', 'S', '\n'});
        out.writeInt(ModelFiles.FORMAT_VERSION);
        out.writeString("popularity");
        out.writeInt(0);
        out.writeString("0.1.0");
        out.writeLong(1);
        out.writeLong(0);
        out.writeBytes("USER".getBytes(StandardCharsets.US_ASCII));
        out.writeBoolean(false);
        out.writeInt(count);
        for (int i = 0; i < 12; i++) {
            out.writeString("u" + i);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** {@code body}, the footer magic and the CRC32 of both. */
    static byte[] withFooter(byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(body.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(body).put("RECSYSEF".getBytes(StandardCharsets.US_ASCII));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, body.length + 8);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    @Test
    void fileWithoutFooterIsRefusedBeforeItsPayloadIsParsed() throws IOException {
        byte[] body = headerWithUserIdCount(Integer.MAX_VALUE);
        Path f = dir.resolve("nofooter.model");
        Files.write(f, body);
        assertThatThrownBy(() -> ModelFiles.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("without a valid footer").hasMessageContaining("ends after " + body.length);
    }

    @Test
    void countsAreCheckedAgainstTheBytesLeftBeforeAllocating() throws IOException {
        // a valid footer and checksum around an id count of 2^31-1 (was OutOfMemoryError)
        for (int count : new int[] {Integer.MAX_VALUE, 1 << 28, 1000}) {
            Path f = dir.resolve("count" + count + ".model");
            Files.write(f, withFooter(headerWithUserIdCount(count)));
            assertThatThrownBy(() -> ModelFiles.load(f)).as("count %d", count).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("truncated").hasMessageContaining(count + " user ids");
        }
    }

    @Test
    void nonFiniteModelsAreRefusedAtSaveAndNothingIsWritten() throws IOException {
        RecommenderModel real = cooc(false);
        TrainedModel diverged = payload("item-cooccurrence", real, out -> out.writeFloats(new float[] {0.5f, Float.NaN}));
        RecommenderModel m = new RecommenderModel(diverged, real.users(), real.items(), real.history(), real.catalog(),
                real.popularity(), real.metadata());
        Path f = dir.resolve("nan/diverged.model");
        assertThatThrownBy(() -> ModelFiles.save(m, f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("non-finite").hasMessageContaining("model payload of item-cooccurrence");
        try (var s = Files.list(f.getParent())) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void modelFilesGetTheProcessDefaultPermissionsNotOwnerOnly() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions are not supported on this file system");
        Path f = dir.resolve("perm.model");
        ModelFiles.save(cooc(false), f);
        // a plain file created the ordinary way gets the umask's permissions; the model the same
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(expected);
        Assumptions.assumeTrue(expected.contains(PosixFilePermission.GROUP_READ)
                || expected.contains(PosixFilePermission.OTHERS_READ), "the umask makes every file owner-only");
        assertThat(Files.getPosixFilePermissions(f)).isNotEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
