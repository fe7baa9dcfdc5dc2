package dev.bayesrg.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The package map ({@link PackageMap}) on the import lines of the main sources, which also see
 * what the bytecode does not (a constant such as an exit code, which javac copies into the user).
 */
class SourceImportsTest {
    @Test
    void theSourcesAreFound() {
        assertFalse(SourceImports.files("run").isEmpty(), "no sources under " + SourceImports.ROOT);
    }

    @TestFactory
    Stream<DynamicTest> eachPackageImportsOnlyWhatItMay() {
        return PackageMap.MAY_USE.keySet().stream()
                .sorted()
                .map(pkg -> DynamicTest.dynamicTest(pkg + " imports only " + PackageMap.MAY_USE.get(pkg), () -> {
                    List<String> violations = new ArrayList<>();
                    for (Path file : SourceImports.files(pkg)) {
                        for (String used : SourceImports.in(file)) {
                            String targetPackage = used.substring(0, used.indexOf('.'));
                            String targetClass = used.substring(used.indexOf('.') + 1);
                            if (!PackageMap.allowed(pkg, targetPackage, targetClass)) {
                                violations.add(SourceImports.ROOT.relativize(file) + " uses dev.bayesrg." + used);
                            }
                        }
                    }
                    assertTrue(violations.isEmpty(), () -> String.join("\n", violations));
                }));
    }
}
