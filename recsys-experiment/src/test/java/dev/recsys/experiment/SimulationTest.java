package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticData;
import dev.recsys.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator proofs at a small size (the full-size figures come from {@code recsys experiment simulate}). */
class SimulationTest {
    static SyntheticData data;
    static ShopSimulator sim;
    static ShopSimulator.Ranking popular;
    static ShopSimulator.Ranking tasteful;

    @BeforeAll
    static void shop() {
        data = SyntheticGenerator.generate(SyntheticConfig.builder().users(800).items(500).days(30).seed(3).build());
        sim = new ShopSimulator(data, 10, 5);
        RecommenderModel pop = Recommenders.train(data.dataset(), "popularity", Map.of(), null);
        popular = sim.ranking("popularity", pop.recommender());
        // a ranker that knows the planted first taste: the most popular items of that category
        int[][] lists = new int[sim.users()][];
        float[] popScore = pop.popularity();
        var catalog = data.dataset().catalog();
        int[] byPop = java.util.stream.IntStream.range(0, popScore.length).boxed()
                .sorted((x, y) -> Float.compare(popScore[y], popScore[x]))
                .mapToInt(i -> catalog.items().indexOf(pop.items().idOf(i))).toArray();
        for (int u = 0; u < sim.users(); u++) {
            int cat = data.tasteCategories(u)[0];
            lists[u] = java.util.Arrays.stream(byPop).filter(i -> catalog.category(i) == cat).limit(10).toArray();
        }
        tasteful = sim.ranking("taste", lists);
    }

    @Test
    void aaExperimentsWithDailyPeekingKeepFalsePositivesAtMostFivePercent() {
        int runs = 150;
        int[] msprt = new int[Metric.values().length];
        int naivePeeking = 0;
        for (int s = 0; s < runs; s++) {
            ShopSimulator.AbOutcome o = sim.runAb(popular, popular, 400, 7, s, SequentialTest.msprt(), null, 0);
            for (Metric m : Metric.values()) {
                msprt[m.ordinal()] += o.last().get(m.ordinal()).alwaysValidP() < 0.05 ? 1 : 0;
            }
            boolean any = false;
            for (List<Comparison> look : o.looks()) {
                any |= look.get(Metric.CTR.ordinal()).pValue() < 0.05;
            }
            naivePeeking += any ? 1 : 0;
        }
        for (Metric m : Metric.values()) {
            assertThat(msprt[m.ordinal()] / (double) runs).as(m.label()).isLessThanOrEqualTo(0.05);
        }
        // the reason for the sequential test: peeking at the fixed-horizon p-value daily inflates errors
        assertThat(naivePeeking / (double) runs).isGreaterThan(0.06);
    }

    @Test
    void aRankerThatKnowsTheTastesWinsTheAbTestAndTheInterleaving() {
        assertThat(sim.trueCtr(tasteful, 7)).isGreaterThan(sim.trueCtr(popular, 7));
        ShopSimulator.AbOutcome o = sim.runAb(popular, tasteful, 2000, 7, 1, SequentialTest.msprt(), null, 0);
        Comparison ctr = o.last().get(Metric.CTR.ordinal());
        assertThat(ctr.alwaysValidP()).isLessThan(0.05);
        assertThat(ctr.difference()).isPositive();
        Interleaving.Result il = sim.runInterleaving(popular, tasteful, 300, 7, 1, null, 0);
        assertThat(il.winner(0.05)).isEqualTo("B");
    }

    @Test
    void aSimulatedLogReadsBackToTheSameDecisions(@TempDir Path dir) {
        Path f = dir.resolve("sim.csv");
        ShopSimulator.AbOutcome direct;
        Interleaving.Result il;
        try (EventLog log = EventLog.open(f)) {
            direct = sim.runAb(popular, tasteful, 600, 5, 9, SequentialTest.msprt(), log, 1_700_000_000L);
            il = sim.runInterleaving(popular, tasteful, 200, 5, 9, log, 1_700_000_000L);
        }
        List<ExperimentResult> results = ExperimentAnalysis.defaults()
                .with(Experiment.builder("sim").variant("A", 1).variant("B", 1).build()).analyze(f);
        assertThat(results).hasSize(2);
        ExperimentResult ab = results.get(0);
        assertThat(ab.control()).isEqualTo("A");
        assertThat(ab.days()).isEqualTo(5);
        assertThat(ab.sampleRatio().mismatch()).isFalse();
        Comparison fromLog = ab.comparisons().get("B").get(Metric.CTR.ordinal());
        Comparison sim = direct.last().get(Metric.CTR.ordinal());
        assertThat(fromLog.difference()).isCloseTo(sim.difference(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(fromLog.pValue()).isCloseTo(sim.pValue(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(results.get(1).interleaving()).isEqualTo(il);
        String text = ExperimentReport.text(results);
        assertThat(text).contains("experiment sim:", "interleaving: 200 units");
        assertThat(ExperimentReport.html("sim", results)).contains("<h2>sim</h2>", "Interleaving");
    }
}
