package dev.recsys.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.Dataset;
import dev.recsys.eval.EvaluationOptions;
import dev.recsys.eval.Evaluator;
import dev.recsys.eval.split.Split;
import dev.recsys.eval.split.SplitProtocols;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered algorithm reports each epoch or iteration through {@link TrainingListener}
 * (the CLI's progress lines depend on it), and the evaluator reports its users. Small data, few
 * epochs; the examples module has every algorithm module on the class path.
 */
class TrainingListenerContractTest {
    /**
     * Per algorithm: small parameters, the stages reported once per step and their total number of
     * steps (-1: as the trainer says, e.g. blocks of items).
     */
    private record Case(Map<String, String> params, Set<String> stages, int total) {
        Case(Map<String, String> params, String stage, int total) {
            this(params, Set.of(stage), total);
        }
    }

    private static final Map<String, Case> CASES = Map.ofEntries(
            Map.entry("als", new Case(Map.of("factors", "4", "iterations", "3"), "iteration", 3)),
            Map.entry("ials", new Case(Map.of("factors", "4", "iterations", "3"), "iteration", 3)),
            Map.entry("biased-mf", new Case(Map.of("factors", "4", "epochs", "3", "validation-fraction", "0"), "epoch", 3)),
            Map.entry("svdpp", new Case(Map.of("factors", "4", "epochs", "3", "validation-fraction", "0"), "epoch", 3)),
            Map.entry("bpr", new Case(Map.of("factors", "4", "epochs", "3"), "epoch", 3)),
            // the blocked inverse reports three passes over its block rows (one block row of 256 here)
            Map.entry("ease", new Case(Map.of(), "inverse", 3)),
            // the shared matrix, then one step per scene with enough events
            Map.entry("scene-ease", new Case(Map.of(), "matrices", -1)),
            Map.entry("scene-ials", new Case(Map.of("factors", "4", "iterations", "3"), "iteration", 3)),
            Map.entry("cdae", new Case(Map.of("hidden", "8", "epochs", "3", "negatives", "2"), "epoch", 3)),
            Map.entry("mult-vae", new Case(Map.of("hidden", "16", "latent", "4", "epochs", "3"), "epoch", 3)),
            Map.entry("item-attribute-ae", new Case(Map.of("hidden", "16", "latent", "4", "epochs", "3", "code", "4",
                    "attribute-epochs", "2"), "epoch", 3)),
            // its second network, the attribute autoencoder, reports each of its epochs too
            Map.entry("item-attribute-ae/attributes", new Case(Map.of("hidden", "16", "latent", "4", "epochs", "2",
                    "code", "4", "attribute-epochs", "5"), "attribute-epoch", 5)),
            Map.entry("neumf", new Case(Map.of("factors", "4", "epochs", "3"), "epoch", 3)),
            Map.entry("scene-star", new Case(Map.of("factors", "4", "epochs", "2", "finetune-epochs", "2"), "epoch", 4)),
            Map.entry("item-cooccurrence", new Case(Map.of("neighbors", "10"), "items", -1)),
            Map.entry("popularity", new Case(Map.of(), "items", 1)),
            Map.entry("vsknn", new Case(Map.of(), "sessions", 1)),
            Map.entry("sasrec", new Case(Map.of("factors", "8", "epochs", "3", "max-length", "10"), "epoch", 3)),
            Map.entry("gru4rec", new Case(Map.of("factors", "8", "epochs", "3", "max-length", "10"), "epoch", 3)));

    private static Dataset data;

    @BeforeAll
    static void shop() {
        data = SyntheticGenerator.generate(SyntheticConfig.defaults().toBuilder().users(120).items(80).seed(3).build())
                .dataset();
    }

    static Stream<String> algorithms() {
        return Algorithms.all().stream().map(Algorithm::name);
    }

    /** The registered algorithms and the extra cases of algorithms with a second training stage. */
    static Stream<String> cases() {
        return Stream.concat(algorithms(), CASES.keySet().stream().filter(k -> k.contains("/")).sorted());
    }

    /** One call as the listener saw it. */
    private record Call(String stage, int step, int total, Map<String, Double> metrics) {
    }

    private static final class Recording implements TrainingListener {
        final List<Call> calls = new ArrayList<>();

        @Override
        public synchronized void onProgress(String stage, int step, int total, Map<String, Double> metrics) {
            calls.add(new Call(stage, step, total, Map.copyOf(metrics)));
        }
    }

    @Test
    void everyRegisteredAlgorithmHasACase() {
        assertThat(CASES.keySet().stream().map(k -> k.split("/")[0]).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(algorithms().collect(Collectors.toList()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsEveryEpochOrIteration(String algorithm) {
        Case c = CASES.get(algorithm);
        assertThat(c).as("no case for " + algorithm).isNotNull();
        Recording rec = new Recording();
        Recommenders.train(data, algorithm.split("/")[0], c.params(), rec);
        List<Call> main = rec.calls.stream().filter(x -> c.stages().contains(x.stage())).toList();
        assertThat(main).as(algorithm + " calls " + rec.calls).isNotEmpty();
        int total = c.total() > 0 ? c.total() : main.get(0).total();
        assertThat(main).as(algorithm + " totals").allMatch(x -> x.total() == total);
        // one call per step, steps 1..total (multi-threaded stages may report out of order)
        assertThat(main.stream().map(Call::step).sorted().toList()).as(algorithm + " steps")
                .isEqualTo(IntStream.rangeClosed(1, total).boxed().toList());
        for (Call x : rec.calls) {
            assertThat(x.step()).isBetween(1, x.total() > 0 ? x.total() : Integer.MAX_VALUE);
            assertThat(x.metrics().values()).allMatch(v -> Double.isFinite(v));
        }
        if (c.stages().contains("epoch")) {
            // epoch-based trainers report a loss or a validation figure the CLI can show
            assertThat(main).allMatch(x -> !x.metrics().isEmpty(), "metrics on every epoch");
        }
    }

    @Test
    void evaluatorReportsItsUsersUpToTheTotal() {
        Split split = SplitProtocols.parse("per-user:0.25", 5).split(data.interactions()).get(0);
        RecommenderModel m = Recommenders.train(new Dataset(split.train(), data.catalog()), "popularity", Map.of(),
                TrainingListener.NONE);
        Recording rec = new Recording();
        Evaluator.of("ndcg@10", EvaluationOptions.builder().listener(rec).build())
                .evaluate(split.train(), split.test(), m.model());
        assertThat(rec.calls).isNotEmpty().allMatch(x -> x.stage().equals("users"));
        int total = rec.calls.get(0).total();
        assertThat(total).isPositive();
        assertThat(rec.calls.stream().mapToInt(Call::step).max().orElse(0)).isEqualTo(total);
    }
}
