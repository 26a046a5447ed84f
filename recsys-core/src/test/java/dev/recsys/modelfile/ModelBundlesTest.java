package dev.recsys.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.serving.SmallShop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sharded model bundles: written part by part, loaded by ModelFiles from the directory, damage refused. */
class ModelBundlesTest {
    @TempDir
    Path dir;

    /** A popularity model as a bundle: its payload split over two parts, every other stream in one part. */
    private static RecommenderModel writeBundle(Path dir) throws IOException {
        RecommenderModel m = Recommenders.train(SmallShop.dataset(), "popularity", Map.of(), null);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        BinaryModelOutput out = new BinaryModelOutput(payload);
        m.model().save(out);
        out.flush();
        byte[] p = payload.toByteArray();
        int half = p.length / 2;
        List<ModelBundles.Part> model = List.of(
                ModelBundles.writePart(dir, "model-0", java.util.Arrays.copyOfRange(p, 0, half)),
                ModelBundles.writePart(dir, "model-1", java.util.Arrays.copyOfRange(p, half, p.length)));
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
        return m;
    }

    @Test
    void loadsWhatWasWritten() throws IOException {
        RecommenderModel m = writeBundle(dir);
        RecommenderModel back = ModelFiles.load(dir);
        assertThat(ModelBundles.isBundle(dir)).isTrue();
        assertThat(back.numItems()).isEqualTo(m.numItems());
        assertThat(back.numUsers()).isEqualTo(m.numUsers());
        assertThat(back.popularity()).containsExactly(m.popularity());
        assertThat(back.metadata().params().asText()).isEqualTo(m.metadata().params().asText());
        assertThat(back.metadata().matrixOptions()).isEqualTo(m.metadata().matrixOptions());
        assertThat(back.history().nnz()).isZero();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        m.recommender().recommend(RecommendRequest.builder(Scene.HOME, 3).build()).forEach(r -> a.add(r.itemId()));
        back.recommender().recommend(RecommendRequest.builder(Scene.HOME, 3).build()).forEach(r -> b.add(r.itemId()));
        assertThat(b).isEqualTo(a).isNotEmpty();
    }

    @Test
    void refusesDamage() throws IOException {
        writeBundle(dir);
        Path part = dir.resolve("model-1");
        byte[] bytes = Files.readAllBytes(part);
        bytes[13] ^= 1;
        Files.write(part, bytes);
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model-1").hasMessageContaining("CRC32");
        Files.write(part, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated");
        Files.delete(part);
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing");
        Path manifest = dir.resolve(ModelBundles.MANIFEST);
        String text = Files.readString(manifest, StandardCharsets.UTF_8).replace("algorithm=popularity",
                "algorithm=popularitx");
        Files.writeString(manifest, text, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("corrupted").hasMessageContaining("checksum");
    }
}
