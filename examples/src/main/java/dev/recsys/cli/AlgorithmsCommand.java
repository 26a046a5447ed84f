package dev.recsys.cli;

import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.ParamSpec;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/** {@code recsys algorithms}: lists algorithm names and parameters. */
final class AlgorithmsCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar algorithms",
            "lists every algorithm found on the class path with its parameters, ranges and defaults");
    private final PrintStream out;

    AlgorithmsCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, Set.of(), Set.of("help"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        for (Algorithm alg : Algorithms.all()) {
            out.printf("%s%s - %s%n", alg.name(), alg.explicit() ? " (explicit ratings)" : "", alg.description());
            for (ParamSpec p : alg.params()) {
                out.printf("    %-22s %s, default %s. %s%n", p.name(), p.rangeText(), p.defaultValue(), p.description());
            }
        }
        return 0;
    }
}
