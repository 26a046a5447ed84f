package dev.recsys.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validated parameter values for one algorithm: every declared parameter has a value (given or
 * default), and no undeclared name is accepted.
 *
 * <p>Thread safety: immutable.
 */
public final class Params {
    private final List<ParamSpec> specs;
    private final Map<String, Object> values;

    private Params(List<ParamSpec> specs, Map<String, Object> values) {
        this.specs = List.copyOf(specs);
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Validates {@code given} (name to text) against {@code specs}, filling defaults.
     *
     * @throws IllegalArgumentException for an unknown name (listing the valid ones) or a bad value
     */
    public static Params parse(List<ParamSpec> specs, Map<String, String> given) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            v.put(s.name(), s.parse(s.defaultValue()));
        }
        if (given != null) {
            for (Map.Entry<String, String> e : given.entrySet()) {
                ParamSpec s = find(specs, e.getKey());
                if (s == null) {
                    throw new IllegalArgumentException("unknown parameter '" + e.getKey() + "'; valid parameters: "
                            + specs.stream().map(p -> p.name() + " (" + p.rangeText() + ", default " + p.defaultValue() + ")")
                                    .collect(Collectors.joining(", ")));
                }
                v.put(s.name(), s.parse(e.getValue()));
            }
        }
        return new Params(specs, v);
    }

    /** All defaults. */
    public static Params defaults(List<ParamSpec> specs) {
        return parse(specs, Map.of());
    }

    /** A copy with some values replaced (validated). */
    public Params with(Map<String, String> changes) {
        Map<String, String> all = new LinkedHashMap<>(asText());
        all.putAll(changes);
        return parse(specs, all);
    }

    private static ParamSpec find(List<ParamSpec> specs, String name) {
        for (ParamSpec s : specs) {
            if (s.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return s;
            }
        }
        return null;
    }

    private Object get(String name, Class<?> type) {
        Object o = values.get(name);
        if (o == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; declared: " + values.keySet());
        }
        if (!type.isInstance(o)) {
            throw new IllegalArgumentException("parameter " + name + " is a " + o.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return o;
    }

    /** Integer value. */
    public int getInt(String name) {
        return (Integer) get(name, Integer.class);
    }

    /** Long value. */
    public long getLong(String name) {
        return (Long) get(name, Long.class);
    }

    /** Double value. */
    public double getDouble(String name) {
        return (Double) get(name, Double.class);
    }

    /** Float value of a double parameter. */
    public float getFloat(String name) {
        return (float) getDouble(name);
    }

    /** Boolean value. */
    public boolean getBoolean(String name) {
        return (Boolean) get(name, Boolean.class);
    }

    /** Choice value (lower case). */
    public String getChoice(String name) {
        return (String) get(name, String.class);
    }

    /** The declarations. */
    public List<ParamSpec> specs() {
        return specs;
    }

    /** All values as text, in declaration order (what is written into model files and JSON). */
    public Map<String, String> asText() {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, o) -> m.put(k, String.valueOf(o)));
        return m;
    }

    @Override
    public String toString() {
        return asText().toString();
    }
}
