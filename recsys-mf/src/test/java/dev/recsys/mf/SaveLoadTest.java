package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Save/load round trips through an in-memory ModelOutput/ModelInput. */
class SaveLoadTest {

    @Test
    void everyModelRoundTripsExactly() throws IOException {
        TrainingData ratings = Synthetic.ratings(60, 50, 0.3, 3).train();
        TrainingData implicit = Synthetic.implicit(80, 40, 4, 10, 5);
        Object[][] cases = {
            {new BiasedMf(), ratings, Map.of("factors", "6", "epochs", "5")},
            {new SvdPlusPlus(), ratings, Map.of("factors", "6", "epochs", "5")},
            {new Als(), ratings, Map.of("factors", "6", "iterations", "3")},
            {new ImplicitAls(), implicit, Map.of("factors", "6", "iterations", "3")},
            {new Bpr(), implicit, Map.of("factors", "6", "epochs", "3")},
            {new Ease(), implicit, Map.of("lambda", "5")},
        };
        for (Object[] c : cases) {
            Algorithm a = (Algorithm) c[0];
            TrainingData d = (TrainingData) c[1];
            Params p = Params.parse(a.params(), (Map<String, String>) c[2]);
            TrainedModel m = a.train(d, p, TrainingListener.NONE);
            byte[] bytes = MemoryModelIo.bytes(m);
            TrainedModel back = a.load(new MemoryModelIo.In(bytes), p);
            assertThat(back.algorithm()).isEqualTo(a.name());
            assertThat(back.params().asText()).isEqualTo(p.asText());
            assertThat(back.numItems()).isEqualTo(m.numItems());
            assertThat(MemoryModelIo.bytes(back)).as(a.name()).isEqualTo(bytes);
            InteractionMatrix h = d.matrix();
            for (int u = 0; u < 5; u++) {
                float[] w = Arrays.copyOfRange(h.values(), h.rowPtr()[u], h.rowPtr()[u + 1]);
                float[] s1 = new float[m.numItems()];
                float[] s2 = new float[m.numItems()];
                // known user, and the same history as an unknown user (fold-in path)
                for (int user : new int[] {u, -1}) {
                    Query q = new Query(user, h.rowColumns(u), w, -1, null, Scene.HOME);
                    assertThat(m.score(q, s1)).isEqualTo(back.score(q, s2));
                    assertThat(s2).as(a.name()).isEqualTo(s1);
                }
                if (m.predictsRatings()) {
                    assertThat(back.predict(u, 1)).isEqualTo(m.predict(u, 1));
                }
                if (m instanceof FactorModel f) {
                    assertThat(((FactorModel) back).userVector(u)).isEqualTo(f.userVector(u));
                }
            }
        }
    }

    @Test
    void truncatedOrForeignPayloadsAreRejected() {
        TrainingData implicit = Synthetic.implicit(40, 20, 2, 5, 5);
        Algorithm a = new ImplicitAls();
        Params p = Params.parse(a.params(), Map.of("factors", "4", "iterations", "1"));
        byte[] bytes = MemoryModelIo.bytes(a.train(implicit, p, TrainingListener.NONE));
        assertThatThrownBy(() -> a.load(new MemoryModelIo.In(Arrays.copyOf(bytes, bytes.length / 2)), p))
                .isInstanceOf(IOException.class);
        Algorithm other = new BiasedMf();
        assertThatThrownBy(() -> other.load(new MemoryModelIo.In(bytes), Params.defaults(other.params())))
                .isInstanceOf(IOException.class).hasMessageContaining("biased-factors");
    }

    @Test
    void everyFactorModelRefusesZeroFactorsOnLoad() {
        TrainingData ratings = Synthetic.ratings(30, 20, 0.3, 3).train();
        TrainingData implicit = Synthetic.implicit(40, 20, 2, 5, 5);
        Object[][] cases = {
            {new BiasedMf(), ratings, Map.of("factors", "3", "epochs", "2")},
            {new SvdPlusPlus(), ratings, Map.of("factors", "3", "epochs", "2")},
            {new Als(), ratings, Map.of("factors", "3", "iterations", "1")},
            {new ImplicitAls(), implicit, Map.of("factors", "3", "iterations", "1")},
            {new Bpr(), implicit, Map.of("factors", "3", "epochs", "1")},
        };
        for (Object[] c : cases) {
            Algorithm a = (Algorithm) c[0];
            Params p = Params.parse(a.params(), (Map<String, String>) c[2]);
            byte[] bytes = MemoryModelIo.bytes(a.train((TrainingData) c[1], p, TrainingListener.NONE));
            // payload: tag (int length + UTF-8 bytes), version (int), then factors (int)
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            int factorsAt = 4 + b.getInt(0) + 4;
            assertThat(b.getInt(factorsAt)).as(a.name()).isEqualTo(3);
            b.putInt(factorsAt, 0);
            assertThatThrownBy(() -> a.load(new MemoryModelIo.In(bytes), p)).as(a.name())
                    .isInstanceOf(IOException.class).hasMessageContaining("factors must be > 0");
        }
    }
}
