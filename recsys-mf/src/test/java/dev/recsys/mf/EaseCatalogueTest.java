package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EASE's catalogue is the items with training interactions; the others are not scored. */
class EaseCatalogueTest {
    private static final int USERS = 40;
    private static final int ITEMS = 20;

    /** Two clusters of ten items; with cold items (in the dictionary, never interacted with) when asked. */
    private static TrainingData data(boolean cold) {
        Interactions log = new Interactions();
        if (cold) {
            log.items().add("cold-first");
        }
        int[] item = new int[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            item[i] = log.items().add("i" + i);
            if (cold && i == 7) {
                log.items().add("cold-middle");
            }
        }
        if (cold) {
            log.items().add("cold-last");
        }
        for (int u = 0; u < USERS; u++) {
            int user = log.users().add("u" + u);
            int base = (u % 2) * 10;
            for (int k = 0; k < 5; k++) {
                log.add(user, item[base + (u + 3 * k) % 10], Behavior.VIEW, 1f, 1000L + k, Interactions.NO_SCENE);
            }
        }
        return new TrainingData(Dataset.of(log), MatrixOptions.implicitDefaults());
    }

    private static EaseModel train(TrainingData d, List<String> stages) {
        Ease e = new Ease();
        return e.train(d, Params.parse(e.params(), Map.of("lambda", "5")), (stage, step, total, m) -> {
            synchronized (stages) {
                stages.add(stage);
            }
        });
    }

    @Test
    void itemsWithoutTrainingInteractionsStayOutOfTheModel() throws IOException {
        TrainingData withCold = data(true);
        List<String> stages = new ArrayList<>();
        EaseModel m = train(withCold, stages);
        EaseModel plain = train(data(false), new ArrayList<>());
        assertThat(m.numItems()).isEqualTo(ITEMS + 3);
        assertThat(m.catalogueSize()).isEqualTo(ITEMS);
        assertThat(stages).contains("gram", "inverse");
        int coldFirst = withCold.dataset().interactions().items().indexOf("cold-first");
        int coldMiddle = withCold.dataset().interactions().items().indexOf("cold-middle");
        // the same Gram matrix, hence the same weights, as without the cold items
        for (int i = 0; i < ITEMS; i++) {
            int gi = withCold.dataset().interactions().items().indexOf("i" + i);
            for (int j = 0; j < ITEMS; j++) {
                int gj = withCold.dataset().interactions().items().indexOf("i" + j);
                assertThat(m.weight(gi, gj)).isEqualTo(plain.weight(i, j));
            }
            assertThat(m.weight(gi, coldMiddle)).isZero();
        }
        int first = withCold.dataset().interactions().items().indexOf("i0");
        float[] s = new float[m.numItems()];
        assertThat(m.score(new Query(-1, new int[] {first, coldFirst}, new float[] {1, 1}, -1, null, Scene.HOME), s))
                .isTrue();
        for (int it = 0; it < s.length; it++) {
            boolean isCold = withCold.dataset().interactions().items().idOf(it).startsWith("cold");
            assertThat(Float.isFinite(s[it])).as("item " + it).isEqualTo(!isCold);
        }
        // a history of cold items only: nothing to say
        assertThat(m.score(new Query(-1, new int[] {coldMiddle}, new float[] {1}, -1, null, Scene.HOME), s)).isFalse();
        // the catalogue survives a save and load
        EaseModel back = (EaseModel) new Ease().load(new MemoryModelIo.In(MemoryModelIo.bytes(m)), m.params());
        assertThat(back.catalogueSize()).isEqualTo(ITEMS);
        assertThat(MemoryModelIo.bytes(back)).isEqualTo(MemoryModelIo.bytes(m));
    }
}
