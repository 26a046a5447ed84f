package dev.recsys.data;

import java.util.Locale;

/**
 * The optional parts of a data set that only some consumers read, so that a column given and not
 * used is a warning, not silence. {@link Dataset#fields()} says which a data set has,
 * {@link dev.recsys.spi.Algorithm#reads(dev.recsys.spi.Params)} which an algorithm reads in training,
 * and {@link Dataset#unusedFields(java.util.Set, String)} words one warning for each field present
 * and not read.
 *
 * <p>Who reads what: the scene of events is read by the scene-aware algorithms (scene-ials,
 * scene-ease, scene-star with {@code scenes=true}) and by the evaluator's per-scene units; item
 * categories by the serving path (the model's catalogue: category filters, diversity, similar
 * items), the item-attribute models and the {@code ild-category} metric; basket ids only by the
 * basket protocol and session ids only by the session protocol of recsys-eval (training never
 * reads them). User, item, behaviour, value and time are not listed: every model reads them (the
 * behaviour through its weight and the value through the value transform, whose own warnings are
 * {@link MatrixOptions#warnings(Interactions)}; the time through trending and time splits).
 *
 * <p>Thread safety: immutable.
 */
public enum DataField {
    /** Scene of events ({@link Interactions#sceneCode(int)}). */
    SCENE("the scene column", "scene-aware algorithms (scene-ials, scene-ease, scene-star) and evaluate's per-scene"
            + " scoring read it"),
    /** Item category ({@link ItemCatalog#CATEGORY} in the catalogue). */
    CATEGORY("the category column", "the serving path (recommend: category filters and diversity, similar"
            + " items), item-attribute models and the ild-category metric read it"),
    /** Basket (order) id of events ({@link Interactions#basket(int)}). */
    BASKET("the basket id column", "only the basket protocol reads it (evaluate --protocol basket, BasketProtocol):"
            + " training never does"),
    /** Session id of events ({@link Interactions#session(int)}). */
    SESSION("the session id column", "only the session protocol reads it (evaluate --protocol session,"
            + " SessionProtocol): training never does");

    private final String label;
    private final String readers;

    DataField(String label, String readers) {
        this.label = label;
        this.readers = readers;
    }

    /** Lower-case name, e.g. {@code basket}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How the field is named in warnings, e.g. {@code the basket id column}. */
    public String label() {
        return label;
    }

    /** Who reads the field, for warnings. */
    public String readers() {
        return readers;
    }
}
