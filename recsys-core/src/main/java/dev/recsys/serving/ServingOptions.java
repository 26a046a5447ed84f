package dev.recsys.serving;

import java.util.Locale;

/**
 * How a factor model serves at catalogue scale: the item-factor storage ({@link FactorStorage})
 * the exact scoring reads, and whether an index supplies the personal candidates: an HNSW graph
 * (Apache Lucene's implementation, maximum inner product; {@link #indexed}) or an inverted file
 * ({@link #invertedFile}); the candidates are then re-scored exactly in that storage before the
 * scene's filters, exclusions and diversity apply. When the filters leave
 * fewer than the wanted number of items among the index's candidates (a category filter on a
 * large catalogue, say), the request falls back to exact scoring. Attach to a model with
 * {@link RecommenderModel#withServing}; the model file stores the quantised factors and the graph
 * ({@link dev.recsys.modelfile.ModelFiles#save}), and
 * {@link dev.recsys.modelfile.ModelFiles#load(java.nio.file.Path, ServingOptions)} can choose
 * another form at load time.
 *
 * <p>Thread safety: an immutable record.
 *
 * @param storage   item-factor storage for scoring
 * @param index     whether an index supplies the personal candidates (HNSW, or with {@code ivf} the inverted file)
 * @param maxConn   HNSW maximum connections per node (Lucene's M), in [2, 512]
 * @param beamWidth HNSW beam width while building, in [1, 10000]
 * @param efSearch  candidates per search (at least the number of items asked for; for HNSW its queue size), in [1, 100000]
 * @param ivf       with {@code index}: the candidates come from an inverted file (k-means lists over
 *                  the item directions, the longest rows scanned for every query) instead of the
 *                  HNSW graph; it keeps recall where the graph loses it (query directions far from
 *                  the items', trained models whose answers are long, popular rows)
 */
public record ServingOptions(FactorStorage storage, boolean index, int maxConn, int beamWidth, int efSearch,
                             boolean ivf) {
    /** Default maximum connections per node (Lucene's default, 16). */
    public static final int DEFAULT_MAX_CONN = 16;
    /** Default build beam width (Lucene's default, 100). */
    public static final int DEFAULT_BEAM_WIDTH = 100;
    /** Default search queue size. */
    public static final int DEFAULT_EF_SEARCH = 400;
    /** Default candidates an inverted-file search returns for re-scoring. */
    public static final int DEFAULT_IVF_CANDIDATES = 100;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public ServingOptions {
        if (storage == null) {
            throw new IllegalArgumentException("storage must not be null");
        }
        if (maxConn < 2 || maxConn > 512) {
            throw new IllegalArgumentException("maxConn must be in [2, 512], got " + maxConn);
        }
        if (beamWidth < 1 || beamWidth > 10_000) {
            throw new IllegalArgumentException("beamWidth must be in [1, 10000], got " + beamWidth);
        }
        if (efSearch < 1 || efSearch > 100_000) {
            throw new IllegalArgumentException("efSearch must be in [1, 100000], got " + efSearch);
        }
        if (ivf && !index) {
            throw new IllegalArgumentException("ivf needs index = true");
        }
    }

    /** HNSW options (or none): {@code ivf} false. */
    public ServingOptions(FactorStorage storage, boolean index, int maxConn, int beamWidth, int efSearch) {
        this(storage, index, maxConn, beamWidth, efSearch, false);
    }

    /** An inverted file with the default settings over the given storage. */
    public static ServingOptions invertedFile(FactorStorage storage) {
        return new ServingOptions(storage, true, DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH, DEFAULT_IVF_CANDIDATES, true);
    }

    /** Exact scoring on the given storage, no index. */
    public static ServingOptions of(FactorStorage storage) {
        return new ServingOptions(storage, false, DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH, DEFAULT_EF_SEARCH);
    }

    /** An HNSW index with the default settings over the given storage. */
    public static ServingOptions indexed(FactorStorage storage) {
        return new ServingOptions(storage, true, DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH, DEFAULT_EF_SEARCH);
    }

    /** These options with another search queue size. */
    public ServingOptions withEfSearch(int ef) {
        return new ServingOptions(storage, index, maxConn, beamWidth, ef, ivf);
    }

    /**
     * Parses the command-line form: {@code float}, {@code int8}, {@code bf16}, {@code hnsw} or
     * {@code ivf} (float storage with that index) or a storage and an index joined by {@code +},
     * e.g. {@code int8+hnsw}, {@code int8+ivf}; case-insensitive.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static ServingOptions parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("serving must be float, int8, bf16, hnsw, ivf or STORAGE+INDEX, got nothing");
        }
        FactorStorage st = FactorStorage.FLOAT;
        boolean idx = false;
        boolean inverted = false;
        boolean sawStorage = false;
        for (String part : text.trim().toLowerCase(Locale.ROOT).split("\\+")) {
            switch (part.trim()) {
                case "hnsw", "ivf" -> {
                    if (idx) {
                        throw new IllegalArgumentException("serving '" + text + "' names two indexes");
                    }
                    idx = true;
                    inverted = part.trim().equals("ivf");
                }
                case "float", "int8", "bf16" -> {
                    if (sawStorage) {
                        throw new IllegalArgumentException("serving '" + text + "' names two storages");
                    }
                    sawStorage = true;
                    st = FactorStorage.valueOf(part.trim().toUpperCase(Locale.ROOT));
                }
                default -> throw new IllegalArgumentException("serving must be float, int8, bf16, hnsw, ivf or"
                        + " STORAGE+INDEX (e.g. int8+hnsw, int8+ivf), got '" + text + "'");
            }
        }
        return inverted ? invertedFile(st) : idx ? indexed(st) : of(st);
    }

    @Override
    public String toString() {
        String s = storage.name().toLowerCase(Locale.ROOT);
        if (ivf) {
            return s + "+ivf(candidates=" + efSearch + ")";
        }
        return index ? s + "+hnsw(M=" + maxConn + ", beam=" + beamWidth + ", ef=" + efSearch + ")" : s;
    }
}
