package dev.recsys.cli;

import dev.recsys.data.Dataset;
import dev.recsys.data.io.SharedData;
import dev.recsys.eval.SceneComparison;
import dev.recsys.eval.SceneComparison.Entry;
import dev.recsys.eval.SceneComparison.Role;
import dev.recsys.eval.SceneData;
import dev.recsys.spi.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code recsys scene-compare}: the scene comparison protocol ({@link SceneComparison}) on MovieLens
 * 100K with scenes = user age groups, or on the synthetic shop with its planted scenes.
 */
final class SceneCompareCommand {
    private static final List<String> MODELS = List.of("scene-ease", "without-scenes", "per-scene", "ease", "ials",
            "scene-ials", "scene-star");
    static final String HELP = String.join("\n",
            "usage: recsys.jar scene-compare [--data synthetic|movielens] [--gen-seed G] [--seed N] [--repeat R] [--validate]",
            "                                [--model scene-ease] [--param k=v,...] [--models " + String.join(",", MODELS) + "]",
            "  splits each user's events 80/20 (per-user hold-out, seeds N..N+R-1; default N=1, R=5) and trains",
            "    scene-ease      the scene-aware model (--model, default scene-ease) on all training events",
            "    without-scenes  the same algorithm and parameters on all training events, scenes removed",
            "    per-scene       the same algorithm, one model per scene on that scene's training events",
            "    ease, ials      scene-blind models of the library (defaults), scenes removed",
            "    scene-ials      the scene-aware scene-ials (recsys-mf, defaults); --model scene-ials makes it the subject",
            "    scene-star      the scene-aware scene-star (recsys-nn, defaults); --model scene-star makes it the subject",
            "  and evaluates every (test user, scene) in its scene (training items excluded), with paired tests",
            "  of the scene-aware model against every other model and the best scene-blind one per scene.",
            "  --validate   evaluate on a 20% hold-out cut from the training part instead (tuning)",
            "  --param      parameters of the scene-aware model, e.g. mu=100,scene-weight=2",
            "  --models     which models (default scene-ease,without-scenes,per-scene,ease,ials)",
            "  --gen-seed   synthetic shop generator seed (default 42)",
            "  movielens scenes (u.user age): age-under-25 (<25), age-25-34, age-35-49, age-50-plus (>=50)");
    private final PrintStream out;
    private final TrainingListener progress;

    SceneCompareCommand(PrintStream out, TrainingListener progress) {
        this.out = out;
        this.progress = progress;
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, Set.of("data", "seed", "param", "repeat", "models", "model", "gen-seed"),
                Set.of("help", "validate"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        String data = a.get("data", "synthetic");
        long seed = parseLong(a.get("seed", "1"), "--seed");
        int repeat = (int) parseLong(a.get("repeat", "5"), "--repeat");
        if (repeat < 1 || repeat > 20) {
            throw new Args.UsageException("--repeat must be in 1..20, got " + repeat);
        }
        Map<String, String> extra = new HashMap<>();
        for (String kv : a.get("param", "").split(",")) {
            if (!kv.isBlank()) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    throw new Args.UsageException("--param entries must be key=value, got '" + kv + "'");
                }
                extra.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        String model = a.get("model", "scene-ease");
        List<Entry> entries = new ArrayList<>();
        for (String m : a.get("models", "scene-ease,without-scenes,per-scene,ease,ials").split(",")) {
            String name = m.trim();
            if (name.isEmpty()) {
                continue;
            }
            switch (name) {
                case "scene-ease" -> entries.add(new Entry(model, Role.SCENE_AWARE, model, extra));
                case "without-scenes" -> entries.add(new Entry("without-scenes", Role.WITHOUT_SCENES, model, extra));
                case "per-scene" -> entries.add(new Entry("per-scene", Role.PER_SCENE, model, extra));
                case "ease", "ials" -> entries.add(new Entry(name, Role.SCENE_BLIND, name, Map.of()));
                case "scene-ials", "scene-star" -> {
                    if (!model.equals(name)) { // with --model scene-star it is the subject already
                        entries.add(new Entry(name, Role.SCENE_AWARE, name, Map.of()));
                    }
                }
                default -> throw new Args.UsageException("--models entries must be among " + MODELS + ", got '" + m + "'");
            }
        }
        Dataset full;
        if (data.equals("synthetic")) {
            full = SceneData.syntheticShop(parseLong(a.get("gen-seed", "42"), "--gen-seed"));
        } else if (data.equals("movielens")) {
            Path dir = SharedData.dir().map(d -> d.resolve("ml-100k"))
                    .orElseThrow(() -> new Args.UsageException("../shared/data/ml-100k not found (set RECSYS_DATA_DIR)"));
            full = SceneData.movieLensAgeGroups(dir);
        } else {
            throw new Args.UsageException("--data must be synthetic or movielens, got '" + data + "'");
        }
        long t0 = System.nanoTime();
        SceneComparison.Report report = new SceneComparison(
                new SceneComparison.Options(repeat, seed, 0.2, a.flag("validate"), 10)).run(full, entries, progress);
        out.printf("data %s: %d events, %d users, %d items%n", data, full.interactions().size(),
                full.interactions().users().size(), full.interactions().items().size());
        out.print(SceneComparison.format(report));
        out.printf("%ntotal wall time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static long parseLong(String s, String what) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new Args.UsageException(what + " must be an integer, got '" + s + "'");
        }
    }
}
