package dev.recsys.eval.split;

import java.util.Locale;

/**
 * Parses protocol specifications as given to the CLI's {@code --protocol}:
 * <ul>
 *   <li>{@code random:0.2} — {@link RandomHoldout} of 20% of (user, item) pairs;</li>
 *   <li>{@code per-user:0.25} — {@link PerUserHoldout}, 75/25 per user;</li>
 *   <li>{@code time:0.2} — {@link TimeCutoff#latestFraction}, the latest 20% of events;
 *       {@code time@885000000} — {@link TimeCutoff#at} an epoch second;</li>
 *   <li>{@code leave-last-out} — {@link LeaveLastOut};</li>
 *   <li>{@code kfold:5} — {@link KFold} with 5 folds.</li>
 * </ul>
 * Predefined train/test files need no protocol ({@link Split#predefined}).
 *
 * <p>Thread safety: stateless.
 */
public final class SplitProtocols {
    /** The accepted forms, for error messages. */
    public static final String FORMS = "random:FRACTION, per-user:FRACTION, time:FRACTION, time@EPOCH_SECONDS,"
            + " leave-last-out, kfold:K (e.g. per-user:0.25, kfold:5)";

    private SplitProtocols() {
    }

    /**
     * Parses a protocol.
     *
     * @param spec the specification (case-insensitive)
     * @param seed seed for the random protocols
     * @throws IllegalArgumentException naming the accepted forms if {@code spec} is not one
     */
    public static SplitProtocol parse(String spec, long seed) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("protocol must not be blank; accepted: " + FORMS);
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.equals("leave-last-out") || s.equals("loo")) {
                return new LeaveLastOut();
            }
            if (s.startsWith("time@")) {
                return TimeCutoff.at(Long.parseLong(s.substring(5).trim()));
            }
            int c = s.indexOf(':');
            if (c > 0) {
                String name = s.substring(0, c).trim();
                String arg = s.substring(c + 1).trim();
                switch (name) {
                    case "random":
                        return new RandomHoldout(Double.parseDouble(arg), seed);
                    case "per-user":
                        return new PerUserHoldout(Double.parseDouble(arg), seed);
                    case "time":
                        return TimeCutoff.latestFraction(Double.parseDouble(arg));
                    case "kfold":
                        return new KFold(Integer.parseInt(arg), seed);
                    default:
                        break;
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("protocol '" + spec + "' has a malformed number; accepted: " + FORMS, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("protocol '" + spec + "': " + e.getMessage() + "; accepted: " + FORMS, e);
        }
        throw new IllegalArgumentException("unknown protocol '" + spec + "'; accepted: " + FORMS);
    }
}
