package dev.recsys.serving;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;

/**
 * A hand-made shop for tests: users u1..u7, items A..H.
 *
 * <pre>
 * u1: view A, view B, buy C          u4: view C, view D, view E
 * u2: view A, cart B, buy B          u5: view F, buy G
 * u3: view A, view B, view D         u6: view A
 * u7: view H, view A
 * </pre>
 * Categories: A, B, C shoes; D, E hats; F, G, H bags. Prices 10, 20, ... by item order.
 */
public final class SmallShop {
    /** Item ids in index order. */
    public static final String[] ITEMS = {"A", "B", "C", "D", "E", "F", "G", "H"};

    private SmallShop() {
    }

    /** The data set (string ids). */
    public static Dataset dataset() {
        return dataset("");
    }

    /**
     * The data set with numeric ids when {@code numeric} (users 1..7, items 101..108).
     */
    public static Dataset numericDataset() {
        return dataset("#");
    }

    private static Dataset dataset(String mode) {
        Interactions log = new Interactions();
        boolean num = mode.equals("#");
        // register items in a fixed order so indices are A=0 .. H=7
        for (String it : ITEMS) {
            log.items().add(item(it, num));
        }
        String[][] ev = {
            {"u1", "A", "view"}, {"u1", "B", "view"}, {"u1", "C", "buy"},
            {"u2", "A", "view"}, {"u2", "B", "cart"}, {"u2", "B", "buy"},
            {"u3", "A", "view"}, {"u3", "B", "view"}, {"u3", "D", "view"},
            {"u4", "C", "view"}, {"u4", "D", "view"}, {"u4", "E", "view"},
            {"u5", "F", "view"}, {"u5", "G", "buy"},
            {"u6", "A", "view"},
            {"u7", "H", "view"}, {"u7", "A", "view"},
        };
        long t = 1_700_000_000L;
        for (String[] e : ev) {
            log.add(Event.of(user(e[0], num), item(e[1], num), Behavior.parse(e[2]), t));
            t += 3600;
        }
        ItemCatalog cat = new ItemCatalog(log.items());
        String[] category = {"shoes", "shoes", "shoes", "hats", "hats", "bags", "bags", "bags"};
        for (int i = 0; i < ITEMS.length; i++) {
            int idx = log.items().indexOf(item(ITEMS[i], num));
            cat.setCategorical(ItemCatalog.CATEGORY, idx, category[i]);
            if (i != 7) {
                cat.setNumeric(ItemCatalog.PRICE, idx, 10f * (i + 1));
            }
        }
        cat.setCategorical("color", 0, "red");
        return new Dataset(log, cat);
    }

    /** External user id in the numeric variant. */
    public static String user(String u, boolean numeric) {
        return numeric ? u.substring(1) : u;
    }

    /** External item id in the numeric variant. */
    public static String item(String i, boolean numeric) {
        return numeric ? Integer.toString(101 + (i.charAt(0) - 'A')) : i;
    }
}
