package dev.recsys.internal.kernel;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the kernel implementation once per JVM, after Lucene's {@code VectorizationProvider}.
 *
 * <p>Automatic choice, best first:
 * <ol>
 *   <li>{@code vector}: the Vector API, when the {@code jdk.incubator.vector} module is in the boot
 *       layer (run with {@code --add-modules jdk.incubator.vector}), the JIT is not C1-only or
 *       interpreted (there the Vector API is slower than scalar code), and the
 *       preferred float species has at least 128 bits;</li>
 *   <li>{@code jblas}: when jblas is on the class path and its native library passes a 1 x 1
 *       multiply (its gemm beats scalar Java; small operations go to the scalar kernels);</li>
 *   <li>{@code scalar}: always available.</li>
 * </ol>
 * The system property {@code recsys.kernels=scalar|vector|jblas} forces one; if the forced one is
 * unavailable a warning names the reason and the automatic choice is used. The vector gemm's
 * micro-tile is chosen for the preferred vector width (16 registers on AVX2, 32 on AVX-512);
 * {@code -Drecsys.gemm.tile=MRxNR} (e.g. {@code 6x16}) forces one. One INFO line on
 * logger {@code dev.recsys.internal.kernel.Kernels} says which is active and why the better ones
 * are not, with the gemm tile and the vector SGD kernels' register shapes (how many vectors of a
 * row stay in registers).
 *
 * <p>Thread safety: thread-safe (the choice is made in a static holder's initializer).
 */
public final class Kernels {
    /** System property forcing an implementation. */
    public static final String PROPERTY = "recsys.kernels";

    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
    private static final String PANAMA_CLASS = "dev.recsys.internal.kernel.panama.PanamaKernels";
    private static final String PANAMA_QUANT_CLASS = "dev.recsys.internal.kernel.panama.PanamaQuantKernels";
    private static final String PANAMA_SGD_CLASS = "dev.recsys.internal.kernel.panama.PanamaSgdKernels";
    private static final String JBLAS_CLASS = "dev.recsys.internal.kernel.jblas.JblasKernels";
    /** Why jblas is unavailable when its classes are missing, with what to add (the CLI jar's manifest names the jar). */
    private static final String JBLAS_MISSING = "jblas is not on the class path: add the dependency org.jblas:jblas:1.2.5 "
            + "(for recsys.jar, put jblas-1.2.5.jar in the same directory)";

    private Kernels() {
    }

    /** The active implementation (chosen on first use). */
    public static FloatKernels get() {
        return Holder.INSTANCE;
    }

    /**
     * Creates the named implementation if it can run in this JVM, independently of the active one
     * (for tests and benchmarks).
     *
     * @param name {@code scalar}, {@code vector} or {@code jblas}
     * @return the implementation, or empty if it is unavailable here
     * @throws IllegalArgumentException if name is not one of the three
     */
    public static Optional<FloatKernels> create(String name) {
        Probe p = probe(name);
        return Optional.ofNullable(p.kernels);
    }

    /**
     * Why the named implementation is unavailable here.
     *
     * @param name {@code scalar}, {@code vector} or {@code jblas}
     * @return the reason, or empty if it is available
     * @throws IllegalArgumentException if name is not one of the three
     */
    public static Optional<String> unavailableReason(String name) {
        Probe p = probe(name);
        return p.kernels == null ? Optional.of(p.reason) : Optional.empty();
    }

    /** Every implementation that can run in this JVM, scalar first. */
    public static List<FloatKernels> available() {
        List<FloatKernels> out = new ArrayList<>();
        for (String name : List.of("scalar", "vector", "jblas")) {
            create(name).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The Vector API kernels once per gemm micro-tile shape they have (whatever this host's
     * preferred shape), for equivalence tests; empty if the Vector API is unavailable here. The
     * shared instance's shape is chosen at start-up for the preferred vector width, or forced
     * with {@code -Drecsys.gemm.tile=MRxNR}.
     */
    @SuppressWarnings("unchecked")
    public static List<FloatKernels> vectorEveryGemmTile() {
        if (probe("vector").kernels == null) {
            return List.of();
        }
        try {
            return (List<FloatKernels>) Class.forName(PANAMA_CLASS).getMethod("createEveryTile").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("vector kernels loaded once but not now", e);
        }
    }

    /**
     * The active SGD kernels ({@link SgdKernels}), chosen with the float kernels: {@code vector}
     * when the float kernels are the Vector API ones, the best pure-Java SGD kernels when they are
     * jblas (which has none), {@code scalar} otherwise.
     */
    public static SgdKernels sgd() {
        return Holder.SGD;
    }

    /**
     * Creates the named SGD kernels if they can run in this JVM, independently of the active ones
     * (for tests and benchmarks).
     *
     * @param name {@code scalar} or {@code vector}
     * @return the implementation, or empty if it is unavailable here
     * @throws IllegalArgumentException if name is not one of the two
     */
    public static Optional<SgdKernels> createSgd(String name) {
        switch (name) {
            case "scalar":
                return Optional.of(ScalarSgdKernels.INSTANCE);
            case "vector":
                if (probe("vector").kernels == null) {
                    return Optional.empty();
                }
                SgdProbe p = probeSgdVector("vector".equals(get().name()));
                return Optional.ofNullable(p.kernels);
            default:
                throw new IllegalArgumentException("name must be scalar or vector, got " + name);
        }
    }

    /**
     * The active quantised-row kernels ({@link QuantKernels}): {@code vector} when the Vector API
     * runs here (whatever the float kernels, as jblas has none), else {@code scalar}. Forcing
     * {@code -Drecsys.kernels=scalar} forces the scalar ones too.
     */
    public static QuantKernels quant() {
        return QuantHolder.INSTANCE;
    }

    /**
     * Creates the named quantised-row kernels if they can run in this JVM (for tests and benchmarks).
     *
     * @param name {@code scalar} or {@code vector}
     * @return the implementation, or empty if it is unavailable here
     * @throws IllegalArgumentException if name is not one of the two
     */
    public static Optional<QuantKernels> createQuant(String name) {
        switch (name) {
            case "scalar":
                return Optional.of(ScalarQuantKernels.INSTANCE);
            case "vector":
                if (probe("vector").kernels == null) {
                    return Optional.empty();
                }
                try {
                    return Optional.of((QuantKernels) Class.forName(PANAMA_QUANT_CLASS).getMethod("create").invoke(null));
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    LOG.debug("vector quantised kernels unavailable", e);
                    return Optional.empty();
                }
            default:
                throw new IllegalArgumentException("name must be scalar or vector, got " + name);
        }
    }

    private static final class QuantHolder {
        static final QuantKernels INSTANCE = chooseQuant();

        private static QuantKernels chooseQuant() {
            String forced = System.getProperty(PROPERTY);
            if (forced != null && forced.trim().equalsIgnoreCase("scalar")) {
                return ScalarQuantKernels.INSTANCE;
            }
            return createQuant("vector").orElse(ScalarQuantKernels.INSTANCE);
        }
    }

    /** Both choices, made together in one initializer that writes one log line. */
    private static final class Holder {
        static final FloatKernels INSTANCE;
        static final SgdKernels SGD;

        static {
            Choice c = choose();
            String k = c.kernels.name();
            SgdKernels sgd = ScalarSgdKernels.INSTANCE;
            String sgdPart = "scalar";
            if (k.equals("vector") || (k.equals("jblas") && probe("vector").kernels != null)) {
                // jblas has no SGD kernels: the best pure-Java ones run beside it
                SgdProbe p = probeSgdVector(k.equals("vector"));
                if (p.kernels != null) {
                    sgd = p.kernels;
                    sgdPart = "vector (" + p.kernels + ")";
                } else {
                    sgdPart = "scalar [" + p.reason + "]";
                }
            }
            if (k.equals("jblas")) {
                sgdPart += " (jblas has no SGD kernels)";
            }
            LOG.info("recsys kernels: {}; SGD kernels: {}", c.line, sgdPart);
            INSTANCE = c.kernels;
            SGD = sgd;
        }
    }

    /** The float kernels and the part of the INFO line that explains them. */
    private record Choice(FloatKernels kernels, String line) {
    }

    private static Choice choose() {
        StringBuilder why = new StringBuilder();
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            String name = forced.trim().toLowerCase(Locale.ROOT);
            if (!List.of("scalar", "vector", "jblas").contains(name)) {
                LOG.warn("ignoring -D{}={}: expected scalar, vector or jblas", PROPERTY, forced);
            } else {
                Probe p = probe(name);
                if (p.kernels != null) {
                    return new Choice(p.kernels, describe(p.kernels) + " (forced by -D" + PROPERTY + ")"
                            + (name.equals("jblas") ? "; small operations use " + bestJava().name() : ""));
                }
                LOG.warn("-D{}={} is unavailable ({}); choosing automatically", PROPERTY, name, p.reason);
            }
        }
        Probe vector = probe("vector");
        if (vector.kernels != null) {
            return new Choice(vector.kernels, describe(vector.kernels));
        }
        why.append("vector unavailable: ").append(vector.reason);
        Probe jblas = probe("jblas");
        if (jblas.kernels != null) {
            return new Choice(jblas.kernels, "jblas (native gemm; small operations scalar) [" + why + "]");
        }
        why.append("; jblas unavailable: ").append(jblas.reason);
        return new Choice(ScalarKernels.INSTANCE, "scalar [" + why + "]");
    }

    private static String describe(FloatKernels k) {
        if (k.name().equals("vector")) {
            try {
                Class<?> cls = Class.forName(PANAMA_CLASS);
                Object bits = cls.getMethod("vectorBitSize").invoke(null);
                Object tile = cls.getMethod("gemmTile").invoke(null);
                return "vector (Vector API, " + bits + "-bit float species, gemm tile " + tile + ")";
            } catch (ReflectiveOperationException | LinkageError e) {
                return "vector";
            }
        }
        return k.name();
    }

    /** The best pure-Java implementation: vector if it runs here, else scalar. */
    /**
     * The fastest pure-Java implementation here ({@code vector}, else {@code scalar}), whatever the
     * active one. For callers that run several gemm calls at once on disjoint parts of one large
     * array: jblas copies every array argument whole into native memory and back, so concurrent
     * calls on the same array would overwrite each other's results (and each call would copy the
     * whole array).
     */
    public static FloatKernels bestJava() {
        Probe v = probe("vector");
        return v.kernels != null ? v.kernels : ScalarKernels.INSTANCE;
    }

    /** An implementation or the reason it is unavailable. */
    private record Probe(FloatKernels kernels, String reason) {
    }

    private static Probe probe(String name) {
        switch (name) {
            case "scalar":
                return new Probe(ScalarKernels.INSTANCE, null);
            case "vector":
                return VectorProbe.RESULT;
            case "jblas":
                return JblasProbe.RESULT;
            default:
                throw new IllegalArgumentException("name must be scalar, vector or jblas, got " + name);
        }
    }

    private static final class VectorProbe {
        static final Probe RESULT = probeVector();
    }

    private static final class JblasProbe {
        static final Probe RESULT = probeJblas();
    }

    private static Probe probeVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return new Probe(null, "pass '--add-modules jdk.incubator.vector' to enable the Vector API");
        }
        String c1Only = c1OnlyReason();
        if (c1Only != null) {
            return new Probe(null, c1Only + ": the Vector API would be slower than scalar code");
        }
        try {
            Class<?> cls = Class.forName(PANAMA_CLASS);
            return new Probe((FloatKernels) cls.getMethod("create").invoke(null), null);
        } catch (InvocationTargetException e) {
            return new Probe(null, String.valueOf(e.getCause()));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Probe(null, "cannot load the Vector API kernels: " + e);
        }
    }

    /** Null if C2 is available, else why not. */
    private static String c1OnlyReason() {
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("emulated-client")) {
            return "the JVM runs C1 only (emulated-client)";
        }
        if (info.contains("interpreted mode")) {
            return "the JVM runs interpreted (-Xint)";
        }
        try {
            for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (arg.matches("-XX:TieredStopAtLevel=[0-3]") || arg.equals("-XX:-UseCompiler")) {
                    return "C2 is disabled (" + arg + ")";
                }
            }
        } catch (LinkageError | RuntimeException e) {
            // java.management absent (a jlinked image): rely on java.vm.info alone
        }
        return null;
    }

    /** SGD kernels or the reason they are unavailable. */
    private record SgdProbe(SgdKernels kernels, String reason) {
    }

    private static SgdProbe probeSgdVector(boolean coreIsVector) {
        try {
            Class<?> cls = Class.forName(PANAMA_SGD_CLASS);
            return new SgdProbe((SgdKernels) cls.getMethod("create", boolean.class).invoke(null, coreIsVector), null);
        } catch (InvocationTargetException e) {
            return new SgdProbe(null, "vector SGD kernels unavailable: " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new SgdProbe(null, "cannot load the Vector API SGD kernels: " + e);
        }
    }

    private static Probe probeJblas() {
        try {
            Class<?> cls = Class.forName(JBLAS_CLASS);
            FloatKernels java = bestJava();
            return new Probe((FloatKernels) cls.getMethod("create", FloatKernels.class).invoke(null, java), null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NoClassDefFoundError) {
                return new Probe(null, JBLAS_MISSING);
            }
            return new Probe(null, "its native library did not load (it needs libgfortran.so.5: on Debian or Ubuntu "
                    + "'apt-get install libgfortran5'): " + cause);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Probe(null, JBLAS_MISSING + " (" + e + ")");
        }
    }
}
