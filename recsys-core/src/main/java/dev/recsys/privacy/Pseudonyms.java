package dev.recsys.privacy;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommender;
import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.InteractionLoader;
import dev.recsys.data.io.LoadOptions;
import dev.recsys.data.io.LoadResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.ToIntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonymous user ids: a keyed hash, HMAC-SHA-256 truncated to {@value #DEFAULT_BYTES} bytes
 * (128 bits) and written as {@value #PREFIX} plus unpadded base64url (24 characters), replaces
 * each raw user id. The key comes from the application (at least {@value #MIN_KEY_BYTES} bytes,
 * for example from its secret store) and is never written anywhere by the library: data sets,
 * models, model files, rankings and logs built from pseudonymised data hold pseudonyms only, and
 * without the key nobody can tell which raw id a pseudonym stands for or test a guessed id
 * against it. The same key always gives the same pseudonym, so serving takes raw ids and hashes
 * them ({@link #recommender}, {@link #event}); forgetting a user is
 * {@code engine.forget(pseudonyms.of(rawId))}.
 *
 * <pre>{@code
 * Pseudonyms p = Pseudonyms.withKey(secretKeyBytes);
 * Dataset data = p.load(file, DataFormat.MOVIELENS, LoadOptions.defaults()).dataset();
 * RecommenderModel model = Recommenders.train(data, "ials", Map.of(), TrainingListener.NONE);
 * Recommender serving = p.recommender(model.recommender());     // takes raw ids
 * model.recommender().record(p.event(Event.of("alice", "i42", Behavior.VIEW, now)));
 * }</pre>
 *
 * <p>Item ids are not changed; basket and session ids are replaced like user ids ({@link #apply}).
 * Saving a model whose user ids are not pseudonyms is a visible
 * choice: {@link ModelExport#save} refuses it unless told {@link ModelExport.UserIds#RAW_ALLOWED}.
 *
 * <p>Thread safety: immutable and thread-safe (each thread hashes with its own {@link Mac}). The
 * instance holds the key in memory; {@link #toString()} does not show it.
 */
public final class Pseudonyms {
    /** Bytes of the HMAC kept (128 bits). */
    public static final int DEFAULT_BYTES = 16;
    /** Shortest key accepted, in bytes (128 bits). */
    public static final int MIN_KEY_BYTES = 16;
    /** Prefix of every pseudonym. */
    public static final String PREFIX = "p-";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int ENCODED = (DEFAULT_BYTES * 8 + 5) / 6;
    /** Hashed before a basket id (keeps basket pseudonyms apart from user pseudonyms). */
    private static final String BASKET_DOMAIN = "\u0000basket\u0000";
    /** Hashed before a session id. */
    private static final String SESSION_DOMAIN = "\u0000session\u0000";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> mac;

    private Pseudonyms(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.mac = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail now, not on first use
    }

    /**
     * Pseudonyms under a key.
     *
     * @param key the secret key, at least {@value #MIN_KEY_BYTES} bytes. Copied (the caller may wipe its array).
     * @throws IllegalArgumentException if key is null or shorter than {@value #MIN_KEY_BYTES} bytes
     */
    public static Pseudonyms withKey(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("key must hold at least " + MIN_KEY_BYTES + " bytes, got "
                    + (key == null ? "null" : key.length));
        }
        return new Pseudonyms(key.clone());
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("key is not usable for " + ALGORITHM + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    /**
     * The pseudonym of a raw user id.
     *
     * @throws IllegalArgumentException if user is null
     */
    public String of(String user) {
        if (user == null) {
            throw new IllegalArgumentException("user must not be null");
        }
        byte[] h = mac.get().doFinal(user.getBytes(StandardCharsets.UTF_8));
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, DEFAULT_BYTES));
    }

    /** Whether an id has the form of a pseudonym (under any key). */
    public static boolean isPseudonym(String id) {
        if (id == null || id.length() != PREFIX.length() + ENCODED || !id.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The data set with every user id replaced by its pseudonym (events in the same order, same
     * item index and catalogue, shared). Basket (order) and session ids, which a shop can link
     * back to a customer, are replaced the same way (the keyed hash of the id, kept apart from
     * user pseudonyms), so events keep their baskets and sessions and the raw ids are gone.
     *
     * @param data events with raw user ids. Not modified.
     * @throws IllegalArgumentException if data is null
     */
    public Dataset apply(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        Interactions in = data.interactions();
        IdIndex users = new IdIndex();
        int[] map = new int[in.users().size()];
        for (int u = 0; u < map.length; u++) {
            map[u] = users.add(of(in.users().idOf(u)));
        }
        Interactions out = new Interactions(users, in.items(), in.size());
        for (Scene s : in.scenes()) {
            out.sceneCode(s);
        }
        int[] baskets = in.hasBaskets() ? groupCodes(in.basketIds(), BASKET_DOMAIN, out::basketCode) : null;
        int[] sessions = in.hasSessions() ? groupCodes(in.sessionIds(), SESSION_DOMAIN, out::sessionCode) : null;
        for (int e = 0; e < in.size(); e++) {
            int at = out.add(map[in.user(e)], in.item(e), in.behavior(e), in.value(e), in.time(e), in.sceneCode(e));
            if (baskets != null) {
                int b = in.basket(e);
                out.setBasket(at, b == Interactions.NO_GROUP ? Interactions.NO_GROUP : baskets[b]);
            }
            if (sessions != null) {
                int g = in.session(e);
                out.setSession(at, g == Interactions.NO_GROUP ? Interactions.NO_GROUP : sessions[g]);
            }
        }
        out.trimToSize();
        return new Dataset(out, data.catalog());
    }

    /** For each code of a basket or session dictionary, the code of its pseudonym in the new log. */
    private int[] groupCodes(IdIndex ids, String domain, ToIntFunction<String> code) {
        int[] map = new int[ids.size()];
        for (int c = 0; c < map.length; c++) {
            map[c] = code.applyAsInt(of(domain + ids.idOf(c)));
        }
        return map;
    }

    /**
     * Loads an interaction file with {@link InteractionLoader} and replaces its user ids by
     * pseudonyms before returning: the raw ids exist only inside this call.
     *
     * @throws IllegalArgumentException as {@link InteractionLoader#load(Path, DataFormat, LoadOptions)},
     *                                  which also throws {@link dev.recsys.data.io.DataFileException}
     */
    public LoadResult load(Path file, DataFormat format, LoadOptions options) {
        LoadResult raw = InteractionLoader.load(file, format, options);
        return new LoadResult(apply(raw.dataset()), raw.report());
    }

    /** The event with its user id replaced by the pseudonym (null user stays null). */
    public Event event(Event e) {
        if (e == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        return e.user() == null ? e : new Event(of(e.user()), e.item(), e.behavior(), e.value(), e.timestamp(), e.scene());
    }

    /** The request with its user and recent events' users replaced by pseudonyms. */
    public RecommendRequest request(RecommendRequest r) {
        if (r == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        RecommendRequest.Builder b = RecommendRequest.builder(r.scene(), r.k()).cart(r.cart()).exclude(r.exclude());
        if (r.user() != null) {
            b.user(of(r.user()));
        }
        if (r.currentItem() != null) {
            b.currentItem(r.currentItem());
        }
        if (!r.recentEvents().isEmpty()) {
            List<Event> ev = new ArrayList<>(r.recentEvents().size());
            for (Event e : r.recentEvents()) {
                ev.add(event(e));
            }
            b.recentEvents(ev);
        }
        if (r.filter() != null) {
            b.filter(r.filter());
        }
        if (r.candidates() != null) {
            b.candidates(r.candidates());
        }
        if (r.allowRepeats() != null) {
            b.allowRepeats(r.allowRepeats());
        }
        return b.build();
    }

    /**
     * A recommender that takes raw user ids and asks {@code delegate} (serving a model trained on
     * pseudonymised data) with their pseudonyms. Thread-safe if the delegate is.
     */
    public Recommender recommender(Recommender delegate) {
        if (delegate == null) {
            throw new IllegalArgumentException("delegate must not be null");
        }
        return new Recommender() {
            @Override
            public List<Recommendation> recommend(RecommendRequest request) {
                return delegate.recommend(request(request));
            }
        };
    }

    @Override
    public String toString() {
        return "Pseudonyms[HMAC-SHA-256/" + (DEFAULT_BYTES * 8) + "]";
    }
}
