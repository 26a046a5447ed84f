package dev.recsys.bench.session;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training throughput of {@code sasrec} / {@code gru4rec} in sequences per second on one thread,
 * the counterpart of {@code scripts/session_torch_reference.py} (same shapes: windows of 50 steps,
 * batch 32, 256 shared negatives, 64 factors, default blocks, random item and behaviour sequences).
 * Each user gets exactly 51 steps, so an epoch is one window per user.
 *
 * <pre>java -Xmx3g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.recsys.bench.session.SessionTrainingThroughput sasrec|gru4rec [items] [sequences] [epochs]</pre>
 */
public final class SessionTrainingThroughput {
    private SessionTrainingThroughput() {
    }

    public static void main(String[] args) {
        String algo = args.length > 0 ? args[0] : "sasrec";
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 1682;
        int sequences = args.length > 2 ? Integer.parseInt(args[2]) : 2816;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Interactions log = new Interactions();
        SplittableRandom rnd = new SplittableRandom(42);
        Behavior[] types = {Behavior.VIEW, Behavior.CLICK, Behavior.ADD_TO_CART, Behavior.PURCHASE};
        for (int i = 0; i < items; i++) {
            log.items().add("i" + i); // every item in the index
        }
        for (int u = 0; u < sequences; u++) {
            int prev = -1;
            for (int s = 0; s < 51; s++) {
                int i;
                do {
                    i = rnd.nextInt(items);
                } while (i == prev); // consecutive repeats would be merged
                prev = i;
                log.add(dev.recsys.data.Event.of("u" + u, "i" + i, types[rnd.nextInt(types.length)], 1000L * s));
            }
        }
        long t0 = System.nanoTime();
        Recommenders.train(Dataset.of(log), algo, Map.of("epochs", Integer.toString(epochs)), TrainingListener.NONE);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "recsys %s: %d sequences in %.2f s = %.0f sequences/s (1 thread, incl. set-up)%n",
                algo, (long) sequences * epochs, secs, sequences * epochs / secs);
    }
}
