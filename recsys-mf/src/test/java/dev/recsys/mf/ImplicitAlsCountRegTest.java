package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ials} with {@code reg-mode=count} (weighted lambda, as MLlib's ALS): a row's L2 weight is
 * {@code reg} times its number of entries; training, fold-in and save/load agree on that meaning.
 */
class ImplicitAlsCountRegTest {
    private static final int USERS = 200;
    private static final int ITEMS = 100;
    private static final TrainingData DATA = Synthetic.implicit(USERS, ITEMS, 4, 20, 11);

    private static ImplicitFactorModel train(Map<String, String> p) {
        ImplicitAls a = new ImplicitAls();
        return a.train(DATA, Params.parse(a.params(), p), TrainingListener.NONE);
    }

    private static float[] values(InteractionMatrix m, int u) {
        return Arrays.copyOfRange(m.values(), m.rowPtr()[u], m.rowPtr()[u + 1]);
    }

    @Test
    void choleskyTrainingEndsWithTheCountScaledFoldInOfEveryUser() {
        ImplicitFactorModel m = train(Map.of("factors", "12", "solver", "cholesky", "iterations", "4",
                "reg", "0.5", "reg-mode", "count"));
        InteractionMatrix hist = DATA.matrix();
        for (int u = 0; u < USERS; u++) {
            float[] folded = m.foldIn(hist.rowColumns(u), values(hist, u));
            float[] trained = m.userVector(u);
            for (int f = 0; f < folded.length; f++) {
                assertThat(folded[f]).as("user %d", u).isCloseTo(trained[f], within(1e-5f + 1e-4f * Math.abs(trained[f])));
            }
        }
        // saved and loaded (parameters as the model file keeps them): the same fold-in
        ImplicitAls a = new ImplicitAls();
        ImplicitFactorModel back;
        try {
            back = (ImplicitFactorModel) a.load(new MemoryModelIo.In(MemoryModelIo.bytes(m)), m.params());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        int[] items = hist.rowColumns(3);
        assertThat(back.foldIn(items, values(hist, 3))).isEqualTo(m.foldIn(items, values(hist, 3)));
    }

    @Test
    void theDefaultStaysFixed() {
        // leaving reg-mode out gives the very same model as reg-mode=fixed
        assertThat(MemoryModelIo.bytes(train(Map.of("factors", "8", "iterations", "2"))))
                .isEqualTo(MemoryModelIo.bytes(train(Map.of("factors", "8", "iterations", "2", "reg-mode", "fixed"))));
        assertThat(MemoryModelIo.bytes(train(Map.of("factors", "8", "iterations", "2", "reg-mode", "count"))))
                .isNotEqualTo(MemoryModelIo.bytes(train(Map.of("factors", "8", "iterations", "2"))));
        assertThat(new ImplicitAls().params().stream().filter(s -> s.name().equals("reg-mode")).findFirst()
                .orElseThrow().defaultValue()).isEqualTo("fixed");
    }

    @Test
    void regModeIsValidatedAndSceneIalsDoesNotOfferIt() {
        assertThatThrownBy(() -> Params.parse(new ImplicitAls().params(), Map.of("reg-mode", "weighted")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reg-mode");
        assertThat(new SceneIals().params()).noneMatch(s -> s.name().equals("reg-mode"));
    }
}
