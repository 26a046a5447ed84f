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
    private CliSupport() {
    }

    static LoadOptions loadOptions(Args a, DataFormat format) {
        LoadOptions o = LoadOptions.defaults().withLenient(a.flag("lenient"));
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
