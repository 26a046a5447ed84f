package dev.recsys.spi;

import java.util.List;
import java.util.Locale;

/**
 * Declares one typed algorithm parameter: its name, type, default and valid range.
 *
 * @param name         lower-case, hyphenated or camel-case name, e.g. {@code factors}
 * @param type         value type
 * @param defaultValue default value as text (parsed with the same rules as user input)
 * @param min          inclusive minimum for numeric types (ignored otherwise)
 * @param max          inclusive maximum for numeric types (ignored otherwise)
 * @param choices      allowed values for {@link Type#CHOICE} (empty otherwise)
 * @param description  one line for {@code recsys algorithms}
 *
 * <p>Thread safety: immutable.
 */
public record ParamSpec(String name, Type type, String defaultValue, double min, double max,
                        List<String> choices, String description) {

    /** Parameter value types. */
    public enum Type {
        /** 32-bit integer. */
        INT,
        /** 64-bit integer (seeds). */
        LONG,
        /** Floating point. */
        DOUBLE,
        /** true/false. */
        BOOLEAN,
        /** One of {@link ParamSpec#choices()}. */
        CHOICE
    }

    /**
     * Validates the declaration itself (including that the default is a valid value).
     *
     * @throws IllegalArgumentException naming the parameter if the declaration is inconsistent
     */
    public ParamSpec(String name, Type type, String defaultValue, double min, double max,
                     List<String> choices, String description) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must not be blank");
        }
        if (type == null) {
            throw new IllegalArgumentException("type of parameter " + name + " must not be null");
        }
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (type == Type.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice parameter " + name + " needs choices");
        }
        if (min > max) {
            throw new IllegalArgumentException("parameter " + name + ": min " + min + " > max " + max);
        }
        description = description == null ? "" : description;
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.choices = choices;
        this.description = description;
        parse(defaultValue); // the default must itself be valid (fields are assigned first: parse reads them)
    }

    /** An integer parameter. */
    public static ParamSpec ofInt(String name, int def, int min, int max, String description) {
        return new ParamSpec(name, Type.INT, Integer.toString(def), min, max, List.of(), description);
    }

    /** A long parameter (seeds). */
    public static ParamSpec ofLong(String name, long def, String description) {
        return new ParamSpec(name, Type.LONG, Long.toString(def), -Double.MAX_VALUE, Double.MAX_VALUE, List.of(), description);
    }

    /** A floating-point parameter. */
    public static ParamSpec ofDouble(String name, double def, double min, double max, String description) {
        return new ParamSpec(name, Type.DOUBLE, Double.toString(def), min, max, List.of(), description);
    }

    /** A boolean parameter. */
    public static ParamSpec ofBoolean(String name, boolean def, String description) {
        return new ParamSpec(name, Type.BOOLEAN, Boolean.toString(def), 0, 0, List.of(), description);
    }

    /** A parameter taking one of a fixed set of values; the first is not implied to be the default. */
    public static ParamSpec ofChoice(String name, String def, List<String> choices, String description) {
        return new ParamSpec(name, Type.CHOICE, def, 0, 0, choices, description);
    }

    /**
     * Parses and validates a value given as text.
     *
     * @return an Integer, Long, Double, Boolean or String
     * @throws IllegalArgumentException naming the parameter and the valid range or choices
     */
    public Object parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("parameter " + name + " needs a value (" + rangeText() + ")");
        }
        String t = text.trim();
        try {
            switch (type) {
                case INT: {
                    int v = Integer.parseInt(t);
                    checkRange(v, t);
                    return v;
                }
                case LONG: {
                    return Long.parseLong(t);
                }
                case DOUBLE: {
                    double v = Double.parseDouble(t);
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("parameter " + name + " must be finite, got " + text);
                    }
                    checkRange(v, t);
                    return v;
                }
                case BOOLEAN: {
                    String l = t.toLowerCase(Locale.ROOT);
                    if (l.equals("true") || l.equals("false")) {
                        return Boolean.parseBoolean(l);
                    }
                    throw new IllegalArgumentException("parameter " + name + " must be true or false, got '" + text + "'");
                }
                default: {
                    String l = t.toLowerCase(Locale.ROOT);
                    if (!choices.contains(l)) {
                        throw new IllegalArgumentException("parameter " + name + " must be one of " + choices + ", got '" + text + "'");
                    }
                    return l;
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " must be " + rangeText() + ", got '" + text + "'", e);
        }
    }

    private void checkRange(double v, String text) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("parameter " + name + " must be " + rangeText() + ", got " + text);
        }
    }

    /** Human-readable type and range, e.g. {@code an integer in [1, 1024]}. */
    public String rangeText() {
        switch (type) {
            case INT:
                return "an integer in [" + (long) min + ", " + (long) max + "]";
            case LONG:
                return "a 64-bit integer";
            case DOUBLE:
                return "a number in [" + min + ", " + max + "]";
            case BOOLEAN:
                return "true or false";
            default:
                return "one of " + choices;
        }
    }
}
