package dev.recsys.cli;

import dev.recsys.data.DataField;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.ColumnMapping;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.InteractionLoader;
import dev.recsys.data.io.LoadOptions;
import dev.recsys.data.io.LoadResult;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Shared helpers of the CLI commands: data loading with the format/column options, and
 * {@link #printable} for every id the CLI prints.
 */
final class CliSupport {
    /** Help lines of {@code --columns} (every key) and {@code --behaviors}. */
    static final String DATA_OPTIONS_HELP = String.join("\n",
            "  --columns MAP    column mapping for --format csv: key=value pairs separated by commas, keys",
            "                   user=COL item=COL (required) behavior=COL or fixed-behavior=NAME value=COL",
            "                   time=COL (or timestamp=COL) scene=COL category=COL basket=COL (or order=COL: an",
            "                   order/invoice id; evaluate --protocol basket groups by it) session=COL (a session id;",
            "                   --protocol session groups by it), where COL is a column number 0.." + ColumnMapping.MAX_COLUMN_INDEX,
            "                   or a header name (NAME? = optional column); a column the algorithm or protocol does",
            "                   not read is a printed warning;",
            "                   delimiter=comma|tab|semicolon|pipe|space|TEXT, header=yes|no,",
            "                   time-unit=auto|s|ms (auto: integers >= 10^11 are milliseconds, a file must not mix;",
            "                   ISO-8601 times like 2024-03-01T12:30:00Z are always read, no zone = UTC),",
            "                   behavior-weights=LIST (as --behavior-weights),",
            "                   value-transform=linear|log|log:EPS|binary|none: the value column of implicit",
            "                   behaviours enters the confidence as weight x transform(value): linear = value,",
            "                   log = ln(1 + value/EPS) (EPS default 1), binary = 1 if value > 0; values must",
            "                   be >= 0 and a value of 0 is no interaction. Default none: the value of an",
            "                   implicit behaviour is ignored (a warning says so); ratings/reviews use it as is",
            "                   e.g. user=0,item=1,behavior=2,time=3 or user=visitor,item=sku,behavior=event,time=ts",
            "                   or user=0,item=1,behavior=2,value=3,value-transform=log",
            "  --behaviors MAP  the shop's own event names, e.g. page_view=view,add_to_basket=cart,checkout=purchase",
            "  --behavior-weights LIST  weight of each behaviour in the user x item matrix the models train on,",
            "                   e.g. view:1,cart:3,purchase:5; behaviours not listed keep the defaults",
            "                   view 1, click 1, search 1, favourite 2, cart 3, purchase 5, rating/review",
            "                   1 x value (explicit algorithms: rating/review 1, the others 0); 0 drops a",
            "                   behaviour. Duplicates of a user and item add up; iALS confidence is",
            "                   1 + alpha x entry. The weights are stored in the model file");

    private CliSupport() {
    }

    static LoadOptions loadOptions(Args a, DataFormat format) {
        LoadOptions o = LoadOptions.defaults().withLenient(a.flag("lenient"));
        if (a.has("behaviors")) {
            o = o.withBehaviorNames(LoadOptions.parseBehaviorNames(a.get("behaviors")));
        }
        if (a.has("columns")) {
            if (format != DataFormat.CSV) {
                throw new Args.UsageException("--columns goes with --format csv");
            }
            o = o.withMapping(ColumnMapping.parse(a.get("columns")));
        }
        return o;
    }

    /**
     * The matrix options to train {@code algorithm} with: its defaults, with the behaviour weights
     * and value transform of the csv mapping or {@code --behavior-weights}.
     */
    /**
     * The data mapping of {@code algo}, or null for {@code --algo auto}: the tuner searches behaviour
     * weights and value transform itself, or keeps those the user gave
     * ({@link AutoTuning#fixedWeights}, {@link AutoTuning#fixedTransform}).
     */
    static MatrixOptions matrixOptions(Args a, LoadOptions lo, String algo) {
        if (AutoTuning.isAuto(algo)) {
            return null;
        }
        return matrixOptions(a, lo, Algorithms.byName(algo));
    }

    static MatrixOptions matrixOptions(Args a, LoadOptions lo, Algorithm algorithm) {
        MatrixOptions o = Recommenders.defaultOptions(algorithm);
        if (lo.mapping() != null) {
            o = lo.mapping().matrixOptions(o);
        }
        if (a.has("behavior-weights")) {
            if (lo.mapping() != null && !lo.mapping().behaviorWeights().isEmpty()) {
                throw new Args.UsageException("behaviour weights are given twice: in --columns (behavior-weights=) and as"
                        + " --behavior-weights");
            }
            o = o.withWeights(MatrixOptions.parseWeights(a.get("behavior-weights")));
        }
        return o;
    }

    /**
     * Prints one line saying how events become the training matrix, and one {@code warning:} line
     * for each thing of the data the options leave unused ({@link MatrixOptions#warnings}).
     */
    static void describe(MatrixOptions o, Interactions train, PrintStream out) {
        out.printf("matrix: behaviour weights %s; value transform %s; duplicates %s%s%n", o.weightsText(),
                o.valueTransform(), o.aggregation().name().toLowerCase(java.util.Locale.ROOT),
                o.halfLifeSeconds() > 0 ? "; half-life " + o.halfLifeSeconds() + " s" : "");
        for (String w : o.warnings(train)) {
            out.println("warning: " + w);
        }
    }

    /**
     * The optional data fields a model of {@code algo} reads: in training or serving
     * ({@link Recommenders#readFields}) if {@code serving}, else in training only
     * ({@link Algorithm#reads}); null for {@code --algo auto} (known once tuned:
     * {@link #reads(RecommenderModel, boolean)}).
     */
    static Set<DataField> reads(String algo, Map<String, String> params, boolean serving) {
        if (AutoTuning.isAuto(algo)) {
            return null;
        }
        Algorithm alg = Algorithms.byName(algo);
        Params p = Params.parse(alg.params(), params);
        return serving ? Recommenders.readFields(alg, p) : alg.reads(p);
    }

    /** The optional data fields a trained model's algorithm reads (see {@link #reads(String, Map, boolean)}). */
    static Set<DataField> reads(RecommenderModel m, boolean serving) {
        Algorithm alg = Algorithms.byName(m.metadata().algorithm());
        return serving ? Recommenders.readFields(alg, m.metadata().params()) : alg.reads(m.metadata().params());
    }

    /**
     * A column given and not used is a warning, not silence: prints one {@code warning:} line for each
     * optional field (scene, category, basket or session ids; {@link DataField}) that one of the data
     * sets has and {@code read} leaves out ({@link Dataset#unusedFields}), once per field.
     *
     * @param read   what the algorithm and the protocol read
     * @param reader the consumer, for the message, e.g. {@code ials with --protocol basket}
     */
    static void warnUnused(Set<DataField> read, String reader, PrintStream out, Dataset... data) {
        EnumSet<DataField> done = EnumSet.noneOf(DataField.class);
        for (Dataset d : data) {
            for (DataField f : d.fields()) {
                if (!read.contains(f) && done.add(f)) {
                    out.println("warning: " + d.unusedFields(EnumSet.complementOf(EnumSet.of(f)), reader).get(0));
                }
            }
        }
    }

    static Dataset load(Path file, DataFormat format, LoadOptions options, PrintStream out) {
        LoadResult r = InteractionLoader.load(file, format, options);
        report(r, out);
        return r.dataset();
    }

    static void loadInto(Path file, DataFormat format, LoadOptions options, Dataset into, PrintStream out) {
        LoadResult r = InteractionLoader.load(file, format, options, into);
        report(r, out);
    }

    private static void report(LoadResult r, PrintStream out) {
        if (r.report().rowsSkipped() > 0) {
            out.println(printable(r.report().summary()));
        }
    }

    /**
     * Text from data (ids, scene names, explanations naming items, skipped lines) made safe to print
     * on a terminal: every control character (U+0000-U+001F, U+007F-U+009F, so line breaks, tabs and
     * ESC of terminal escape sequences), the line and paragraph separators U+2028/U+2029 and the
     * bidirectional-text controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) are written
     * as a backslash, {@code u} and four hex digits (ESC as backslash-u001b); everything else,
     * including non-ASCII letters, is kept. The result is one line whose visible text cannot be
     * reordered or recoloured by the id. Backslashes are kept as they are, so the escapes are for
     * display, not for reading back.
     *
     * @param s text to print; null prints as {@code null}
     * @return {@code s} if it needs no escape, else the escaped copy
     */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            boolean escape = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u061c'
                    || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                    || (c >= '\u2066' && c <= '\u2069');
            if (escape && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, k);
            }
            if (escape) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    static Dataset emptyLike(Dataset train) {
        Interactions t = train.interactions();
        return new Dataset(new Interactions(t.users(), t.items(), 0), train.catalog());
    }

    /** {@code --serving}: parses the form, or a usage error naming the accepted ones. */
    static ServingOptions servingOptions(String text) {
        try {
            return ServingOptions.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + e.getMessage());
        }
    }

    /** The model with {@code --serving} options, the index build's progress to the listener. */
    static RecommenderModel withServing(RecommenderModel m, String text, TrainingListener progress, PrintStream out) {
        ServingOptions o = servingOptions(text);
        if (!m.supportsServing()) {
            throw new Args.UsageException("--serving needs a factor model (als, ials, bpr, biased-mf, svdpp, ...); "
                    + m.metadata().algorithm() + " has no item factors");
        }
        long t0 = System.nanoTime();
        RecommenderModel s = m.withServing(o, progress);
        if (o.index()) {
            out.printf("serving %s: %s over %d items built in %.2f s%n", o, o.ivf() ? "inverted file" : "HNSW index",
                    m.numItems(), (System.nanoTime() - t0) / 1e9);
        }
        return s;
    }

    /** Loads a model file to serve with {@code --serving} options (what the file stores is reused where it fits). */
    static RecommenderModel loadServing(Path file, String text, PrintStream err) throws IOException {
        ServingOptions o = servingOptions(text);
        try {
            return ModelFiles.load(file, o);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--serving: " + e.getMessage() + " (model file " + file + ")");
        }
    }
}
