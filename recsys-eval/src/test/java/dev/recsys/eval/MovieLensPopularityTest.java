package dev.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.eval.output.ConsoleTable;
import dev.recsys.eval.output.CsvOutput;
import dev.recsys.eval.output.JsonOutput;
import dev.recsys.eval.split.Split;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the most-popular baseline on the MovieLens 100K u1..u5 folds. Skips when the shared
 * data folder is absent. Writes per-fold rankings, per-user values and JSON to
 * {@code target/ml100k-popularity/} for {@code scripts/check_metrics.py}.
 */
class MovieLensPopularityTest {

    /** Score = number of training users of the item (MovieLens has one rating per pair). */
    static final class MostPopular implements TrainedModel {
        private final float[] counts;

        MostPopular(Interactions train, int numItems) {
            InteractionMatrix byItem = MatrixBuilder.build(train, MatrixOptions.binary()).transpose();
            counts = new float[numItems];
            for (int i = 0; i < Math.min(numItems, byItem.rows()); i++) {
                counts[i] = byItem.rowLength(i);
            }
        }

        @Override
        public String algorithm() {
            return "most-popular";
        }

        @Override
        public Params params() {
            return Params.defaults(List.of());
        }

        @Override
        public int numItems() {
            return counts.length;
        }

        @Override
        public boolean score(Query query, float[] out) {
            System.arraycopy(counts, 0, out, 0, counts.length);
            return true;
        }

        @Override
        public void save(ModelOutput out) {
            throw new UnsupportedOperationException();
        }
    }

    /** Private lookup of ../shared/data (SharedData is not on this branch yet). */
    static Optional<Path> sharedData() {
        for (String v : new String[] {System.getProperty("recsys.data.dir"), System.getenv("RECSYS_DATA_DIR")}) {
            if (v != null && !v.isBlank() && Files.isDirectory(Path.of(v))) {
                return Optional.of(Path.of(v));
            }
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve("data");
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Reads {@code user TAB item TAB rating TAB time} lines into {@code log}. */
    static void readTsv(Path file, Interactions log) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 4) {
                    throw new IOException(file + ":" + no + ": expected 4 tab-separated fields, got " + f.length);
                }
                int u = log.users().add(f[0].trim());
                int i = log.items().add(f[1].trim());
                log.add(u, i, Behavior.RATING, Float.parseFloat(f[2].trim()), Long.parseLong(f[3].trim()), Interactions.NO_SCENE);
            }
        }
    }

    static Split fold(Path dir, String name) throws IOException {
        Interactions train = new Interactions(new IdIndex(), new IdIndex(), 90_000);
        readTsv(dir.resolve(name + ".base"), train);
        Interactions test = new Interactions(train.users(), train.items(), 20_000);
        readTsv(dir.resolve(name + ".test"), test);
        return Split.predefined(train, test, name + ".base/" + name + ".test");
    }

    @Test
    void mostPopularOnU1ToU5() throws IOException {
        Optional<Path> data = sharedData().map(d -> d.resolve("ml-100k")).filter(Files::isDirectory);
        Assumptions.assumeTrue(data.isPresent(), "MovieLens 100K not found (../shared/data/ml-100k); skipping the acceptance run");
        Path out = Path.of("target", "ml100k-popularity");
        Files.createDirectories(out);
        double p = 0;
        double r = 0;
        double n = 0;
        List<EvaluationResult> results = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (int f = 1; f <= 5; f++) {
            String name = "u" + f;
            Split s = fold(data.get(), name);
            MostPopular model = new MostPopular(s.train(), s.train().items().size());
            EvaluationOptions o = EvaluationOptions.builder().splitDescription(s.description()).build();
            EvaluationResult res = Evaluator.of("precision@10,recall@10,ndcg@10,map@10,hitrate@10,auc,coverage@10,novelty@10", o)
                    .evaluate(s.train(), s.test(), model);
            assertThat(res.usersEvaluated()).isBetween(400, 943);
            assertThat(res.perScene().keySet()).containsExactly(Scene.HOME.name());
            p += res.metric("precision@10");
            r += res.metric("recall@10");
            n += res.metric("ndcg@10");
            results.add(res.withAlgorithm("most-popular " + name, java.util.Map.of()));
            CsvOutput.writeRankings(out.resolve(name + "-rankings.csv"), res);
            CsvOutput.writePerUser(out.resolve(name + "-per-user.csv"), res);
            Files.writeString(out.resolve(name + ".json"), JsonOutput.toJson(res));
            report.append(String.format(Locale.ROOT, "%s: P@10 %.4f R@10 %.4f NDCG@10 %.4f users %d eval %.3f s%n", name,
                    res.metric("precision@10"), res.metric("recall@10"), res.metric("ndcg@10"), res.usersEvaluated(),
                    res.evalSeconds()));
        }
        for (String name : new String[] {"ua", "ub"}) {
            Split s = fold(data.get(), name);
            EvaluationResult res = Evaluator.of("precision@10,recall@10,ndcg@10", EvaluationOptions.builder()
                    .splitDescription(s.description()).build()).evaluate(s.train(), s.test(), new MostPopular(s.train(), s.train().items().size()));
            assertThat(res.usersEvaluated()).isEqualTo(943);
            report.append(String.format(Locale.ROOT, "%s: P@10 %.4f R@10 %.4f NDCG@10 %.4f users %d%n", name,
                    res.metric("precision@10"), res.metric("recall@10"), res.metric("ndcg@10"), res.usersEvaluated()));
        }
        // the documented switches on fold u1: training items kept, rating threshold 4, sampled 100 negatives
        Split u1 = fold(data.get(), "u1");
        MostPopular pop = new MostPopular(u1.train(), u1.train().items().size());
        String m = "precision@10,recall@10,ndcg@10,hitrate@10";
        EvaluationOptions.Builder base = EvaluationOptions.builder().splitDescription(u1.description());
        EvaluationResult dflt = Evaluator.of(m, base.build()).evaluate(u1.train(), u1.test(), pop);
        EvaluationResult kept = Evaluator.of(m, base.excludeTrainingItems(false).build()).evaluate(u1.train(), u1.test(), pop);
        EvaluationResult thr = Evaluator.of(m, base.excludeTrainingItems(true).relevanceThreshold(4).build())
                .evaluate(u1.train(), u1.test(), pop);
        EvaluationResult smp = Evaluator.of(m, base.noRelevanceThreshold().sampledNegatives(100).build())
                .evaluate(u1.train(), u1.test(), pop);
        assertThat(kept.metric("precision@10")).isLessThan(dflt.metric("precision@10"));
        assertThat(thr.usersEvaluated()).isLessThan(dflt.usersEvaluated());
        assertThat(smp.sampled()).isTrue();
        assertThat(smp.metric("hitrate@10")).isNotEqualTo(dflt.metric("hitrate@10"));
        report.append("u1 variants:\n").append(ConsoleTable.format(List.of(dflt.withAlgorithm("default", java.util.Map.of()),
                kept.withAlgorithm("training items kept", java.util.Map.of()), thr.withAlgorithm("rating >= 4", java.util.Map.of()),
                smp.withAlgorithm("sampled 100", java.util.Map.of()))));
        p /= 5;
        r /= 5;
        n /= 5;
        report.append(String.format(Locale.ROOT, "mean over u1..u5: P@10 %.4f R@10 %.4f NDCG@10 %.4f (LibRec most-popular: P@10 0.222, NDCG@10 0.251)%n", p, r, n));
        report.append(ConsoleTable.format(results));
        Files.writeString(out.resolve("summary.txt"), report.toString());
        System.out.print(report);
        // near the published LibRec figures for the same folds
        assertThat(p).isCloseTo(0.222, within(0.03));
        assertThat(n).isCloseTo(0.251, within(0.04));
    }
}
