package dev.recsys.mf;

import dev.recsys.api.Scene;
import dev.recsys.data.DataField;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.ImplicitAlsTrainer;
import dev.recsys.mf.internal.SceneIalsTrainer;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code scene-ials}: scene-aware implicit ALS in the shared-plus-specific spirit of STAR (Sheng et
 * al. 2021). Shared user vectors {@code p_u} and item vectors {@code q_i} as in {@code ials} (Hu,
 * Koren and Volinsky 2008) plus, per scene s of the training events, item offsets {@code e_si}:
 *
 * <pre>
 *   score(u, i, s) = p_u . (q_i + e_si)
 *   minimise  sum_ui conf_ui (pref_ui - p_u . (q_i + sum_s z_us e_si))^2 + reg (|P|^2 + |Q|^2) + scene-reg |E|^2
 * </pre>
 *
 * where {@code z_us} is the share of user u's training events that happened in scene s (1 for one
 * scene when every user acts in one, as with the MovieLens age groups). {@code scene-reg} shrinks
 * every scene's offsets towards 0, i.e. the scene's item vectors towards the shared ones: a scene
 * with few events keeps little of its own; a very large {@code scene-reg} gives back {@code ials}.
 * Trained by alternating least squares with the row solvers, Gram matrices and threads of
 * {@code ials} ({@link dev.recsys.mf.internal.SceneIalsTrainer}).
 *
 * <p>A query in scene s scores with the item vectors {@code q_i + e_si} (precomputed per scene, so
 * serving costs what {@code ials} costs); a query with no scene, or in a scene unseen in training,
 * with {@code q_i}. Fold-in is the exact implicit-ALS solve against the query scene's item
 * vectors. A data set without a scene column trains exactly {@code ials} (same seed, same model).
 *
 * <p>Threads: as {@code ials}; the same seed gives the same model for any thread count.
 *
 * <p>Thread safety: stateless; safe to use from several threads.
 */
public final class SceneIals implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "scene-ials";

    /** ials's parameters (same defaults) plus the offsets' weight. */
    private static final List<ParamSpec> PARAMS = withSceneReg();

    private static List<ParamSpec> withSceneReg() {
        List<ParamSpec> p = new ArrayList<>(ImplicitAls.PARAMS);
        p.removeIf(s -> s.name().equals("reg-mode")); // not implemented for the per-scene offsets
        p.add(4, ParamSpec.ofDouble("scene-reg", 300.0, 1e-6, 1e9,
                "L2 weight of the per-scene item offsets (larger: every scene closer to the shared model)"));
        return List.copyOf(p);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "scene-aware implicit ALS: shared factors plus per-scene item offsets shrunk towards the shared ones";
    }

    /** Scene-aware: reads the scene of events. */
    @Override
    public Set<DataField> reads(Params params) {
        return Set.of(DataField.SCENE);
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public SceneIalsModel train(TrainingData data, Params params, TrainingListener listener) {
        if (data == null || params == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        ImplicitAlsTrainer.Config c = ImplicitAls.config(params);
        float sceneReg = params.getFloat("scene-reg");
        InteractionMatrix m = data.matrix();
        Interactions log = data.dataset().interactions();
        List<Scene> logScenes = log.scenes();
        int ns = logScenes.size();
        int users = m.rows();
        int workers = Parallel.resolve(c.threads());
        long dim = (long) c.factors() * (ns + 1);
        TrainingChecks.requireMemory(NAME + ": the stacked factors, scene shares and Gram matrices",
                TrainingChecks.saturatingAdd(TrainingChecks.bytes(4, dim, 2L * users + 2L * m.cols()),
                        TrainingChecks.bytes(8, dim, dim, workers + 2L)),
                "lower factors (now " + c.factors() + ") or use fewer scenes (now " + ns + ")");
        float[] z = shares(log, users, m.cols(), ns);
        List<String> names = new ArrayList<>();
        for (Scene s : logScenes) {
            names.add(s.name());
        }
        SceneIalsTrainer t = new SceneIalsTrainer(m, c, z, ns, sceneReg);
        t.train(listener == null ? TrainingListener.NONE : listener);
        TrainingChecks.requireFinite(NAME, "lower alpha (now " + c.alpha() + ") or raise reg (now " + c.reg()
                + ") and scene-reg (now " + sceneReg + ")", t.userFactors(), t.itemRows());
        return new SceneIalsModel(params, c.factors(), names, c.alpha(), c.reg(), t.userFactors(), t.itemRows(),
                Fingerprints.of(m));
    }

    /**
     * Row-major users x ns: z_us, the share of u's events (inside the matrix) in scene s; 0 for a
     * user with no scene event.
     */
    static float[] shares(Interactions log, int users, int items, int ns) {
        float[] z = new float[users * ns];
        int[] total = new int[users];
        for (int e = 0; e < log.size(); e++) {
            int u = log.user(e);
            int s = log.sceneCode(e);
            if (s >= 0 && u < users && log.item(e) < items) {
                z[u * ns + s] += 1f;
                total[u]++;
            }
        }
        for (int u = 0; u < users; u++) {
            for (int s = 0; s < ns && total[u] > 0; s++) {
                z[u * ns + s] /= total[u];
            }
        }
        return z;
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return SceneIalsModel.read(in, params);
    }
}
