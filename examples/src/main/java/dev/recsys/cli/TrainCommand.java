package dev.recsys.cli;

import dev.recsys.data.Dataset;
import dev.recsys.data.io.DataFormat;
import dev.recsys.io.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** {@code recsys train}: trains a model on a data file and saves it. */
final class TrainCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar train --data FILE --format FMT --algo NAME [--param k=v]... --out MODEL",
            "  --data FILE      interaction file",
            "  --format FMT     " + String.join(" | ", DataFormat.names()),
            CliSupport.DATA_OPTIONS_HELP,
            "  --lenient        skip malformed lines (counted and reported) instead of failing",
            "  --algo NAME      algorithm (see 'algorithms')",
            "  --param k=v      algorithm parameter, repeatable",
            "  --out MODEL      model file to write");
    private final PrintStream out;
    private final TrainingListener progress;

    TrainCommand(PrintStream out, TrainingListener progress) {
        this.out = out;
        this.progress = progress;
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("data", "format", "columns", "behaviors", "algo", "param", "out"),
                Set.of("help", "lenient"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        DataFormat format = DataFormat.byName(a.required("format"));
        Path data = Path.of(a.required("data"));
        String algo = a.required("algo");
        Path model = Path.of(a.required("out"));
        Dataset ds = CliSupport.load(data, format, CliSupport.loadOptions(a, format), out);
        long t0 = System.nanoTime();
        RecommenderModel m = Recommenders.train(ds, algo, a.params("param"), progress);
        double secs = (System.nanoTime() - t0) / 1e9;
        ModelFiles.save(m, model);
        out.printf("trained %s on %d events (%d users, %d items) in %.2f s; saved %s%n", algo,
                ds.interactions().size(), m.numUsers(), m.numItems(), secs, model);
        return 0;
    }
}
