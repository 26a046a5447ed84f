package dev.recsys.bench.session;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training throughput of {@code sasrec} / {@code gru4rec} in sequences per second on one thread,
 * the counterpart of {@code scripts/session_torch_reference.py} (same shapes: windows of 50 steps,
 * the models' default batch, negatives, factors, blocks and dropout, random item and behaviour
 * sequences). Each user gets exactly 51 steps, so an epoch is one window per user. Both programs
 * print the same line: the sequences per second of epochs 2..E (the first epoch is a warm-up: JIT
 * here, allocator and kernel caches there), and of all epochs including set-up.
 *
 * <pre>java -Xmx3g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.recsys.bench.session.SessionTrainingThroughput sasrec|gru4rec [items] [sequences] [epochs] [key=value ...]</pre>
 */
public final class SessionTrainingThroughput {
    private SessionTrainingThroughput() {
    }

    public static void main(String[] args) {
        String algo = args.length > 0 ? args[0] : "sasrec";
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 1682;
        int sequences = args.length > 2 ? Integer.parseInt(args[2]) : 2816;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        if (epochs < 2) {
            throw new IllegalArgumentException("epochs must be >= 2 (the first is a warm-up), got " + epochs);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("epochs", Integer.toString(epochs));
        for (int a = 4; a < args.length; a++) {
            String[] kv = args[a].split("=", 2);
            params.put(kv[0], kv[1]);
        }
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
        long[] epochEnd = new long[epochs + 1];
        TrainingListener timing = (stage, step, total, metrics) -> {
            if (stage.equals("epoch") && step >= 1 && step <= epochs) {
                epochEnd[step] = System.nanoTime();
            }
        };
        long t0 = System.nanoTime();
        Recommenders.train(Dataset.of(log), algo, params, timing);
        double secs = (System.nanoTime() - t0) / 1e9;
        double steady = (epochEnd[epochs] - epochEnd[1]) / 1e9;
        long measured = (long) sequences * (epochs - 1);
        System.out.printf(Locale.ROOT, "recsys %s %s: %d sequences in %.2f s = %.0f sequences/s (1 thread, epochs 2..%d);"
                        + " all %d epochs incl. set-up %.0f sequences/s%n",
                algo, params, measured, steady, measured / steady, epochs, epochs, (long) sequences * epochs / secs);
    }
}
