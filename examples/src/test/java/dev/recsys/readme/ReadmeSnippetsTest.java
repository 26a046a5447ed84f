package dev.recsys.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md compiles against the current API with all modules on
 * the class path, and the blocks run, in README order, on a small synthetic shop written as
 * {@code events.csv}/{@code items.csv} into a temporary working directory (see
 * {@link ReadmeSnippets}).
 */
class ReadmeSnippetsTest {

    @TempDir
    Path tmp;

    @Test
    void readmeHasJavaBlocks() throws IOException {
        List<ReadmeSnippets.Block> blocks = ReadmeSnippets.parse(readme());
        assertThat(blocks).as("```java blocks in README.md").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void readmeSnippetsCompileAndRun() throws Exception {
        Path readme = readme();
        ReadmeSnippets.Program program = ReadmeSnippets.program(ReadmeSnippets.parse(readme));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path file = src.resolve(ReadmeSnippets.CLASS_NAME + ".java");
        Files.writeString(file, program.source(), StandardCharsets.UTF_8);

        List<String> errors = compile(file, classes, program);
        if (!errors.isEmpty()) {
            fail("README.md snippets do not compile:\n" + String.join("\n", errors)
                    + "\n--- generated source ---\n" + numbered(program.source()));
        }

        Path work = Files.createDirectories(tmp.resolve("work"));
        Path log = tmp.resolve("run.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", classes + File.pathSeparator + classPath(),
                ReadmeSnippets.CLASS_NAME)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("README.md snippets did not finish within 10 minutes:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as("exit code of the README snippets; output:\n%s", out).isZero();
        assertThat(out).contains("README snippets ran");
        assertThat(work.resolve("events.csv")).exists();
    }

    private static List<String> compile(Path file, Path classes, ReadmeSnippets.Program program) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK (javax.tools compiler) runs the tests").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> errors = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-classpath", classPath(), "-d", classes.toString(),
                    "-proc:none", "-Xlint:none");
            Boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjects(file.toFile())).call();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    int line = program.readmeLineOf(d.getLineNumber());
                    errors.add((line > 0 ? "README.md line " + line : "generated line " + d.getLineNumber())
                            + ": " + d.getMessage(Locale.ROOT));
                }
            }
            if (!ok && errors.isEmpty()) {
                errors.add("javac failed without an error diagnostic");
            }
        }
        return errors;
    }

    /** The test class path (surefire puts it in java.class.path also when it boots from a manifest jar). */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static String numbered(String source) {
        StringBuilder sb = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            sb.append(String.format(Locale.ROOT, "%4d  %s%n", i + 1, lines[i]));
        }
        return sb.toString();
    }

    /** README.md at the root of the repository (the examples module's parent). */
    private static Path readme() {
        Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path r = d.resolve("README.md");
            if (Files.isRegularFile(r) && Files.isRegularFile(d.resolve("recsys-core").resolve("pom.xml"))) {
                return r;
            }
        }
        throw new IllegalStateException("README.md of the repository not found above " + dir);
    }
}
