package dev.recsys.bench.session;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.internal.sequence.Sequences;
import dev.recsys.nn.Gru4Rec;
import dev.recsys.nn.SasRec;
import dev.recsys.nn.internal.session.SessionModel;
import dev.recsys.nn.internal.session.SessionNetwork;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.SequenceModel;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The next-item answer of a session model for a visitor with a 50-event session over 100,000
 * items (target: at most 2 ms), one thread:
 * <ul>
 *   <li>{@code scoreSequence}: {@link SequenceModel#scoreSequence} alone (encode the 50 steps, score
 *       every item);</li>
 *   <li>{@code recommend}: {@code SceneEngine.recommend} of a scene "sequence, history excluded",
 *       top 10, for a visitor whose 50 events were recorded (what a shop page waits for).</li>
 * </ul>
 * The network has the default shape (64 factors, max length 50; SASRec 2 blocks, 1 head) with
 * initial weights: the cost does not depend on the values.
 *
 * <p>Thread safety: JMH state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class SessionNextItemBenchmark {
    static final Scene NEXT = Scene.of("next");

    /** Number of items. */
    @Param({"100000"})
    public int items;

    /** {@code sasrec}, {@code gru4rec} or {@code vsknn}. */
    @Param({"sasrec", "gru4rec", "vsknn"})
    public String model;

    private SceneEngine engine;
    private SequenceModel seq;
    private int[] sessionItems;
    private int[] sessionBehaviors;

    /** Builds the catalogue, the model and a visitor with 50 recorded events. */
    @Setup(Level.Trial)
    public void setup() {
        Dataset data = SyntheticGenerator.generate(SyntheticConfig.builder().users(20_000).items(items).categories(200)
                .brands(300).days(30).meanSessionsPerUser(3).seed(42).build()).dataset();
        RecommenderModel m = model.equals("vsknn") ? Recommenders.train(data, "vsknn", Map.of(), TrainingListener.NONE)
                : Recommenders.train(data, new Untrained(model), null, null, 0, TrainingListener.NONE);
        seq = (SequenceModel) m.model();
        engine = SceneEngine.builder(m).scene(NEXT, SceneConfig.builder().source("sequence", 1).exclude("history").build())
                .build();
        sessionItems = new int[50];
        sessionBehaviors = new int[50];
        for (int j = 0; j < 50; j++) {
            int i = (j * 7919) % m.numItems();
            sessionItems[j] = i;
            sessionBehaviors[j] = j % 10 == 9 ? Behavior.ADD_TO_CART.ordinal() : Behavior.VIEW.ordinal();
            engine.record(Event.of("visitor", m.items().idOf(i), Behavior.values()[sessionBehaviors[j]], 1_000_000L + j));
        }
    }

    /** Encode 50 steps and score every item. */
    @Benchmark
    public float[] scoreSequence() {
        float[] out = new float[seq.numItems()];
        seq.scoreSequence(-1, sessionItems, sessionBehaviors, out);
        return out;
    }

    /** The scene engine's top 10 from the sequence. */
    @Benchmark
    public List<Recommendation> recommend() {
        return engine.recommend("visitor", NEXT, 10);
    }

    /** A session network of the algorithm's default shape with its initial weights (no training). */
    static final class Untrained implements Algorithm {
        private final String name;

        Untrained(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "untrained " + name + " (benchmark)";
        }

        @Override
        public List<ParamSpec> params() {
            return name.equals(SasRec.NAME) ? new SasRec().params() : new Gru4Rec().params();
        }

        @Override
        public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
            SessionNetwork.Kind kind = name.equals(SasRec.NAME) ? SessionNetwork.Kind.SASREC : SessionNetwork.Kind.GRU4REC;
            SessionNetwork net = new SessionNetwork(kind, data.numItems(), params.getInt("factors"),
                    params.getInt("max-length"), kind == SessionNetwork.Kind.SASREC ? params.getInt("blocks") : 1,
                    kind == SessionNetwork.Kind.SASREC ? params.getInt("heads") : 1, 0f, true, params.getBoolean("item-bias"), 42L);
            return new SessionModel(name, params, net, Sequences.of(data.dataset().interactions(), 50));
        }

        @Override
        public TrainedModel load(ModelInput in, Params params) {
            throw new UnsupportedOperationException("benchmark model");
        }
    }
}
