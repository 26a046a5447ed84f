package dev.recsys.nn.scene;

import dev.recsys.data.DataField;
import dev.recsys.data.ItemCatalog;
import dev.recsys.nn.internal.CommonParams;
import dev.recsys.nn.internal.Fitting;
import dev.recsys.nn.scene.internal.ItemAttributes;
import dev.recsys.nn.scene.internal.SceneStarModel;
import dev.recsys.nn.scene.internal.SceneStarTrainer;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A scene-aware factor model in the style of STAR (Sheng et al., CIKM 2021): user and item vectors
 * and item biases are shared by every scene; each scene learns a factor gate multiplied
 * element-wise into the shared interaction ({@code P[u] * (1 + D[s]) . Q[i]}, shared weights times
 * scene weights) and its own item-bias vector (the scene's auxiliary popularity); optionally a
 * scene user offset ({@code scene-user}), per-scene item offsets ({@code scene-items}) and
 * per-scene biases of the catalogue's categorical item attributes ({@code scene-attributes}, e.g.
 * a scene x category bias; nothing when the catalogue has no attributes) and a learnt mix of the
 * other scenes' gates and item biases ({@code scene-mix}). After training, {@code scene-shrink}
 * shrinks each scene's gate and biases towards the triple-weighted mean of the other scenes' by
 * {@code k / (n_s + k)} ({@code n_s} = the scene's training triples, {@code k} = {@code scene-shrink}
 * times the mean triples per scene), so a sparse scene's noisy part
 * leans on the well-observed ones while large scenes keep theirs. Scene
 * parts are pulled towards the shared model by their own L2 penalty, so a sparse scene borrows
 * strength from the others. Trained with BPR on the distinct scene-tagged (user, item, scene)
 * triples, one sampled negative each, Adam, in two stages: {@code epochs} of joint training of all
 * parts, then {@code finetune-epochs} in which only the scene parts learn, each from its own
 * scene's triples, with the shared part frozen (STAR / PEPNet-style scene fine-tuning; with
 * {@code pretrain-shared} the first stage is exactly the {@code scenes=false} training).
 * {@link dev.recsys.spi.Query#scene()} selects the scene part at scoring time; a scene unseen in
 * training falls back to the shared part; users unseen in training are folded in from the mean
 * vector of their query items. With {@code scenes=false} it is the same network without scene
 * parts (one shared BPR model trained for {@code epochs}; {@code finetune-epochs} does nothing).
 *
 * <p>Defaults were chosen on a validation split cut from the training data (see
 * {@code recsys-nn/SCENES.md}). Training is single-threaded and reproducible for a given
 * {@code seed}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class SceneStar implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "scene-star";

    private static final List<ParamSpec> PARAMS = List.of(
            CommonParams.seed(),
            ParamSpec.ofInt("factors", 64, 1, 4096, "latent factors shared by users and items"),
            ParamSpec.ofBoolean("scenes", true, "learn per-scene gates and item biases (false = one shared model)"),
            ParamSpec.ofDouble("reg", 0.03, 0.0, 10.0, "L2 penalty of the shared user and item rows"),
            ParamSpec.ofDouble("scene-reg", 0.1, 0.0, 10.0, "L2 penalty of the scene gates and scene item biases"),
            ParamSpec.ofDouble("init-std", 0.1, 0.0, 1.0, "standard deviation of the initial user and item factors"),
            ParamSpec.ofBoolean("scene-gate", true, "per-scene factor gate 1 + D[s] on the user-item interaction"),
            ParamSpec.ofBoolean("scene-user", false, "per-scene user offset G[s] added to every user vector"),
            ParamSpec.ofBoolean("scene-items", false, "per-scene item offsets E[s,i] added to the shared item vectors"),
            ParamSpec.ofDouble("scene-item-reg", 0.1, 0.0, 10.0, "L2 penalty of the per-scene item offsets"),
            ParamSpec.ofInt("finetune-epochs", 10, 0, 100_000,
                    "epochs after 'epochs' that train only the scene parts on their scene's events, shared part frozen"),
            ParamSpec.ofBoolean("pretrain-shared", false,
                    "with finetune-epochs: the first 'epochs' train the shared part exactly as scenes=false does"),
            ParamSpec.ofBoolean("scene-bias-scale", false, "per-scene scale 1 + A[s] of the shared item bias"),
            ParamSpec.ofDouble("scene-negatives", 0.0, 0.0, 1.0,
                    "fine-tuning: share of negatives drawn from the scene's own items (popularity-weighted)"),
            ParamSpec.ofChoice("scene-attributes", "none", List.of("none", "category", "category-brand", "all"),
                    "per-scene biases H[s,v] of the catalogue's categorical item attributes (all = every declared one)"),
            ParamSpec.ofDouble("scene-attr-reg", 0.1, 0.0, 10.0, "L2 penalty of the scene attribute biases"),
            ParamSpec.ofBoolean("scene-mix", false,
                    "each scene also uses a learnt mix M[s,t] of the other scenes' gates and item biases"),
            ParamSpec.ofDouble("scene-mix-reg", 0.1, 0.0, 10.0, "L2 penalty of the scene mixing weights"),
            ParamSpec.ofDouble("scene-shrink", 0.125, 0.0, 1000.0,
                    "after training, shrink scene s's parts towards the other scenes' by k/(n_s+k), k = this x mean triples per scene (0 = off)"),
            CommonParams.epochs(60),
            CommonParams.batch(256),
            CommonParams.learningRate(5e-3),
            CommonParams.weightDecay(0.0));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "scene-aware BPR factor model: shared user/item vectors, STAR-style per-scene gates and item biases";
    }

    /** The scene of events unless {@code scenes=false}; the category with {@code scene-attributes} other than none. */
    @Override
    public Set<DataField> reads(Params params) {
        Set<DataField> out = EnumSet.noneOf(DataField.class);
        if (params.getBoolean("scenes")) {
            out.add(DataField.SCENE);
        }
        if (!params.getChoice("scene-attributes").equals("none")) {
            out.add(DataField.CATEGORY);
        }
        return out;
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        if (data == null || params == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        SceneStarTrainer.Config c = new SceneStarTrainer.Config(params.getInt("factors"),
                params.getBoolean("scenes"), params.getFloat("reg"), params.getFloat("scene-reg"),
                params.getInt(CommonParams.EPOCHS), params.getInt(CommonParams.BATCH),
                params.getLong(CommonParams.SEED), params.getDouble("init-std"), params.getBoolean("scene-gate"),
                params.getBoolean("scene-user"), params.getBoolean("scene-items"), params.getFloat("scene-item-reg"),
                params.getInt("finetune-epochs"), params.getBoolean("pretrain-shared"), params.getBoolean("scene-bias-scale"),
                params.getDouble("scene-negatives"), params.getFloat("scene-attr-reg"),
                params.getBoolean("scene-mix"), params.getFloat("scene-mix-reg"),
                params.getDouble("scene-shrink"));
        long scenes = c.useScenes() ? data.dataset().interactions().scenes().size() : 0;
        long shared = (long) c.factors() * ((long) data.numUsers() + data.numItems()) + data.numItems();
        Fitting.requireMemory(NAME, c.itemOffsets() ? shared + scenes * data.numItems() * c.factors() : shared,
                "lower factors (now " + c.factors() + ")" + (c.itemOffsets() ? " or turn scene-items off" : ""));
        ItemAttributes attributes = attributes(data.dataset().catalog(), params.getChoice("scene-attributes"),
                Math.max(1, data.numItems()));
        SceneStarTrainer.Result r = SceneStarTrainer.train(data.dataset().interactions(), data.matrix(),
                data.options(), c, attributes, CommonParams.adam(params),
                listener == null ? TrainingListener.NONE : listener);
        Fitting.requireFinite(NAME, params, r.network().parameters());
        return new SceneStarModel(NAME, params, r.network(), r.scenes());
    }

    /** The item features of the {@code scene-attributes} choice (no features when the catalogue has none). */
    static ItemAttributes attributes(ItemCatalog catalog, String choice, int items) {
        List<String> names = switch (choice) {
            case "none" -> List.of();
            case "category" -> List.of(ItemCatalog.CATEGORY);
            case "category-brand" -> List.of(ItemCatalog.CATEGORY, ItemCatalog.BRAND);
            case "all" -> catalog.categoricalAttributes();
            default -> throw new IllegalArgumentException("unknown scene-attributes '" + choice + "'");
        };
        return names.isEmpty() ? null : ItemAttributes.of(catalog, names, items);
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return SceneStarModel.load(NAME, in, params);
    }
}
