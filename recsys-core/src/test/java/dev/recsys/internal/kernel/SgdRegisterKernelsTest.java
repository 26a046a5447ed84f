package dev.recsys.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every register kernel of the Vector API SGD kernels (k = 2, 4, 8 and 16 vectors; users' rows in
 * registers or not; unrolled per-rating step or the dot-then-step loops), forced through
 * {@code PanamaSgdKernels.create(coreIsVector, streamVectors, unrolled)}, against the vector
 * dot-then-step loops (bit for bit: the kernels promise the same arithmetic) and against the scalar
 * kernels (to float rounding), at k a multiple of the vector length and not; and
 * {@code confidenceSum} (register paths at k = 4 and 8 vectors) against core's dot-then-axpy, bit
 * for bit. The vector widths the
 * host does not prefer run in a child JVM with a narrower preferred species ({@code -XX:UseAVX=2}
 * for 256-bit, {@code -XX:MaxVectorSize=16} for 128-bit) where HotSpot on x86 allows it. The same
 * kernels, run interpreted ({@code -Xint}) and compiled by C2 in two child JVMs, give the same bits
 * (the lane sums' order does not depend on when the JIT compiles a loop). Skipped
 * without the Vector API module (the plain surefire run).
 */
class SgdRegisterKernelsTest {
    private static final String PANAMA = "dev.recsys.internal.kernel.panama.PanamaSgdKernels";

    private static boolean vectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    @Test
    void everyRegisterKernelMatchesTheLoopsAndTheScalarKernels() throws Exception {
        assumeTrue(vectorModule(), "Vector API module absent: the register kernels are not available");
        List<String> bad = mismatches();
        assertThat(bad).as("mismatches at %d lanes", lanes()).isEmpty();
    }

    @Test
    void narrowerWidthsInAChildJvm() throws Exception {
        assumeTrue(vectorModule(), "Vector API module absent: the register kernels are not available");
        String arch = System.getProperty("os.arch");
        assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "narrower species forced only on x86: " + arch);
        int lanes = lanes();
        List<String[]> runs = new ArrayList<>();
        if (lanes > 8) {
            runs.add(new String[] {"-XX:UseAVX=2", "8"});
        }
        if (lanes > 4) {
            runs.add(new String[] {"-XX:MaxVectorSize=16", "4"});
        }
        assumeTrue(!runs.isEmpty(), "the host prefers the narrowest species already");
        for (String[] run : runs) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, run[0], "--add-modules", "jdk.incubator.vector",
                    "-cp", System.getProperty("java.class.path"), Child.class.getName());
            pb.redirectErrorStream(true);
            Process proc = pb.start();
            String out;
            try (InputStream in = proc.getInputStream()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                out = buf.toString(StandardCharsets.UTF_8);
            }
            assertThat(proc.waitFor(5, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
            assertThat(out).as(run[0] + " output").contains("lanes " + run[1] + ": all kernels match");
            assertThat(proc.exitValue()).as(run[0] + " exit code; output:\n" + out).isZero();
        }
    }

    /**
     * The kernels give the same bits interpreted ({@code -Xint}: the Vector API's Java fallback) and
     * compiled by C2 (lowered compile threshold, a warm-up of many rounds): the lane sums promise an
     * order that does not depend on when the JIT compiles a loop. Each child prints a digest of every
     * kernel's results ({@link ModesChild}); the compiled child also checks that every round gave the
     * same digest.
     */
    @Test
    void sameBitsInterpretedAndCompiled() throws Exception {
        assumeTrue(vectorModule(), "Vector API module absent: the register kernels are not available");
        String interpreted = child(ModesChild.class, "-Xint", "1");
        String compiled = child(ModesChild.class, "-XX:-TieredCompilation", "-XX:CompileThreshold=200", "400");
        assertThat(interpreted).as("interpreted child").contains("digest ");
        assertThat(compiled).as("compiled child").contains("digest ").doesNotContain("changed");
        assertThat(digests(compiled)).as("compiled (left) vs interpreted digests, per kernel and k")
            .containsExactlyElementsOf(digests(interpreted));
    }

    private static List<String> digests(String out) {
        return out.lines().filter(x -> x.startsWith("digest ")).toList();
    }

    private static String child(Class<?> main, String... argsThenRounds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(Arrays.asList(argsThenRounds).subList(0, argsThenRounds.length - 1));
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                main.getName(), argsThenRounds[argsThenRounds.length - 1]));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        Process proc = pb.start();
        String out;
        try (InputStream in = proc.getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            out = buf.toString(StandardCharsets.UTF_8);
        }
        assertThat(proc.waitFor(5, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
        assertThat(proc.exitValue()).as(cmd + " exit code; output:\n" + out).isZero();
        return out;
    }

    /**
     * Entry point of a child JVM: runs every forced SGD kernel variant (mfUsers, mfRating, dot,
     * confidenceSum) and core's dot and gemv on fixed problems, {@code args[0]} rounds, and prints
     * a digest of all result bits ({@code changed} if a round's digest differs from the first).
     */
    public static final class ModesChild {
        private ModesChild() {
        }

        /**
         * Runs the rounds.
         *
         * @param args the number of rounds
         * @throws Exception if the kernels cannot be created
         */
        public static void main(String[] args) throws Exception {
            int rounds = Integer.parseInt(args[0]);
            List<String> first = null;
            for (int round = 0; round < rounds; round++) {
                List<String> d = modesDigests();
                if (first == null) {
                    first = d;
                } else if (!d.equals(first)) {
                    System.out.println("round " + round + ": digest changed");
                    first = d;
                }
            }
            System.out.println("lanes " + lanes());
            first.forEach(System.out::println);
        }
    }

    private static long mix(long h, float[] a) {
        for (float x : a) {
            h = h * 0x9E3779B97F4A7C15L + Float.floatToRawIntBits(x);
        }
        return h;
    }

    private static long mix(long h, float x) {
        return h * 0x9E3779B97F4A7C15L + Float.floatToRawIntBits(x);
    }

    static List<String> modesDigests() throws ReflectiveOperationException {
        List<String> out = new ArrayList<>();
        int l = lanes();
        SgdKernels[] forced = {vector(0, false), vector(16, true), vector(16, false), vector(0, true), vector(2, true),
            vector(4, true), vector(8, true), (SgdKernels) Class.forName(PANAMA).getMethod("create", boolean.class)
                .invoke(null, true)};
        // core's vector kernels directly: Kernels.get() chooses scalar ones in an interpreted JVM
        FloatKernels core = (FloatKernels) Class.forName("dev.recsys.internal.kernel.panama.PanamaKernels")
            .getMethod("create").invoke(null);
        SplittableRandom r = new SplittableRandom(5);
        for (int k : new int[] {2 * l, 4 * l, 8 * l, 16 * l, l, 3 * l, 4 * l + 1, 7}) {
            Problem pr = Problem.random(r, k);
            float[] v = Problem.gauss(r, k + 3, 1f);
            for (int f = 0; f < forced.length; f++) {
                SgdKernels kern = forced[f];
                Problem x = pr.copy();
                x.run(kern);
                out.add(String.format(Locale.ROOT, "digest k=%d variant %d mfUsers %x", k, f,
                    mix(mix(mix(mix(17, x.p), x.q), x.bu), x.bi)));
                float[] p1 = pr.p.clone();
                float[] q1 = pr.q.clone();
                long h = mix(17, kern.mfRating(p1, k, q1, 2 * k, k, 4f, 3.2f, 0.995f, 0.02f));
                out.add(String.format(Locale.ROOT, "digest k=%d variant %d mfRating %x", k, f, mix(mix(h, p1), q1)));
                out.add(String.format(Locale.ROOT, "digest k=%d variant %d dot %x", k, f,
                    mix(17, kern.dot(pr.p, k, v, 3, k))));
                int[] idx = {0, 2, 4, 1, 3, 2, 0};
                float[] w = {1f, 2.5f, -1f, 0.5f, 3f, 1f, 2f};
                float[] acc = Problem.gauss(new SplittableRandom(k), k, 1f);
                kern.confidenceSum(pr.q, idx, w, 0, idx.length, 1.3f, k % 2 == 0, v, 3, acc, k);
                if (k != 4 * l && k != 8 * l) {
                    continue; // other k go through Kernels.get(), scalar when interpreted
                }
                out.add(String.format(Locale.ROOT, "digest k=%d variant %d confidenceSum %x", k, f, mix(17, acc)));
            }
            out.add(String.format(Locale.ROOT, "digest k=%d core dot %x", k,
                mix(17, core.dot(pr.p, 0, pr.q, 0, Math.min(pr.p.length, pr.q.length)))));
            float[] y = new float[5];
            core.gemv(false, 5, k, 1f, pr.q, 0, k, v, 3, 0f, y, 0);
            out.add(String.format(Locale.ROOT, "digest k=%d core gemv %x", k, mix(17, y)));
        }
        return out;
    }

    /** Entry point of the child JVM: prints the lane count and the mismatches; exit code 1 if any. */
    public static final class Child {
        private Child() {
        }

        /**
         * Runs the checks.
         *
         * @param args unused
         * @throws Exception if the kernels cannot be created
         */
        public static void main(String[] args) throws Exception {
            List<String> bad = mismatches();
            if (bad.isEmpty()) {
                System.out.println("lanes " + lanes() + ": all kernels match");
                return;
            }
            System.out.println("lanes " + lanes() + ": " + bad.size() + " mismatches");
            bad.forEach(System.out::println);
            System.exit(1);
        }
    }

    static int lanes() throws ReflectiveOperationException {
        return (Integer) Class.forName(PANAMA).getMethod("lanes").invoke(null);
    }

    private static SgdKernels vector(int streamVectors, boolean unrolled) throws ReflectiveOperationException {
        Method create = Class.forName(PANAMA).getMethod("create", boolean.class, int.class, boolean.class);
        return (SgdKernels) create.invoke(null, true, streamVectors, unrolled);
    }

    /** The checks at the current preferred width; an empty list when everything matches. */
    static List<String> mismatches() throws ReflectiveOperationException {
        int l = lanes();
        SgdKernels loops = vector(0, false);
        SgdKernels[] forced = {vector(16, true), vector(16, false), vector(0, true), vector(2, true), vector(4, true),
            vector(8, true), (SgdKernels) Class.forName(PANAMA).getMethod("create", boolean.class).invoke(null, true)};
        String[] names = {"streams<=16 unrolled", "streams<=16 loops", "unrolled", "streams<=2", "streams<=4",
            "streams<=8", "default"};
        SgdKernels scalar = ScalarSgdKernels.INSTANCE;
        List<String> bad = new ArrayList<>();
        int[] ks = {2 * l, 4 * l, 8 * l, 16 * l, l, 3 * l, 2 * l + 3, 4 * l + 1, 8 * l - 1, 7};
        SplittableRandom r = new SplittableRandom(11);
        for (int k : ks) {
            Problem pr = Problem.random(r, k);
            Problem ref = pr.copy();
            double refSq = ref.run(loops);
            Problem sc = pr.copy();
            double scSq = sc.run(scalar);
            if (!sc.closeTo(ref, 2e-4f) || Math.abs(scSq - refSq) > 1e-4 * Math.abs(refSq)) {
                bad.add(String.format(Locale.ROOT, "k=%d: vector loops differ from scalar beyond rounding", k));
            }
            for (int v = 0; v < forced.length; v++) {
                Problem x = pr.copy();
                double sq = x.run(forced[v]);
                if (Double.doubleToLongBits(sq) != Double.doubleToLongBits(refSq) || !x.sameBits(ref)) {
                    bad.add(String.format(Locale.ROOT, "k=%d %s: mfUsers not bit-identical to the loops", k, names[v]));
                }
                float[] p1 = pr.p.clone();
                float[] q1 = pr.q.clone();
                float[] p2 = pr.p.clone();
                float[] q2 = pr.q.clone();
                float e1 = forced[v].mfRating(p1, k, q1, 2 * k, k, 4f, 3.2f, 0.995f, 0.02f);
                float e2 = loops.mfRating(p2, k, q2, 2 * k, k, 4f, 3.2f, 0.995f, 0.02f);
                if (Float.floatToIntBits(e1) != Float.floatToIntBits(e2) || !Arrays.equals(p1, p2)
                        || !Arrays.equals(q1, q2)) {
                    bad.add(String.format(Locale.ROOT, "k=%d %s: mfRating not bit-identical to the loops", k,
                            names[v]));
                }
            }
        }
        confidenceSumMismatches(l, bad);
        return bad;
    }

    /**
     * {@code confidenceSum} of the default vector kernels (register paths at k = 4 and 8 vectors)
     * against core's dot-then-axpy per entry, bit for bit, at those k and beside them.
     */
    private static void confidenceSumMismatches(int l, List<String> bad) throws ReflectiveOperationException {
        SgdKernels kern = (SgdKernels) Class.forName(PANAMA).getMethod("create", boolean.class).invoke(null, true);
        FloatKernels core = Kernels.get();
        if (!core.name().equals("vector")) {
            bad.add("core kernels are " + core.name() + ", not vector: confidenceSum's register paths are off");
            return;
        }
        SplittableRandom r = new SplittableRandom(12);
        for (int k : new int[] {4 * l, 8 * l, 2 * l, 3 * l, 8 * l - 1, 16 * l}) {
            int rows = 30;
            float[] f = new float[rows * k];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) r.nextGaussian();
            }
            int[] idx = new int[40];
            float[] w = new float[idx.length];
            for (int e = 0; e < idx.length; e++) {
                idx[e] = r.nextInt(rows);
                w[e] = e % 5 == 0 ? -1f : (float) r.nextDouble() * 4f;
            }
            float[] v = new float[k + 3];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            for (int to : new int[] {37, 38}) { // an even and an odd number of entries (pairs, then one)
                for (boolean residual : new boolean[] {true, false}) {
                    float[] acc = new float[k];
                    for (int i = 0; i < k; i++) {
                        acc[i] = (float) r.nextGaussian();
                    }
                    float[] expected = acc.clone();
                    for (int e = 1; e < to; e++) {
                        int row = idx[e] * k;
                        float d = core.dot(f, row, v, 3, k);
                        float c1 = 1.3f * Math.max(w[e], 0f);
                        float c = 1f + c1;
                        core.axpy(k, residual ? c - (c - 1f) * d : c1 * d, f, row, expected, 0);
                    }
                    kern.confidenceSum(f, idx, w, 1, to, 1.3f, residual, v, 3, acc, k);
                    if (!Arrays.equals(acc, expected)) {
                        bad.add(String.format(Locale.ROOT, "k=%d to=%d residual=%s: confidenceSum not bit-identical "
                                + "to dot-then-axpy", k, to, residual));
                    }
                }
            }
        }
    }

    /** A small two-stream problem: few items, so both streams often update the same item in a round. */
    private static final class Problem {
        final int k;
        final int[] start;
        final int[] items;
        final float[] ratings;
        final int[] order;
        final float[] p;
        final float[] q;
        final float[] bu;
        final float[] bi;

        private Problem(int k, int[] start, int[] items, float[] ratings, int[] order, float[] p, float[] q,
                        float[] bu, float[] bi) {
            this.k = k;
            this.start = start;
            this.items = items;
            this.ratings = ratings;
            this.order = order;
            this.p = p;
            this.q = q;
            this.bu = bu;
            this.bi = bi;
        }

        static Problem random(SplittableRandom r, int k) {
            int nu = 12;
            int ni = 5;
            int[] start = new int[nu + 1];
            for (int u = 0; u < nu; u++) {
                start[u + 1] = start[u] + (u % 4 == 1 ? 0 : r.nextInt(30));
            }
            int n = start[nu];
            int[] items = new int[n];
            float[] ratings = new float[n];
            for (int e = 0; e < n; e++) {
                items[e] = r.nextInt(ni);
                ratings[e] = 1 + r.nextInt(5);
            }
            int[] order = {7, 1, 0, 11, 3, 5, 9, 2, 10, 6, 4};
            return new Problem(k, start, items, ratings, order, gauss(r, nu * k, 0.1f), gauss(r, ni * k, 0.1f),
                    gauss(r, nu, 0.1f), gauss(r, ni, 0.1f));
        }

        static float[] gauss(SplittableRandom r, int n, float scale) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) r.nextGaussian() * scale;
            }
            return a;
        }

        Problem copy() {
            return new Problem(k, start, items, ratings, order, p.clone(), q.clone(), bu.clone(), bi.clone());
        }

        double run(SgdKernels kern) {
            return kern.mfUsers(order, order.length, start, items, ratings, p, q, bu, bi, k, 3.5f, 0.999f, 0.01f,
                    0.05f);
        }

        boolean sameBits(Problem o) {
            return Arrays.equals(p, o.p) && Arrays.equals(q, o.q) && Arrays.equals(bu, o.bu)
                    && Arrays.equals(bi, o.bi);
        }

        boolean closeTo(Problem o, float tol) {
            return close(p, o.p, tol) && close(q, o.q, tol) && close(bu, o.bu, tol) && close(bi, o.bi, tol);
        }

        private static boolean close(float[] a, float[] b, float tol) {
            for (int i = 0; i < a.length; i++) {
                if (!(Math.abs(a[i] - b[i]) <= tol * Math.max(1f, Math.abs(b[i])))) {
                    return false;
                }
            }
            return true;
        }
    }
}
