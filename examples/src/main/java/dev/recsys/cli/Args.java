package dev.recsys.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Minimal GNU-style option parser: {@code --name value}, {@code --name=value}, short {@code -k N},
 * repeatable options and boolean flags. Unknown options are usage errors.
 *
 * <p>Thread safety: not thread-safe.
 */
final class Args {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Set<String> flags;

    private Args(Set<String> flags) {
        this.flags = flags;
    }

    /**
     * Parses {@code argv}.
     *
     * @param argv    the arguments after the subcommand
     * @param options accepted option names with value (without dashes)
     * @param flags   accepted boolean flags (without dashes)
     * @param aliases short option to long name, e.g. "k" -> "k"
     * @throws UsageException for unknown options or missing values
     */
    static Args parse(String[] argv, Set<String> options, Set<String> flags, Map<String, String> aliases) {
        Args a = new Args(flags);
        for (int i = 0; i < argv.length; i++) {
            String s = argv[i];
            String name;
            String value = null;
            if (s.startsWith("--")) {
                name = s.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
            } else if (s.startsWith("-") && s.length() > 1) {
                name = aliases.getOrDefault(s.substring(1), s.substring(1));
            } else {
                throw new UsageException("unexpected argument '" + s + "'");
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                continue;
            }
            if (!options.contains(name)) {
                throw new UsageException("unknown option '" + s + "'");
            }
            if (value == null) {
                if (i + 1 >= argv.length) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = argv[++i];
            }
            a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return a;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return flags.contains(name) && values.containsKey(name);
    }

    String get(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    String get(String name, String dflt) {
        String v = get(name);
        return v == null ? dflt : v;
    }

    String required(String name) {
        String v = get(name);
        if (v == null) {
            throw new UsageException("missing required option --" + name);
        }
        return v;
    }

    int getInt(String name, int dflt) {
        String v = get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " must be an integer, got '" + v + "'");
        }
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Parses repeated {@code --param k=v} into a map. */
    Map<String, String> params(String name) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : all(name)) {
            for (String part : kv.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--" + name + " expects name=value, got '" + part + "'");
                }
                m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return m;
    }

    /** A usage error: printed as one line, exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
