package dev.recsys.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds {@link Algorithm} providers by name through {@link ServiceLoader}. The library's own
 * algorithms live in several modules; asking for one whose module is not on the class path gives an
 * error naming the module to add.
 *
 * <p>Thread safety: thread-safe.
 */
public final class Algorithms {
    /** The Maven group id of the recsys modules. */
    public static final String GROUP_ID = "dev.recsys";

    /** Standard algorithm name -> the artifact id of the module that provides it. */
    private static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("popularity", "recsys-core"),
            Map.entry("item-cooccurrence", "recsys-core"),
            Map.entry("vsknn", "recsys-core"),
            Map.entry("biased-mf", "recsys-mf"),
            Map.entry("svdpp", "recsys-mf"),
            Map.entry("als", "recsys-mf"),
            Map.entry("ials", "recsys-mf"),
            Map.entry("bpr", "recsys-mf"),
            Map.entry("ease", "recsys-mf"),
            Map.entry("scene-ease", "recsys-mf"),
            Map.entry("scene-ials", "recsys-mf"),
            Map.entry("neumf", "recsys-nn"),
            Map.entry("cdae", "recsys-nn"),
            Map.entry("mult-vae", "recsys-nn"),
            Map.entry("item-attribute-ae", "recsys-nn"),
            Map.entry("scene-star", "recsys-nn"),
            Map.entry("sasrec", "recsys-nn"),
            Map.entry("gru4rec", "recsys-nn"));

    private Algorithms() {
    }

    /**
     * The artifact id of the recsys module that provides a standard algorithm, whether or not it is
     * on the class path.
     *
     * @param name algorithm name (case-insensitive, surrounding blanks ignored); may be null
     * @return e.g. {@code recsys-mf} for {@code ials}; empty for a name the library does not ship
     */
    public static Optional<String> moduleOf(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(MODULES.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** Every provider on the class path, sorted by name. */
    public static List<Algorithm> all() {
        List<Algorithm> out = new ArrayList<>();
        ServiceLoader.load(Algorithm.class, Algorithms.class.getClassLoader()).forEach(out::add);
        out.sort(Comparator.comparing(Algorithm::name));
        return out;
    }

    /**
     * The provider named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException listing the available names if there is none, and naming
     *                                  the module to add when the name is a standard algorithm
     *                                  whose module is not on the class path
     */
    public static Algorithm byName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("algorithm name must not be null");
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        List<Algorithm> all = all();
        for (Algorithm a : all) {
            if (a.name().equals(n)) {
                return a;
            }
        }
        String available = all.stream().map(Algorithm::name).collect(Collectors.joining(", "));
        Optional<String> module = moduleOf(n);
        if (module.isPresent()) {
            throw new IllegalArgumentException("unknown algorithm '" + name + "'; it is in module " + module.get()
                    + " (add " + GROUP_ID + ":" + module.get() + " to the class path); available: " + available);
        }
        throw new IllegalArgumentException("unknown algorithm '" + name + "'; available: " + available);
    }
}
