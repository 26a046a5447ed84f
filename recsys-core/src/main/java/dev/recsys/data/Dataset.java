package dev.recsys.data;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An interaction log together with its item catalogue (which may be empty).
 *
 * @param interactions the events
 * @param catalog      item attributes keyed by {@code interactions.items()}
 *
 * <p>Thread safety: as thread-safe as its parts (read-only sharing is safe).
 */
public record Dataset(Interactions interactions, ItemCatalog catalog) {
    /** Validates that the catalogue uses the log's item index. */
    public Dataset {
        if (interactions == null) {
            throw new IllegalArgumentException("interactions must not be null");
        }
        if (catalog == null) {
            catalog = new ItemCatalog(interactions.items());
        } else if (catalog.items() != interactions.items()) {
            throw new IllegalArgumentException("catalog must be keyed by the interactions' item index");
        }
    }

    /** A data set with an empty catalogue. */
    public static Dataset of(Interactions interactions) {
        return new Dataset(interactions, null);
    }

    /**
     * The optional fields this data set has: {@link DataField#SCENE} if an event has a scene,
     * {@link DataField#CATEGORY} if the catalogue names an item category, {@link DataField#BASKET} and
     * {@link DataField#SESSION} if the log has a basket or session column. One pass over the scenes.
     */
    public Set<DataField> fields() {
        EnumSet<DataField> out = EnumSet.noneOf(DataField.class);
        Interactions log = interactions;
        if (!log.scenes().isEmpty()) {
            for (int e = 0, n = log.size(); e < n; e++) {
                if (log.sceneCode(e) != Interactions.NO_SCENE) {
                    out.add(DataField.SCENE);
                    break;
                }
            }
        }
        if (catalog.dictionary(ItemCatalog.CATEGORY).size() > 0) {
            out.add(DataField.CATEGORY);
        }
        if (log.hasBaskets()) {
            out.add(DataField.BASKET);
        }
        if (log.hasSessions()) {
            out.add(DataField.SESSION);
        }
        return out;
    }

    /**
     * One warning for each optional field this data set has ({@link #fields()}) that {@code reader}
     * does not read, e.g. {@code the basket id column (1,204 baskets) is not read by ials
     * (training and evaluate): only the basket protocol reads it ...}; empty if every field present
     * is read. Library callers log these; the command line prints them as {@code warning:} lines.
     *
     * @param read   the fields the consumer reads (e.g. {@link dev.recsys.spi.Algorithm#reads} plus
     *               what the evaluation protocol reads)
     * @param reader the consumer, for the message (e.g. {@code ials with --protocol per-user:0.25})
     * @throws IllegalArgumentException if an argument is null
     */
    public List<String> unusedFields(Set<DataField> read, String reader) {
        if (read == null || reader == null) {
            throw new IllegalArgumentException("read and reader must not be null");
        }
        List<String> out = new ArrayList<>();
        for (DataField f : fields()) {
            if (!read.contains(f)) {
                out.add(f.label() + " (" + count(f) + ") is not used by " + reader + "; " + f.readers());
            }
        }
        return out;
    }

    private String count(DataField f) {
        switch (f) {
            case SCENE:
                return interactions.scenes().size() + " scenes";
            case CATEGORY:
                return catalog.dictionary(ItemCatalog.CATEGORY).size() + " categories";
            case BASKET:
                return interactions.basketCount() + " basket ids";
            case SESSION:
                return interactions.sessionCount() + " session ids";
            default:
                throw new AssertionError(f);
        }
    }
}
