package dev.recsys.cli;

import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.io.ColumnMapping;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.InteractionLoader;
import dev.recsys.data.io.LoadOptions;
import dev.recsys.data.io.LoadResult;
import java.io.PrintStream;
import java.nio.file.Path;

/** Shared helpers of the CLI commands: data loading with the format/column options. */
final class CliSupport {
    /** Help lines of {@code --columns} (every key) and {@code --behaviors}. */
    static final String DATA_OPTIONS_HELP = String.join("\n",
            "  --columns MAP    column mapping for --format csv: key=value pairs separated by commas, keys",
            "                   user=COL item=COL (required) behavior=COL or fixed-behavior=NAME value=COL",
            "                   time=COL (or timestamp=COL) scene=COL category=COL, where COL is a column",
            "                   number 0.." + ColumnMapping.MAX_COLUMN_INDEX + " or a header name (NAME? = optional column);",
            "                   delimiter=comma|tab|semicolon|pipe|space|TEXT, header=yes|no,",
            "                   time-unit=auto|s|ms (auto: integers >= 10^11 are milliseconds, a file must not mix;",
            "                   ISO-8601 times like 2024-03-01T12:30:00Z are always read, no zone = UTC)",
            "                   e.g. user=0,item=1,behavior=2,time=3 or user=visitor,item=sku,behavior=event,time=ts",
            "  --behaviors MAP  the shop's own event names, e.g. page_view=view,add_to_basket=cart,checkout=purchase");

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
            out.println(r.report().summary());
        }
    }

    static Dataset emptyLike(Dataset train) {
        Interactions t = train.interactions();
        return new Dataset(new Interactions(t.users(), t.items(), 0), train.catalog());
    }
}
