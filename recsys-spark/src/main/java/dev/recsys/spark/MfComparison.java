package dev.recsys.spark;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.mf.internal.BiasedMfTrainer;
import dev.recsys.spark.internal.Entry;
import dev.recsys.spark.internal.RatingRuns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Distributed against single-machine {@code biased-mf} with the same parameters on the same
 * ratings ({@code SparkMain compare-mf} and the tests): RMSE on test ratings whose user and item are
 * in the training data (predictions clamped to the training range, as served), epochs and seconds
 * per epoch (first to last progress call over the epochs between, validation and refit epochs alike).
 *
 * <p>Thread safety: immutable record.
 *
 * @param distributedRmse            RMSE of the distributed model
 * @param singleRmse                 RMSE of the single-machine model
 * @param rated                      test ratings evaluated
 * @param distributedEpochs          epochs the distributed run trained (validation and refit)
 * @param singleEpochs               epochs the single-machine run trained
 * @param distributedSecondsPerEpoch seconds per epoch, distributed
 * @param singleSecondsPerEpoch      seconds per epoch, single machine
 * @param distributedSeconds         whole distributed training
 * @param singleSeconds              whole single-machine training (from the collected matrix)
 * @param factors                    the distributed model
 */
record MfComparison(double distributedRmse, double singleRmse, int rated, int distributedEpochs, int singleEpochs,
                    double distributedSecondsPerEpoch, double singleSecondsPerEpoch, double distributedSeconds,
                    double singleSeconds, BiasedMfFactors factors) {

    /** Trains both on {@code train} and evaluates on the entries of {@code test} (own dictionaries). */
    static MfComparison run(SparkSession spark, SparkInteractions train, SparkInteractions test,
                            DistributedBiasedMf dist, int blocks) {
        List<Long> ds = new ArrayList<>();
        long t0 = System.nanoTime();
        BiasedMfFactors f = dist.train(train, (stage, done, total, m) -> ds.add(System.nanoTime()));
        double dTotal = (System.nanoTime() - t0) / 1e9;

        InteractionMatrix m = RatingRuns.matrix(train.entries().collect(), train.numUsers(), train.numItems());
        List<Long> ss = new ArrayList<>();
        long t1 = System.nanoTime();
        BiasedMfTrainer.Result r = new BiasedMfTrainer(RatingRuns.config(dist.params()))
                .train(m, (stage, done, total, mm) -> ss.add(System.nanoTime()));
        double sTotal = (System.nanoTime() - t1) / 1e9;

        Map<Object, Integer> userIdx = index(train.users());
        Map<Object, Integer> itemIdx = index(train.items());
        Map<Integer, Object> testUserIds = ids(test.users());
        Map<Integer, Object> testItemIds = ids(test.items());
        List<Entry> te = test.entries().collect();
        int[] tu = new int[te.size()];
        int[] ti = new int[te.size()];
        float[] tr = new float[te.size()];
        for (int q = 0; q < te.size(); q++) {
            tu[q] = userIdx.getOrDefault(testUserIds.get(te.get(q).user()), -1);
            ti[q] = itemIdx.getOrDefault(testItemIds.get(te.get(q).item()), -1);
            tr[q] = te.get(q).weight();
        }
        int k = f.factors();
        double[] d = RatingRuns.rmse(f.globalMean(), f.collectUserBiases(), f.collectItemBiases(), f.collectUsers(),
                f.collectItems(), k, f.minRating(), f.maxRating(), tu, ti, tr);
        double[] s = RatingRuns.rmse(r.mu(), r.userBias(), r.itemBias(), r.userFactors(), r.itemFactors(), k,
                r.minRating(), r.maxRating(), tu, ti, tr);
        return new MfComparison(d[0], s[0], (int) d[1], ds.size(), ss.size(), perEpoch(ds), perEpoch(ss), dTotal, sTotal,
                f);
    }

    private static double perEpoch(List<Long> stamps) {
        if (stamps.size() < 2) {
            return Double.NaN;
        }
        return (stamps.get(stamps.size() - 1) - stamps.get(0)) / 1e9 / (stamps.size() - 1);
    }

    private static Map<Object, Integer> index(Dataset<Row> dictionary) {
        Map<Object, Integer> out = new HashMap<>();
        for (Row row : dictionary.select("id", "idx").collectAsList()) {
            out.put(row.get(0), row.getInt(1));
        }
        return out;
    }

    private static Map<Integer, Object> ids(Dataset<Row> dictionary) {
        Map<Integer, Object> out = new HashMap<>();
        for (Row row : dictionary.select("id", "idx").collectAsList()) {
            out.put(row.getInt(1), row.get(0));
        }
        return out;
    }
}
