package dev.recsys.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the {@code ```java} blocks of README.md into one Java program, so that a test (and
 * {@code scripts/consumer-check.sh}, which runs this file with {@code java ReadmeSnippets.java}) can
 * compile and run them. Depends on the JDK only.
 *
 * <p>The program: the blocks' {@code import} lines (plus {@code java.nio.file.*} and
 * {@code java.util.*}) head a class {@value #CLASS_NAME} whose method {@code snippets()} holds the
 * other lines of every block in README order, so a later block sees the variables of an earlier one
 * (the README tells one story). Two values the README uses without declaring are fields of the
 * class: {@code now} (the current time in epoch seconds) and {@code newData} (a newer export of the
 * shop: the same events file loaded again). {@code main} first writes a small synthetic shop as
 * {@code events.csv} and {@code items.csv} into the working directory when there is no
 * {@code events.csv}, then runs the snippets; a {@code ```java} block preceded by the line
 * {@code <!-- readme-test: compile-only -->} is compiled but not run.
 *
 * <p>Thread safety: stateless.
 */
public final class ReadmeSnippets {
    /** The generated class (default package). */
    public static final String CLASS_NAME = "ReadmeSnippetsMain";
    /** The marker line that keeps the next block from running. */
    public static final String COMPILE_ONLY = "<!-- readme-test: compile-only -->";

    private ReadmeSnippets() {
    }

    /**
     * One {@code ```java} block.
     *
     * @param firstLine   README line number (1-based) of the block's first code line
     * @param lines       the code lines
     * @param compileOnly whether the block is marked not to run
     */
    public record Block(int firstLine, List<String> lines, boolean compileOnly) {
    }

    /**
     * The generated program.
     *
     * @param source     the Java source of {@value #CLASS_NAME}
     * @param readmeLine for each source line (0-based index), the README line it came from, or 0
     */
    public record Program(String source, int[] readmeLine) {
        /** The README line of a 1-based source line, or 0 for generated lines. */
        public int readmeLineOf(long sourceLine) {
            return sourceLine >= 1 && sourceLine <= readmeLine.length ? readmeLine[(int) sourceLine - 1] : 0;
        }
    }

    /** The {@code ```java} blocks of a Markdown file, in order. */
    public static List<Block> parse(Path markdown) throws IOException {
        List<String> all = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).strip().equals("```java")) {
                continue;
            }
            boolean compileOnly = false;
            for (int j = i - 1; j >= 0 && j >= i - 2; j--) {
                if (all.get(j).strip().equals(COMPILE_ONLY)) {
                    compileOnly = true;
                }
            }
            int start = i + 1;
            int end = start;
            while (end < all.size() && !all.get(end).strip().equals("```")) {
                end++;
            }
            if (end == all.size()) {
                throw new IllegalArgumentException(markdown + " line " + (i + 1) + ": ```java block is not closed");
            }
            out.add(new Block(start + 1, List.copyOf(all.subList(start, end)), compileOnly));
            i = end;
        }
        return out;
    }

    /** The program holding every block. */
    public static Program program(List<Block> blocks) {
        Set<String> imports = new LinkedHashSet<>();
        imports.add("import java.nio.file.*;");
        imports.add("import java.util.*;");
        for (Block b : blocks) {
            for (String l : b.lines()) {
                if (l.strip().startsWith("import ")) {
                    imports.add(l.strip());
                }
            }
        }
        List<String> src = new ArrayList<>();
        List<Integer> map = new ArrayList<>();
        add(src, map, "// Generated from README.md by dev.recsys.readme.ReadmeSnippets; do not edit.", 0);
        for (String imp : imports) {
            add(src, map, imp, 0);
        }
        add(src, map, "", 0);
        add(src, map, "public class " + CLASS_NAME + " {", 0);
        add(src, map, "    static long now = java.time.Instant.now().getEpochSecond();", 0);
        add(src, map, "    static dev.recsys.data.Dataset newData;", 0);
        add(src, map, "", 0);
        add(src, map, "    public static void main(String[] args) throws Exception {", 0);
        add(src, map, "        if (!Files.exists(Path.of(\"events.csv\"))) {", 0);
        add(src, map, "            dev.recsys.synth.SyntheticGenerator.generate(dev.recsys.synth.SyntheticConfig.builder()", 0);
        add(src, map, "                    .users(300).items(200).categories(8).brands(10).days(30).seed(7).build())", 0);
        add(src, map, "                    .writeCsv(Path.of(\"events.csv\"), Path.of(\"items.csv\"));", 0);
        add(src, map, "        }", 0);
        add(src, map, "        newData = dev.recsys.data.io.InteractionLoader.load(Path.of(\"events.csv\"),", 0);
        add(src, map, "                dev.recsys.data.io.DataFormat.CSV).dataset();", 0);
        add(src, map, "        snippets(args.length > 0 && args[0].equals(\"--all\"));", 0);
        add(src, map, "        System.out.println(\"README snippets ran\");", 0);
        add(src, map, "    }", 0);
        add(src, map, "", 0);
        add(src, map, "    @SuppressWarnings(\"unused\")", 0);
        add(src, map, "    static void snippets(boolean all) throws Exception {", 0);
        for (Block b : blocks) {
            add(src, map, "        // README.md line " + b.firstLine(), 0);
            if (b.compileOnly()) {
                add(src, map, "        if (all) {", 0);
            }
            for (int i = 0; i < b.lines().size(); i++) {
                String l = b.lines().get(i);
                add(src, map, l.strip().startsWith("import ") ? "" : "        " + l, b.firstLine() + i);
            }
            if (b.compileOnly()) {
                add(src, map, "        }", 0);
            }
        }
        add(src, map, "    }", 0);
        add(src, map, "}", 0);
        int[] lines = map.stream().mapToInt(Integer::intValue).toArray();
        return new Program(String.join("\n", src) + "\n", lines);
    }

    private static void add(List<String> src, List<Integer> map, String line, int readmeLine) {
        src.add(line);
        map.add(readmeLine);
    }

    /**
     * Writes {@value #CLASS_NAME}.java for the README's blocks into a directory:
     * {@code java ReadmeSnippets.java README.md OUT_DIR}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java ReadmeSnippets.java README.md OUT_DIR");
            System.exit(2);
        }
        List<Block> blocks = parse(Path.of(args[0]));
        if (blocks.isEmpty()) {
            System.err.println(args[0] + " has no ```java block");
            System.exit(1);
        }
        Path dir = Files.createDirectories(Path.of(args[1]));
        Files.writeString(dir.resolve(CLASS_NAME + ".java"), program(blocks).source(), StandardCharsets.UTF_8);
        System.out.println(blocks.size() + " java blocks of " + args[0] + " -> " + dir.resolve(CLASS_NAME + ".java"));
    }
}
