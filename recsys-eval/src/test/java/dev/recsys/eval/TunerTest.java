package dev.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TunerTest {
    private static final Set<String> EXPLICIT = Set.of("svdpp", "biased-mf", "als");
    private static final Set<String> IMPLICIT = Set.of("popularity", "item-cooccurrence", "ease", "ials", "bpr", "mult-vae");

    /** Users in 3 taste groups, each viewing items mostly of its group's third of the catalogue. */
    static Interactions implicitLog(int users, int items, int perUser, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Interactions log = new Interactions();
        long t = 1_700_000_000L;
        for (int u = 0; u < users; u++) {
            int group = u % 3;
            boolean[] has = new boolean[items];
            for (int k = 0; k < perUser; k++) {
                int i = rng.nextDouble() < 0.8 ? group * (items / 3) + rng.nextInt(items / 3) : rng.nextInt(items);
                if (!has[i]) {
                    has[i] = true;
                    log.add(Event.of("u" + u, "i" + i, Behavior.VIEW, t++));
                }
            }
        }
        return log;
    }

    /** Ratings 1..5 from a two-factor taste model plus item quality. */
    static Interactions ratingLog(int users, int items, int perUser, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] quality = new double[items];
        double[][] q = new double[items][2];
        for (int i = 0; i < items; i++) {
            quality[i] = rng.nextDouble() - 0.5;
            q[i][0] = rng.nextDouble() * 2 - 1;
            q[i][1] = rng.nextDouble() * 2 - 1;
        }
        Interactions log = new Interactions();
        long t = 1_700_000_000L;
        for (int u = 0; u < users; u++) {
            double p0 = rng.nextDouble() * 2 - 1;
            double p1 = rng.nextDouble() * 2 - 1;
            boolean[] has = new boolean[items];
            for (int k = 0; k < perUser; k++) {
                int i = rng.nextInt(items);
                if (has[i]) {
                    continue;
                }
                has[i] = true;
                double r = 3 + quality[i] + 1.2 * (p0 * q[i][0] + p1 * q[i][1]) + 0.3 * (rng.nextDouble() - 0.5);
                float v = (float) Math.max(1, Math.min(5, Math.round(r)));
                log.add(new Event("u" + u, "i" + i, Behavior.RATING, v, t++, null));
            }
        }
        return log;
    }

    /** A listener advancing a fake clock by {@code perStep} nanoseconds at each progress report of {@code stage}. */
    private static TrainingListener ticking(AtomicLong nanos, String stage, long perStep) {
        return (s, step, total, metrics) -> {
            if (s.equals(stage)) {
                nanos.addAndGet(perStep);
            }
        };
    }

    /** A clock that stands still: every trial fits any budget. */
    private static TuningOptions.Builder frozen() {
        return TuningOptions.builder().clock(() -> 0L);
    }

    @Test
    void sameSeedGivesSameChoiceTableAndModel() {
        Dataset data = Dataset.of(implicitLog(90, 45, 12, 1));
        TuningOptions o = frozen().seed(7).algorithms(Set.of("popularity", "item-cooccurrence", "ials")).build();
        TuningResult a = Tuner.tune(data, o, null);
        TuningResult b = Tuner.tune(data, o, null);
        assertThat(a.trials()).hasSizeGreaterThan(3);
        assertThat(b.trials()).extracting(TuningResult.Trial::label).containsExactlyElementsOf(
                a.trials().stream().map(TuningResult.Trial::label).toList());
        assertThat(b.trials()).extracting(TuningResult.Trial::score).containsExactlyElementsOf(
                a.trials().stream().map(TuningResult.Trial::score).toList());
        assertThat(b.winner().label()).isEqualTo(a.winner().label());
        assertThat(b.validation()).isEqualTo(a.validation());
        float[] sa = scores(a.model());
        float[] sb = scores(b.model());
        assertThat(sb).containsExactly(sa);
        // another seed draws another search order
        TuningResult c = Tuner.tune(data, frozen().seed(8).algorithms(Set.of("ials")).build(), null);
        TuningResult d = Tuner.tune(data, frozen().seed(7).algorithms(Set.of("ials")).build(), null);
        assertThat(c.trials().stream().map(TuningResult.Trial::label).toList())
                .isNotEqualTo(d.trials().stream().map(TuningResult.Trial::label).toList());
    }

    private static float[] scores(RecommenderModel m) {
        float[] out = new float[m.numItems()];
        m.model().score(dev.recsys.spi.Query.ofUser(0, new int[0], new float[0], dev.recsys.api.Scene.HOME), out);
        return out;
    }

    @Test
    void budgetStopsTheSearchWithAFakeClock() {
        // one fake second per training iteration: iALS trials cost 5 (reduced) or 15 s, the rest 0
        AtomicLong nanos = new AtomicLong();
        TrainingListener ticking = ticking(nanos, "iteration", 1_000_000_000L);
        Dataset data = Dataset.of(implicitLog(90, 45, 12, 2));
        TuningOptions o = TuningOptions.builder().clock(nanos::get).budget(Duration.ofSeconds(40)).seed(3)
                .algorithms(Set.of("popularity", "ials")).build();
        TuningResult r = Tuner.tune(data, o, ticking);
        long ials = r.trials().stream().filter(t -> t.algorithm().equals("ials")).count();
        // 12 iALS configurations are planned; the first rung may use half the budget (20 s = 4 reduced trials)
        assertThat(ials).isBetween(1L, 5L);
        assertThat(r.skipped()).isGreaterThan(0);
        assertThat(r.searchSeconds() + r.finalSeconds()).isLessThanOrEqualTo(40 * 1.1);
        assertThat(nanos.get() / 1e9).isLessThanOrEqualTo(40 * 1.1);

        // bpr's first trial runs reduced (33 epochs, 3.3 fake s); then a full one (10 s) cannot fit in
        // 6 s, nor can training the reduced one on all the data: popularity is chosen
        nanos.set(0);
        TrainingListener epochs = ticking(nanos, "epoch", 100_000_000L);
        TuningResult tiny = Tuner.tune(data, TuningOptions.builder().clock(nanos::get).budget(Duration.ofSeconds(6)).seed(3)
                .algorithms(Set.of("popularity", "bpr")).build(), epochs);
        assertThat(tiny.trials()).extracting(TuningResult.Trial::algorithm).containsExactly("popularity", "bpr");
        assertThat(tiny.trials().get(1).reduced()).isTrue();
        assertThat(tiny.winner().algorithm()).isEqualTo("popularity");
        assertThat(tiny.skipped()).isPositive();
        assertThat(nanos.get() / 1e9).isLessThanOrEqualTo(6 * 1.1);
    }

    @Test
    void ratingsChooseAnExplicitModelAndBehaviourAnImplicitOne() {
        TuningResult explicit = Tuner.tune(Dataset.of(ratingLog(80, 40, 15, 4)), frozen().build(), null);
        assertThat(explicit.task()).isEqualTo(TuningOptions.Task.RATING);
        assertThat(explicit.metric()).isEqualTo("rmse");
        assertThat(explicit.trials()).allMatch(t -> EXPLICIT.contains(t.algorithm()));
        assertThat(explicit.winner().algorithm()).isIn(EXPLICIT);
        assertThat(explicit.model().metadata().algorithm()).isEqualTo(explicit.winner().algorithm());
        assertThat(explicit.lowerIsBetter()).isTrue();
        assertThat(explicit.winner().score()).isEqualTo(explicit.trials().stream()
                .mapToDouble(TuningResult.Trial::score).min().orElseThrow());

        TuningResult implicit = Tuner.tune(Dataset.of(implicitLog(90, 45, 12, 5)), frozen().build(), null);
        assertThat(implicit.task()).isEqualTo(TuningOptions.Task.RANKING);
        assertThat(implicit.metric()).isEqualTo("ndcg@10");
        assertThat(implicit.validation()).startsWith("time cut-off");
        assertThat(implicit.trials()).allMatch(t -> IMPLICIT.contains(t.algorithm()));
        assertThat(implicit.trials()).extracting(TuningResult.Trial::algorithm).contains("popularity", "ials", "ease");
        assertThat(implicit.winner().score()).isEqualTo(implicit.trials().stream()
                .mapToDouble(TuningResult.Trial::score).max().orElseThrow());
        assertThat(implicit.table()).contains("auto chose " + implicit.winner().label());

        // the same ratings tuned for ranking: implicit models, per-user hold-out (ratings are not behaviour in time)
        TuningResult ranking = Tuner.tune(Dataset.of(ratingLog(80, 40, 15, 4)),
                frozen().task(TuningOptions.Task.RANKING).build(), null);
        assertThat(ranking.winner().algorithm()).isIn(IMPLICIT);
        assertThat(ranking.validation()).startsWith("per-user hold-out");
        assertThatThrownBy(() -> Tuner.tune(Dataset.of(ratingLog(30, 20, 8, 4)),
                frozen().task(TuningOptions.Task.RANKING).metric(MetricSpec.of(Metric.RMSE)).build(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rmse");
    }

    @Test
    void tunerSeesOnlyTheTrainingData() {
        // the API takes one data set: no public entry point accepts a test log or a split
        for (Method m : Tuner.class.getMethods()) {
            if (m.getDeclaringClass() == Tuner.class && Modifier.isStatic(m.getModifiers())) {
                for (Class<?> p : m.getParameterTypes()) {
                    assertThat(p).isNotIn(dev.recsys.eval.split.Split.class, dev.recsys.eval.split.SplitProtocol.class);
                }
            }
        }
        // a test log in the training log's indices (as a predefined split has) is never given to the
        // tuner; the validation split partitions the training events alone
        Interactions train = implicitLog(90, 45, 12, 6);
        Interactions test = new Interactions(train.users(), train.items(), 16);
        for (int u = 0; u < 30; u++) {
            test.add(Event.of("u" + u, "test-only-item-" + u, Behavior.PURCHASE, 1_800_000_000L + u));
        }
        int trainSize = train.size();
        TuningResult a = Tuner.tune(Dataset.of(train), frozen().algorithms(Set.of("popularity", "item-cooccurrence")).build(), null);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d,]+) events fit, ([\\d,]+) validate")
                .matcher(a.validation());
        assertThat(m.find()).isTrue();
        int fit = Integer.parseInt(m.group(1).replace(",", ""));
        int validate = Integer.parseInt(m.group(2).replace(",", ""));
        assertThat(fit + validate).isEqualTo(trainSize);
        assertThat(validate).isPositive();
        assertThat(train.size()).isEqualTo(trainSize);
        assertThat(test.size()).isEqualTo(30);
    }

    @Test
    void recommendersTuneFindsTheService() {
        RecommenderModel m = Recommenders.tune(Dataset.of(implicitLog(60, 30, 10, 9)), Duration.ofSeconds(3), null);
        assertThat(IMPLICIT).contains(m.metadata().algorithm());
        assertThatThrownBy(() -> Recommenders.tune(Dataset.of(implicitLog(10, 9, 3, 9)), Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
    }

    /** Views, carts and purchases; the value of each view is a dwell count (2..9) when {@code valued}. */
    static Interactions shopLog(int users, int items, boolean valued, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Interactions log = new Interactions();
        long t = 1_700_000_000L;
        for (int u = 0; u < users; u++) {
            int group = u % 3;
            for (int k = 0; k < 12; k++) {
                int i = rng.nextDouble() < 0.7 ? group * (items / 3) + rng.nextInt(items / 3) : rng.nextInt(items);
                double p = rng.nextDouble();
                Behavior b = p < 0.7 ? Behavior.VIEW : p < 0.85 ? Behavior.ADD_TO_CART : Behavior.PURCHASE;
                float v = valued && b == Behavior.VIEW ? 2 + rng.nextInt(8) : 1f;
                log.add(new Event("u" + u, "i" + i, b, v, t++, null));
            }
        }
        return log;
    }

    @Test
    void implicitModelsAreTriedWithOtherWeightsAndTransforms() {
        Dataset data = Dataset.of(shopLog(90, 45, true, 11));
        TuningResult r = Tuner.tune(data, frozen().seed(5).algorithms(Set.of("popularity", "ials")).build(), null);
        List<String> weights = r.trials().stream().map(t -> t.params().get("weights")).distinct().toList();
        List<String> transforms = r.trials().stream().map(t -> t.params().get("transform")).distinct().toList();
        assertThat(weights).containsExactlyInAnyOrder("view:1,add_to_cart:3,purchase:5", "view:1,add_to_cart:1,purchase:1",
                "view:1,add_to_cart:9,purchase:25");
        assertThat(transforms).containsExactlyInAnyOrder("none", "log", "linear");
        // popularity with every mapping; iALS's defaults with every mapping (the first at full length)
        assertThat(r.trials().stream().filter(t -> t.algorithm().equals("popularity")).count()).isEqualTo(9);
        assertThat(r.trials().stream().filter(t -> t.algorithm().equals("ials") && !t.reduced()
                && t.params().get("alpha").equals("0.5") && t.params().get("factors").equals("64")
                && t.params().get("reg").equals("30"))).isNotEmpty();
        assertThat(r.table()).contains("weights=").contains("transform=");
        // the winner is trained with the mapping it was validated with
        dev.recsys.data.MatrixOptions mo = r.model().metadata().matrixOptions();
        String w = r.winner().params().get("weights");
        for (String pair : w.split(",")) {
            String[] kv = pair.split(":");
            assertThat(mo.weight(Behavior.parse(kv[0]))).isEqualTo(Float.parseFloat(kv[1]));
        }
        assertThat(mo.valueTransform().toString()).isEqualTo(r.winner().params().get("transform"));

        // fixed by the caller: not searched, every candidate uses them
        TuningResult fixed = Tuner.tune(data, frozen().seed(5).algorithms(Set.of("popularity", "ials"))
                .behaviorWeights(java.util.Map.of(Behavior.PURCHASE, 10f))
                .valueTransform(dev.recsys.data.ValueTransform.LOG).build(), null);
        assertThat(fixed.trials()).allMatch(t -> t.params().get("weights").equals("view:1,add_to_cart:3,purchase:10")
                && t.params().get("transform").equals("log"));
        assertThat(fixed.model().metadata().matrixOptions().weight(Behavior.PURCHASE)).isEqualTo(10f);
        assertThat(fixed.model().metadata().matrixOptions().valueTransform()).isEqualTo(dev.recsys.data.ValueTransform.LOG);

        // one behaviour and no values: nothing to search, no tags (the plain grid)
        TuningResult plain = Tuner.tune(Dataset.of(implicitLog(90, 45, 12, 5)), frozen().seed(5)
                .algorithms(Set.of("popularity", "ials")).build(), null);
        assertThat(plain.trials()).allMatch(t -> !t.params().containsKey("weights") && !t.params().containsKey("transform"));
        assertThat(plain.trials().stream().filter(t -> t.algorithm().equals("popularity")).count()).isEqualTo(1);
    }

    @Test
    void aTrialRunningPastTheBudgetIsStopped() {
        // five fake seconds per iALS iteration: the defaults' full-length trial (15 iterations, 75 s)
        // would overrun the 60 s budget; it is stopped, and popularity is trained instead
        AtomicLong nanos = new AtomicLong();
        TrainingListener ticking = ticking(nanos, "iteration", 5_000_000_000L);
        Dataset data = Dataset.of(implicitLog(90, 45, 12, 2));
        TuningResult r = Tuner.tune(data, TuningOptions.builder().clock(nanos::get).budget(Duration.ofSeconds(60)).seed(3)
                .algorithms(Set.of("popularity", "ials")).build(), ticking);
        assertThat(r.trials()).extracting(TuningResult.Trial::algorithm).containsOnly("popularity");
        assertThat(r.winner().algorithm()).isEqualTo("popularity");
        assertThat(r.skipped()).isPositive();
        assertThat(nanos.get() / 1e9).isLessThanOrEqualTo(60 * 1.1);
    }
}
