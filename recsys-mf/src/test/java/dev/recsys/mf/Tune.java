package dev.recsys.mf;

import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyper-parameter search on MovieLens 100K (a main class under src/test: never part of the test
 * run). Usage: {@code Tune <algorithm> <val|test> [folds=1,2,3,4,5] [key=v1,v2,...]...}; every
 * combination of the listed values is trained. {@code val}: on each fold, 20% of u{f}.base (seed
 * f) is held out and the model trained on the other 80% is scored on it; {@code test}: trained on
 * u{f}.base, scored on u{f}.test. Prints per-fold and mean figures.
 */
public final class Tune {
    private Tune() {
    }

    public static void main(String[] args) {
        Algorithm a = Algorithms.byName(args[0]);
        boolean test = args[1].equals("test");
        Path dir = MovieLens.dir().orElseThrow(() -> new IllegalStateException("ml-100k not found"));
        int[] folds = {1, 2, 3, 4, 5};
        Map<String, String[]> grid = new LinkedHashMap<>();
        for (int j = 2; j < args.length; j++) {
            String[] kv = args[j].split("=", 2);
            if (kv[0].equals("folds")) {
                String[] f = kv[1].split(",");
                folds = new int[f.length];
                for (int q = 0; q < f.length; q++) {
                    folds[q] = Integer.parseInt(f[q]);
                }
            } else {
                grid.put(kv[0], kv[1].split(","));
            }
        }
        MovieLens.Split[] splits = new MovieLens.Split[folds.length];
        for (int q = 0; q < folds.length; q++) {
            int f = folds[q];
            if (test) {
                splits[q] = MovieLens.fold(dir, f);
            } else {
                MovieLens.Raw[] tv = MovieLens.holdout(MovieLens.read(dir.resolve("u" + f + ".base")), 0.2, f);
                splits[q] = MovieLens.split(tv[0], tv[1]);
            }
        }
        boolean ranking = !a.explicit();
        for (Map<String, String> combo : combos(grid)) {
            Params p = Params.parse(a.params(), combo);
            double rm = 0;
            double pr = 0;
            double nd = 0;
            double secs = 0;
            StringBuilder per = new StringBuilder();
            for (int q = 0; q < folds.length; q++) {
                Harness.Result r = Harness.run(a, p, splits[q], ranking || Boolean.getBoolean("rank"));
                rm += r.rmse();
                pr += r.precision();
                nd += r.ndcg();
                secs += r.trainSeconds();
                per.append(String.format(" u%d[%s]", folds[q], r));
            }
            int n = folds.length;
            System.out.printf("%s %s %s mean rmse=%.4f P@10=%.4f NDCG@10=%.4f train=%.2fs |%s%n",
                    a.name(), test ? "TEST" : "VAL", combo, rm / n, pr / n, nd / n, secs / n, per);
        }
    }

    private static List<Map<String, String>> combos(Map<String, String[]> grid) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, String[]> e : grid.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> m : out) {
                for (String v : e.getValue()) {
                    Map<String, String> c = new LinkedHashMap<>(m);
                    c.put(e.getKey(), v);
                    next.add(c);
                }
            }
            out = next;
        }
        return out;
    }
}
