package dev.bayesrg.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The package map ({@link PackageMap}) on the compiled classes of every module (ArchUnit): each
 * package uses only the packages it may, no package cycles, and the engine (bayesrg-core) never
 * reaches into the command line, the report, Spark or the benchmarks.
 */
class PackageRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importEveryModule() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.bayesrg");
    }

    @Test
    void everyModuleIsOnTheClasspath() {
        Set<String> packages = new TreeSet<>();
        classes.forEach(c -> packages.add(PackageMap.packageOf(c.getPackageName())));
        assertEquals(
                new TreeSet<>(PackageMap.MAY_USE.keySet()),
                packages,
                "every package of bayesrg is in the map, and every package of the map has classes");
    }

    @TestFactory
    Stream<DynamicTest> eachPackageUsesOnlyWhatItMay() {
        return PackageMap.MAY_USE.keySet().stream()
                .sorted()
                .map(pkg -> DynamicTest.dynamicTest(pkg + " uses only " + PackageMap.MAY_USE.get(pkg), () -> {
                    List<String> violations = new ArrayList<>();
                    for (JavaClass c : classes) {
                        if (!PackageMap.packageOf(c.getPackageName()).equals(pkg)) {
                            continue;
                        }
                        for (Dependency d : c.getDirectDependenciesFromSelf()) {
                            JavaClass target = d.getTargetClass().getBaseComponentType();
                            if (!target.getPackageName().startsWith("dev.bayesrg.")) {
                                continue;
                            }
                            String targetPackage = PackageMap.packageOf(target.getPackageName());
                            String topLevel = target.getName()
                                    .substring(target.getPackageName().length() + 1)
                                    .split("\\$", -1)[0];
                            if (!PackageMap.allowed(pkg, targetPackage, topLevel)) {
                                violations.add(d.getDescription());
                            }
                        }
                    }
                    assertTrue(violations.isEmpty(), () -> String.join("\n", violations));
                }));
    }

    @Test
    void theCoreNeverUsesTheCommandLineReportSparkOrBenchmarks() {
        ArchRule rule = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that()
                .resideInAnyPackage(PackageMap.CORE.stream()
                        .map(p -> "dev.bayesrg." + p + "..")
                        .toArray(String[]::new))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.bayesrg.cli..",
                        "dev.bayesrg.report..",
                        "dev.bayesrg.spark..",
                        "dev.bayesrg.bench..",
                        "dev.bayesrg.examples..")
                .because("bayesrg-core is the engine a researcher embeds; everything else is built on it");
        rule.check(classes);
    }

    @Test
    void noPackageCycles() {
        SlicesRuleDefinition.slices()
                .matching("dev.bayesrg.(*)..")
                .namingSlices("$1")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    @Test
    void frozenUsesAreStillInUse() {
        // a frozen use that has gone is deleted from the map, so that it cannot come back unnoticed
        for (Map.Entry<String, Set<String>> frozen : PackageMap.FROZEN.entrySet()) {
            Set<String> used = new TreeSet<>();
            for (JavaClass c : classes) {
                if (PackageMap.packageOf(c.getPackageName()).equals(frozen.getKey())) {
                    for (Dependency d : c.getDirectDependenciesFromSelf()) {
                        String name = d.getTargetClass().getName();
                        if (name.startsWith("dev.bayesrg.")) {
                            used.add(name.substring("dev.bayesrg.".length()).split("\\$", -1)[0]);
                        }
                    }
                }
            }
            for (String f : frozen.getValue()) {
                assertTrue(
                        used.contains(f) || SourceImports.of(frozen.getKey()).contains(f),
                        frozen.getKey() + " no longer uses " + f + ": delete it from PackageMap.FROZEN");
            }
        }
    }
}
