package dev.recsys.nn.internal.session;

import static dev.recsys.nn.testing.GradCheck.check;
import static dev.recsys.nn.testing.GradCheck.denseGradient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.internal.optim.OptimizerConfig;
import dev.recsys.internal.sequence.Sequences;
import dev.recsys.nn.internal.layers.Parameter;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the whole session networks (embeddings, blocks or GRU, shared output
 * embeddings) under both losses, on two sequences of different lengths.
 */
class SessionNetworkGradientTest {
    private static final int[] IT = {1, 4, 2, 7, 3, 5, 0};
    private static final int[] BEH = {0, 3, 0, 5, 0, 1, 0};
    private static final int[] TGT = {4, 2, 9, 3, 5, 0, 8};
    private static final int[] ENDS = {3, 7};

    private static void checkNetwork(SessionNetwork.Kind kind, SessionTrainer.Loss loss) {
        checkNetwork(kind, loss, false);
    }

    private static void checkNetwork(SessionNetwork.Kind kind, SessionTrainer.Loss loss, boolean bias) {
        SessionNetwork net = new SessionNetwork(kind, 10, 8, 4, 1, 2, 0f, true, bias, 3L);
        if (bias) {
            float[] b = dev.recsys.nn.testing.GradCheck.uniform(10, 0.5, 17);
            System.arraycopy(b, 0, net.itemBias.value(), 0, 10);
        }
        Interactions log = new Interactions();
        log.add(Event.of("u", "a", Behavior.VIEW, 1));
        SessionTrainer tr = new SessionTrainer(net, Sequences.of(log, 4), 2, 5, loss, 0.5f,
                OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(1e-3f).build().create(), 1L);
        DoubleSupplier f = () -> {
            float[] h = net.encode(IT, BEH, ENDS, 2, false);
            net.itemEmb.rowGradient().clear();
            if (bias) {
                net.itemBias.rowGradient().clear();
            }
            return tr.lossAndGradient(h, TGT, 7, new float[7 * 8], new SplittableRandom(11));
        };
        float[] h = net.encode(IT, BEH, ENDS, 2, false);
        net.itemEmb.rowGradient().clear();
        if (bias) {
            net.itemBias.rowGradient().clear();
        }
        float[] dh = new float[7 * 8];
        tr.lossAndGradient(h, TGT, 7, dh, new SplittableRandom(11));
        net.backward(dh);
        int checked = 0;
        for (Parameter p : net.parameters()) {
            float[] g = denseGradient(p);
            if (p.name().endsWith(".k.b")) {
                continue; // softmax ignores a key bias: its gradient is 0 (checked in SequenceLayerGradientTest)
            }
            checked += check(kind + "." + p.name(), p.value(), p.size(), g, kind == SessionNetwork.Kind.SASREC ? 2e-3f : 1e-2f, 40, f);
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void sasrecWithSampledSoftmax() {
        checkNetwork(SessionNetwork.Kind.SASREC, SessionTrainer.Loss.SOFTMAX);
    }

    @Test
    void gru4recWithBprMax() {
        checkNetwork(SessionNetwork.Kind.GRU4REC, SessionTrainer.Loss.BPR_MAX);
    }

    @Test
    void withItemBiasUnderBothLosses() {
        checkNetwork(SessionNetwork.Kind.GRU4REC, SessionTrainer.Loss.BPR_MAX, true);
        checkNetwork(SessionNetwork.Kind.SASREC, SessionTrainer.Loss.SOFTMAX, true);
    }

    @Test
    void gru4recWithSampledSoftmax() {
        checkNetwork(SessionNetwork.Kind.GRU4REC, SessionTrainer.Loss.SOFTMAX);
    }
}
