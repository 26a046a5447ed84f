package dev.recsys.synth;

import dev.recsys.data.Dataset;
import dev.recsys.data.io.CsvWriter;
import java.nio.file.Path;

/**
 * A synthetic data set and the ground truth planted in it: each user's preferred categories and
 * brands and price level, the complementary category of each category, and which categories are
 * repeatable consumables. Users, items and codes are those of {@link #dataset()} (user index,
 * catalogue category and brand codes).
 *
 * <p>Thread safety: immutable after construction (the data set must not be modified if shared).
 */
public final class SyntheticData {
    private final SyntheticConfig config;
    private final Dataset dataset;
    private final int[][] tasteCategories;
    private final int[][] tasteBrands;
    private final float[] priceLevel;
    private final int[] complement;
    private final boolean[] repeatable;

    SyntheticData(SyntheticConfig config, Dataset dataset, int[][] tasteCategories, int[][] tasteBrands,
                  float[] priceLevel, int[] complement, boolean[] repeatable) {
        this.config = config;
        this.dataset = dataset;
        this.tasteCategories = tasteCategories;
        this.tasteBrands = tasteBrands;
        this.priceLevel = priceLevel;
        this.complement = complement;
        this.repeatable = repeatable;
    }

    /** The configuration that produced this data. */
    public SyntheticConfig config() {
        return config;
    }

    /**
     * The events and item catalogue (attributes {@code category}, {@code brand}, {@code price} and
     * {@code repeatable} = {@code yes}/{@code no}).
     */
    public Dataset dataset() {
        return dataset;
    }

    /** Category codes the user prefers, most preferred first (a copy). */
    public int[] tasteCategories(int user) {
        return tasteCategories[checkUser(user)].clone();
    }

    /** Brand codes the user prefers (a copy). */
    public int[] tasteBrands(int user) {
        return tasteBrands[checkUser(user)].clone();
    }

    /** The user's price level: preferred price relative to a category's median (1 = median). */
    public float priceLevel(int user) {
        return priceLevel[checkUser(user)];
    }

    /** The category whose items complement this category's (phone -&gt; phone-case), or -1. */
    public int complementCategory(int categoryCode) {
        return complement[checkCategory(categoryCode)];
    }

    /** Whether items of this category are consumables bought again and again. */
    public boolean isRepeatableCategory(int categoryCode) {
        return repeatable[checkCategory(categoryCode)];
    }

    /**
     * Writes the events and items as CSV ({@link CsvWriter} layouts), which
     * {@link dev.recsys.data.io.InteractionLoader} (format {@code csv}) and
     * {@link dev.recsys.data.io.ItemCatalogLoader#loadCsv} read back to the same data set.
     *
     * @param eventsFile file for {@code user,item,behavior,value,timestamp,scene}
     * @param itemsFile  file for {@code item,category,brand,price,repeatable}
     */
    public void writeCsv(Path eventsFile, Path itemsFile) {
        CsvWriter.writeEvents(dataset.interactions(), eventsFile);
        CsvWriter.writeItems(dataset.catalog(), itemsFile);
    }

    private int checkUser(int user) {
        if (user < 0 || user >= tasteCategories.length) {
            throw new IllegalArgumentException("user " + user + " is out of range 0.." + (tasteCategories.length - 1));
        }
        return user;
    }

    private int checkCategory(int c) {
        if (c < 0 || c >= complement.length) {
            throw new IllegalArgumentException("categoryCode " + c + " is out of range 0.." + (complement.length - 1));
        }
        return c;
    }
}
