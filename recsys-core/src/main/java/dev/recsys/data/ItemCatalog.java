package dev.recsys.data;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Item attributes keyed by the dense item index of an {@link IdIndex}: category, brand and price,
 * plus any number of user-defined numeric and categorical attributes. Categorical values are
 * dictionary-encoded ({@link Dictionary}); a missing categorical value is code -1 and a missing
 * numeric value is reported by {@link #hasNumeric(String, int)} / {@link #hasPrice(int)} (callers
 * never see NaN from the getters with a default).
 *
 * <p>Thread safety: not thread-safe for writes; concurrent reads are safe when nobody writes.
 */
public final class ItemCatalog {
    /** Name of the built-in category attribute. */
    public static final String CATEGORY = "category";
    /** Name of the built-in brand attribute. */
    public static final String BRAND = "brand";
    /** Name of the built-in price attribute. */
    public static final String PRICE = "price";
    /**
     * Name of the categorical attribute that marks items of repeatable (consumable) categories:
     * value {@value #YES} for items a user may buy again, anything else (usually {@code no}) or
     * missing for the others. Scene ranking lets only these items repeat after a purchase.
     */
    public static final String REPEATABLE = "repeatable";
    /** The value of a yes/no categorical attribute such as {@link #REPEATABLE} that means yes. */
    public static final String YES = "yes";
    /** The value of a yes/no categorical attribute such as {@link #REPEATABLE} that means no. */
    public static final String NO = "no";

    private final IdIndex items;
    private final Map<String, Categorical> categorical = new LinkedHashMap<>();
    private final Map<String, Numeric> numeric = new LinkedHashMap<>();

    /** An empty catalogue over {@code items} (the index may grow later). */
    public ItemCatalog(IdIndex items) {
        if (items == null) {
            throw new IllegalArgumentException("items must not be null");
        }
        this.items = items;
        categorical.put(CATEGORY, new Categorical());
        categorical.put(BRAND, new Categorical());
        numeric.put(PRICE, new Numeric());
    }

    /** The item index this catalogue is keyed by. */
    public IdIndex items() {
        return items;
    }

    /** Sets a categorical attribute of an item (declaring the attribute on first use). */
    public void setCategorical(String attribute, int item, String value) {
        checkItem(item);
        categorical.computeIfAbsent(checkName(attribute), k -> new Categorical()).set(item, value);
    }

    /** Sets a numeric attribute of an item (declaring the attribute on first use). */
    public void setNumeric(String attribute, int item, float value) {
        checkItem(item);
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("attribute " + attribute + " of item " + items.idOf(item)
                    + " must be finite, got " + value);
        }
        numeric.computeIfAbsent(checkName(attribute), k -> new Numeric()).set(item, value);
    }

    /** Category code of an item, or -1. */
    public int category(int item) {
        return code(CATEGORY, item);
    }

    /** Brand code of an item, or -1. */
    public int brand(int item) {
        return code(BRAND, item);
    }

    /** Whether the item has a price. */
    public boolean hasPrice(int item) {
        return hasNumeric(PRICE, item);
    }

    /** Price of an item, or {@code dflt} if unknown. */
    public float price(int item, float dflt) {
        return numeric(PRICE, item, dflt);
    }

    /** Code of a categorical attribute for an item, or -1 if missing or undeclared. */
    public int code(String attribute, int item) {
        Categorical c = categorical.get(attribute);
        return c == null ? -1 : c.get(item);
    }

    /** The dictionary of a categorical attribute. */
    public Dictionary dictionary(String attribute) {
        Categorical c = categorical.get(attribute);
        if (c == null) {
            throw new IllegalArgumentException("unknown categorical attribute '" + attribute + "'; declared: " + categorical.keySet());
        }
        return c.dict;
    }

    /** Whether the item has a value for a numeric attribute. */
    public boolean hasNumeric(String attribute, int item) {
        Numeric n = numeric.get(attribute);
        return n != null && n.has(item);
    }

    /** Value of a numeric attribute for an item, or {@code dflt} if missing. */
    public float numeric(String attribute, int item, float dflt) {
        Numeric n = numeric.get(attribute);
        return n != null && n.has(item) ? n.values.getFloat(item) : dflt;
    }

    /** Declared categorical attribute names. */
    public List<String> categoricalAttributes() {
        return new ArrayList<>(categorical.keySet());
    }

    /** Declared numeric attribute names. */
    public List<String> numericAttributes() {
        return new ArrayList<>(numeric.keySet());
    }

    private void checkItem(int item) {
        if (item < 0 || item >= items.size()) {
            throw new IllegalArgumentException("item index " + item + " is not in the item index (size " + items.size() + ")");
        }
    }

    private static String checkName(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            throw new IllegalArgumentException("attribute name must not be blank");
        }
        return attribute;
    }

    /**
     * A string dictionary: value to dense code and back.
     *
     * <p>Thread safety: not thread-safe for writes.
     */
    public static final class Dictionary {
        private final IdIndex index = new IdIndex();

        /** Code of {@code value}, adding it if absent. */
        public int add(String value) {
            return index.add(value);
        }

        /** Code of {@code value}, or -1. */
        public int codeOf(String value) {
            return index.indexOf(value);
        }

        /** Value of {@code code}. */
        public String valueOf(int code) {
            return index.idOf(code);
        }

        /** Number of distinct values. */
        public int size() {
            return index.size();
        }
    }

    private static final class Categorical {
        final Dictionary dict = new Dictionary();
        final IntArrayList codes = new IntArrayList();

        void set(int item, String value) {
            while (codes.size() <= item) {
                codes.add(-1);
            }
            codes.set(item, value == null || value.isEmpty() ? -1 : dict.add(value));
        }

        int get(int item) {
            return item >= 0 && item < codes.size() ? codes.getInt(item) : -1;
        }
    }

    private static final class Numeric {
        final FloatArrayList values = new FloatArrayList();
        final java.util.BitSet present = new java.util.BitSet();

        void set(int item, float v) {
            while (values.size() <= item) {
                values.add(0f);
            }
            values.set(item, v);
            present.set(item);
        }

        boolean has(int item) {
            return item >= 0 && present.get(item);
        }
    }
}
