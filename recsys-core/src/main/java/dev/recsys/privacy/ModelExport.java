package dev.recsys.privacy;

import dev.recsys.data.IdIndex;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves models that travel, with the choice about raw user ids made visible: a model file holds
 * the model's user index (and history rows keyed by it), so a model trained on raw ids carries
 * them. {@link #save} with {@link UserIds#PSEUDONYMOUS_ONLY} refuses such a model; saving it
 * anyway takes {@link UserIds#RAW_ALLOWED}, which is logged as a warning. (The plain
 * {@link ModelFiles#save} writes whatever the model holds.)
 *
 * <p>Thread safety: stateless and thread-safe.
 */
public final class ModelExport {
    private static final Logger LOG = LoggerFactory.getLogger(ModelExport.class);

    /** What a saved model may hold as user ids. Thread safety: immutable. */
    public enum UserIds {
        /** Only {@link Pseudonyms pseudonyms} (and the tombstones of forgotten users). */
        PSEUDONYMOUS_ONLY,
        /** Raw user ids too: the application accepts that the file identifies its users. */
        RAW_ALLOWED
    }

    private ModelExport() {
    }

    /** Number of the model's user ids that are neither pseudonyms nor tombstones of forgotten users. */
    public static int rawUserIds(RecommenderModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        IdIndex users = model.users();
        int n = 0;
        for (int u = 0; u < users.size(); u++) {
            String id = users.idOf(u);
            if (!Pseudonyms.isPseudonym(id) && !(users.isNumeric() ? isNumericTombstone(users, u)
                    : id.startsWith(Forgetting.TOMBSTONE))) {
                n++;
            }
        }
        return n;
    }

    private static boolean isNumericTombstone(IdIndex users, int u) {
        return users.numericIdOf(u) < Long.MIN_VALUE / 2;
    }

    /**
     * Saves the model with {@link ModelFiles#save} after checking its user ids against the policy.
     *
     * @throws IllegalArgumentException if an argument is null, or the policy is
     *                                  {@link UserIds#PSEUDONYMOUS_ONLY} and the model holds raw
     *                                  user ids (the message gives their number, not the ids)
     * @throws IOException              if writing fails
     */
    public static void save(RecommenderModel model, Path file, UserIds policy) throws IOException {
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null");
        }
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        int raw = rawUserIds(model);
        if (raw > 0) {
            if (policy == UserIds.PSEUDONYMOUS_ONLY) {
                throw new IllegalArgumentException("the model holds " + raw + " raw user ids: train on Pseudonyms.apply(data)"
                        + " or save with UserIds.RAW_ALLOWED");
            }
            LOG.warn("saving {} raw user ids in {} (UserIds.RAW_ALLOWED)", raw, file.getFileName());
        }
        ModelFiles.save(model, file);
    }
}
