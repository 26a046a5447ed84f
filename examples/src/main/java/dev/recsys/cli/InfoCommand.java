package dev.recsys.cli;

import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.ModelMetadata;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.spi.FactorModel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code recsys info}: loads a model file or bundle (checksums verified) and prints what it holds:
 * algorithm, parameters, seed, library version and date of training, users, items, training
 * history, factors and the serving form (storage, approximate-search index).
 */
final class InfoCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar info --model FILE_OR_BUNDLE",
            "loads the model (verifying its checksums) and prints what it holds: algorithm, parameters, seed,",
            "library version and date of training, users, items, training events, factors, serving form");
    private final PrintStream out;

    InfoCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("model"), Set.of("help"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        Path file = Path.of(a.required("model"));
        RecommenderModel m = ModelFiles.load(file);
        ModelMetadata md = m.metadata();
        out.println("model:      " + CliSupport.printable(file.toString()) + " (" + bytes(file) + " bytes)");
        out.println("algorithm:  " + md.algorithm());
        out.println("parameters: " + md.params());
        out.println("seed:       " + md.seed());
        out.println("trained:    " + md.created() + " with recsys " + md.libraryVersion());
        out.println("users:      " + m.numUsers());
        out.println("items:      " + m.numItems());
        out.println("history:    " + m.history().nnz() + " user-item entries");
        if (m.model() instanceof FactorModel fm) {
            out.println("factors:    " + fm.factors());
        }
        out.println("serving:    " + m.servingOptions().map(Object::toString).orElse("float, exact scoring"));
        return 0;
    }

    /** Size of a file, or of every file in a bundle directory. */
    private static long bytes(Path p) throws java.io.IOException {
        if (!Files.isDirectory(p)) {
            return Files.size(p);
        }
        long sum = 0;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                sum += Files.size(f);
            }
        }
        return sum;
    }
}
