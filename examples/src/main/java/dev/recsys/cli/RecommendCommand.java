package dev.recsys.cli;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.io.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code recsys recommend}: loads a model and prints recommendations for one user. */
final class RecommendCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar recommend --model MODEL --user U --scene S -k N [--item I] [--cart I1,I2]",
            "  --model MODEL    model file written by 'train'",
            "  --user U         external user id (unknown users get popular items)",
            "  --scene S        home | item-detail | cart | checkout | after-sale-review | search | your own",
            "  -k N             number of items (default 10)",
            "  --item I         current item (item-detail, after-sale-review)",
            "  --cart LIST      comma-separated cart items");
    private final PrintStream out;
    private final PrintStream err;

    RecommendCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("model", "user", "scene", "k", "item", "cart"), Set.of("help"),
                Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        Path file = Path.of(a.required("model"));
        String user = a.required("user");
        Scene scene = Scene.of(a.get("scene", "home"));
        int k = a.getInt("k", 10);
        RecommenderModel m = ModelFiles.load(file);
        RecommendRequest.Builder b = RecommendRequest.builder(scene, k).user(user);
        // the recommender answers for ids it does not know (new visitors, items newer than the
        // model) as if they were absent; say so rather than ignore them silently
        if (m.users().indexOf(user) < 0) {
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
        List<Recommendation> recs = m.recommender().recommend(b.build());
        out.printf("%-5s %-16s %10s  %s%n", "rank", "item", "score", "why");
        int rank = 1;
        for (Recommendation r : recs) {
            out.printf("%-5d %-16s %10.4f  %s%n", rank++, CliSupport.printable(r.itemId()), r.score(),
                    r.explanation() == null ? "" : CliSupport.printable(r.explanation()));
        }
        return 0;
    }
}
