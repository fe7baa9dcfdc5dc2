package dev.bayesrg.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Spark stays out of the engine and the command line: their jars (the shaded {@code bayesrg.jar}
 * holds every runtime dependency) contain no Spark class and no class that refers to one. Reads the
 * jars the reactor built before this module, so it runs under {@code mvn verify}.
 */
class JarContentsTest {
    private static final String SPARK = "org/apache/spark/";

    /** Each entry of a jar (or class directory) naming Spark, or class file whose constant pool refers to a Spark class. */
    static List<String> sparkMentions(Path jarOrDirectory) throws IOException {
        List<String> found = new ArrayList<>();
        if (Files.isDirectory(jarOrDirectory)) {
            try (Stream<Path> files = Files.walk(jarOrDirectory)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    check(jarOrDirectory.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f), found);
                }
            }
            return found;
        }
        try (ZipFile zip = new ZipFile(jarOrDirectory.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    check(entry.getName(), entry.isDirectory() ? new byte[0] : in.readAllBytes(), found);
                }
            }
        }
        return found;
    }

    private static void check(String name, byte[] content, List<String> found) {
        if (name.startsWith(SPARK)) {
            found.add(name);
        } else if (name.endsWith(".class") && new String(content, StandardCharsets.ISO_8859_1).contains(SPARK)) {
            found.add(name + " refers to Spark");
        }
    }

    private static List<Path> jars(String module) throws IOException {
        Path target = Path.of("..", module, "target");
        assertTrue(Files.isDirectory(target), target + " missing: build the reactor with mvn verify (or package)");
        try (Stream<Path> s = Files.list(target)) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
            assertFalse(jars.isEmpty(), "no jar in " + target + ": build the reactor with mvn verify (or package)");
            return jars;
        }
    }

    @Test
    void coreAndCliJarsHoldNoSparkClassAndNoReferenceToOne() throws IOException {
        List<Path> checked = new ArrayList<>(jars("bayesrg-core"));
        checked.addAll(jars("bayesrg-cli"));
        assertTrue(
                checked.stream().anyMatch(p -> p.endsWith("bayesrg.jar")), "the shaded CLI jar is checked: " + checked);
        for (Path jar : checked) {
            assertEquals(List.of(), sparkMentions(jar), jar.toString());
        }
    }

    @Test
    void theCheckFindsSparkWhereItIs() throws IOException {
        // this module's own classes refer to Spark throughout: the scan must see it
        List<String> mentions = sparkMentions(Path.of("target", "classes"));
        assertTrue(mentions.contains("dev/bayesrg/spark/SparkRun.class refers to Spark"), mentions.toString());
    }
}
