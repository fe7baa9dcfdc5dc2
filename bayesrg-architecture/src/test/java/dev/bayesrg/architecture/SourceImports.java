package dev.bayesrg.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The bayesrg classes that the main sources of a package name, by import or fully qualified, with
 * comments left out: what javac sees, including the compile-time constants it inlines out of the
 * bytecode.
 */
final class SourceImports {
    /** The repository root: the architecture module runs with its own folder as working directory. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern NAME = Pattern.compile("\\bdev\\.bayesrg\\.([a-z]+)\\.([A-Z][A-Za-z0-9_]*)");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private SourceImports() {}

    /** The main source files of one bayesrg package, in every module. */
    static List<Path> files(String pkg) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("bayesrg-"))
                    .toList()) {
                Path dir = module.resolve("src/main/java/dev/bayesrg").resolve(pkg);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        walk.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** {@code package.Class} of every bayesrg class named in the package's main sources. */
    static Set<String> of(String pkg) {
        Set<String> names = new TreeSet<>();
        for (Path file : files(pkg)) {
            names.addAll(in(file));
        }
        return names;
    }

    /** {@code package.Class} of every bayesrg class named in one source file. */
    static Set<String> in(Path file) {
        String code;
        try {
            code = COMMENT.matcher(Files.readString(file, StandardCharsets.UTF_8))
                    .replaceAll(" ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(code);
        while (m.find()) {
            names.add(m.group(1) + "." + m.group(2));
        }
        return names;
    }
}
