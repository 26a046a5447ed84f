package dev.recsys.data.io;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The interaction file formats {@link InteractionLoader} reads, each with a stable lower-case name
 * for command lines and configuration files.
 *
 * <p>Thread safety: immutable.
 */
public enum DataFormat {
    /** MovieLens 100K {@code u.data}: {@code user TAB item TAB rating TAB seconds}, no header; behaviour RATING. */
    MOVIELENS("movielens", "MovieLens 100K u.data: user<TAB>item<TAB>rating<TAB>seconds"),
    /** MovieLens 1M/10M {@code ratings.dat}: {@code user::item::rating::seconds}; behaviour RATING. */
    MOVIELENS_DAT("movielens-dat", "MovieLens 1M/10M ratings.dat: user::item::rating::seconds"),
    /**
     * MovieLens {@code ratings.csv} with header {@code userId,movieId,rating,timestamp} (columns
     * found by name); behaviour RATING.
     */
    MOVIELENS_CSV("movielens-csv", "MovieLens ratings.csv with header userId,movieId,rating,timestamp"),
    /**
     * Taobao UserBehavior: {@code user,item,category,behavior,seconds}, no header; behaviours
     * pv/cart/fav/buy; the category goes to the item catalogue ({@code category} attribute).
     */
    TAOBAO("taobao", "Taobao UserBehavior: user,item,category,pv|cart|fav|buy,seconds (no header)"),
    /**
     * RetailRocket {@code events.csv} with header {@code timestamp,visitorid,event,itemid,transactionid};
     * time stamps in milliseconds (stored as seconds); events view/addtocart/transaction.
     */
    RETAILROCKET("retailrocket", "RetailRocket events.csv: timestamp(ms),visitorid,event,itemid,transactionid"),
    /**
     * Generic delimited text described by a {@link ColumnMapping}; by default the header
     * {@code user,item,behavior,value,timestamp,scene} the synthetic generator writes.
     */
    CSV("csv", "generic delimited file described by a column mapping (default header user,item,behavior,value,timestamp,scene)");

    private final String formatName;
    private final String description;

    DataFormat(String formatName, String description) {
        this.formatName = formatName;
        this.description = description;
    }

    /** The stable lower-case name, e.g. {@code movielens-csv}. */
    public String formatName() {
        return formatName;
    }

    /** A one-line description of the layout, for help texts. */
    public String description() {
        return description;
    }

    /** All format names in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(DataFormat::formatName).collect(Collectors.toList());
    }

    /**
     * The format with this name (case-insensitive, surrounding blanks ignored; '_' accepted for '-').
     *
     * @throws IllegalArgumentException naming the valid names if {@code name} is unknown
     */
    public static DataFormat byName(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (DataFormat f : values()) {
                if (f.formatName.equals(n)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("unknown data format '" + name + "'; valid formats: "
                + String.join(", ", names()));
    }

    @Override
    public String toString() {
        return formatName;
    }
}
