package dev.recsys.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds {@link Algorithm} providers by name through {@link ServiceLoader}.
 *
 * <p>Thread safety: thread-safe.
 */
public final class Algorithms {
    private Algorithms() {
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
     * @throws IllegalArgumentException listing the available names if there is none
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
        throw new IllegalArgumentException("unknown algorithm '" + name + "'; available: "
                + all.stream().map(Algorithm::name).collect(Collectors.joining(", ")));
    }
}
