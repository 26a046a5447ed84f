package dev.recsys.cli;

import dev.recsys.api.ItemFilter;
import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.ItemCatalog;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code recsys recommend}: loads a model and prints recommendations for one user (or an anonymous
 * visitor) on one scene, through the model's scene engine ({@link RecommenderModel#recommender()}):
 * the same answer as the Java API gives for the same request.
 */
final class RecommendCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar recommend --model MODEL [--user U] [--scene S] [-k N] [--item I] [--cart I1,I2]",
            "  --model MODEL    model file written by 'train'",
            "  --user U         external user id (absent: an anonymous visitor; unknown users get trending items)",
            "  --scene S        home (default) | item-detail | cart | checkout | after-sale-review | search | your own",
            "  -k N             number of items (default 10)",
            "  --item I         current item (item-detail, after-sale-review)",
            "  --cart LIST      comma-separated cart items",
            "  --candidates L   comma-separated items to re-rank (search)",
            "  --category C     only items of category C (needs a catalogue: train --items)",
            "  --price MIN,MAX  only items with a price in [MIN, MAX] (needs a catalogue)",
            "  --serving S      serve with float | int8 | bf16 item factors, hnsw, ivf or STORAGE+INDEX (default: as saved)",
            "  --similar-to I   instead: the k items most similar to item I (cosine of the item factors)");
    private final PrintStream out;
    private final PrintStream err;

    RecommendCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("model", "user", "scene", "k", "item", "cart", "candidates", "category", "price",
                        "serving", "similar-to"),
                Set.of("help"),
                Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        Path file = Path.of(a.required("model"));
        String user = a.get("user");
        Scene scene = Scene.of(a.get("scene", "home"));
        int k = a.getInt("k", 10);
        if (k < 1) {
            throw new Args.UsageException("-k must be >= 1, got " + k);
        }
        RecommenderModel m = a.has("serving") ? CliSupport.loadServing(file, a.get("serving"), err)
                : ModelFiles.load(file);
        if (a.has("similar-to")) {
            return similar(m, a.get("similar-to"), k);
        }
        RecommendRequest.Builder b = RecommendRequest.builder(scene, k).user(user);
        // the recommender answers for ids it does not know (new visitors, items newer than the
        // model) as if they were absent; say so rather than ignore them silently
        if (user != null && m.users().indexOf(user) < 0) {
            err.println("recsys: note: user '" + CliSupport.printable(user)
                    + "' is not in the model: answering as for a new visitor");
        }
        if (a.has("item")) {
            String item = a.get("item");
            if (m.items().indexOf(item) < 0) {
                err.println("recsys: note: item '" + CliSupport.printable(item)
                        + "' is not in the model: answering without a current item");
            }
            b.currentItem(item);
        }
        if (a.has("cart")) {
            List<String> cart = List.of(a.get("cart").split(","));
            List<String> unknown = cart.stream().filter(i -> m.items().indexOf(i) < 0).toList();
            if (!unknown.isEmpty()) {
                err.println("recsys: note: " + unknown.size() + " of " + cart.size()
                        + " cart items are not in the model and are left out: "
                        + CliSupport.printable(String.join(", ", unknown)));
            }
            b.cart(cart);
        }
        if (a.has("candidates")) {
            b.candidates(List.of(a.get("candidates").split(",")));
        }
        if (a.has("category")) {
            String c = a.get("category");
            if (m.catalog().dictionary(ItemCatalog.CATEGORY).codeOf(c) < 0) {
                err.println("recsys: note: no item of the model's catalogue has category '" + CliSupport.printable(c) + "'"
                        + (m.catalog().dictionary(ItemCatalog.CATEGORY).size() == 0
                        ? " (the model has no categories: train with --items)" : ""));
            }
            b.filter(ItemFilter.category(c));
        }
        if (a.has("price")) {
            String[] mm = a.get("price").split(",");
            try {
                if (mm.length != 2) {
                    throw new NumberFormatException();
                }
                b.filter(ItemFilter.priceBetween(Float.parseFloat(mm[0].trim()), Float.parseFloat(mm[1].trim())));
            } catch (NumberFormatException e) {
                throw new Args.UsageException("--price expects MIN,MAX, got '" + a.get("price") + "'");
            }
        }
        if (!a.has("item") && scene.equals(Scene.ITEM_DETAIL)) {
            err.println("recsys: note: scene item-detail without --item: nothing to show items similar to");
        }
        if (!a.has("item") && scene.equals(Scene.AFTER_SALE_REVIEW)) {
            err.println("recsys: note: scene after-sale-review without --item: "
                    + (user == null ? "nothing to show items similar to" : "answering for the user's latest purchase"));
        }
        if (!a.has("cart") && scene.equals(Scene.CART)) {
            err.println("recsys: note: scene cart without --cart: nothing to complement");
        }
        List<Recommendation> recs = m.recommender().recommend(b.build());
        out.printf("%-5s %-16s %10s  %s%n", "rank", "item", "score", "why");
        int rank = 1;
        for (Recommendation r : recs) {
            out.printf("%-5d %-16s %10.4f  %s%n", rank++, CliSupport.printable(r.itemId()), r.score(),
                    r.explanation() == null ? "" : CliSupport.printable(r.explanation()));
        }
        return 0;
    }

    /** {@code --similar-to}: the item's nearest items by cosine. */
    private int similar(RecommenderModel m, String item, int k) {
        if (!m.supportsServing()) {
            throw new Args.UsageException("--similar-to needs a factor model (als, ials, bpr, biased-mf, svdpp, ...); "
                    + m.metadata().algorithm() + " has no item factors");
        }
        if (m.items().indexOf(item) < 0) {
            throw new Args.UsageException("--similar-to: item '" + CliSupport.printable(item) + "' is not in the model");
        }
        out.printf("%-5s %-16s %10s%n", "rank", "item", "cosine");
        int rank = 1;
        for (Recommendation r : m.similarItems(item, k)) {
            out.printf("%-5d %-16s %10.4f%n", rank++, CliSupport.printable(r.itemId()), r.score());
        }
        return 0;
    }
}
