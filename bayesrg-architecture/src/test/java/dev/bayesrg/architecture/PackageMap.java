package dev.bayesrg.architecture;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which package of bayesrg may use which: the one statement of the map that both architecture tests
 * check, {@link PackageRulesTest} on the compiled classes and {@link SourceImportsTest} on the import
 * lines (which also see compile-time constants that javac inlines out of the bytecode).
 */
final class PackageMap {
    /** The packages of bayesrg-core, the engine. */
    static final List<String> CORE = List.of(
            "activation",
            "config",
            "linalg",
            "data",
            "net",
            "train",
            "posterior",
            "fisher",
            "brg",
            "nnft",
            "nngp",
            "run",
            "io",
            "ingest");

    /** Package → the other bayesrg packages it may use. */
    static final Map<String, List<String>> MAY_USE = Map.ofEntries(
            Map.entry("activation", List.of()),
            Map.entry("config", List.of("activation")),
            Map.entry("io", List.of()),
            Map.entry("linalg", List.of()),
            Map.entry("nnft", List.of()),
            Map.entry("data", List.of("config", "io")),
            Map.entry("net", List.of("activation", "config", "linalg")),
            Map.entry("train", List.of("activation", "config", "data", "net", "linalg")),
            // the read-out's Gaussian posteriors (posterior.method): feature matrices and kernels only
            Map.entry("posterior", List.of("net", "linalg")),
            // the Fisher eigenbasis and the coarse graining along its directions run on the same kernels
            Map.entry("fisher", List.of("activation", "config", "data", "net", "linalg")),
            Map.entry("brg", List.of("config", "fisher", "net", "linalg")),
            Map.entry("nngp", List.of("activation", "config", "net")),
            // an ensemble trained elsewhere is checked against the configured network and data
            Map.entry("ingest", List.of("config", "data", "io", "net")),
            Map.entry("run", without(CORE, "run")),
            Map.entry("report", CORE),
            Map.entry("cli", concat(CORE, "report")),
            Map.entry("spark", CORE),
            Map.entry("bench", CORE),
            // what a user's program may see: the engine alone
            Map.entry("examples", CORE));

    /**
     * Known violations, frozen class by class until the work that removes them lands (package →
     * "package.Class" it may still use although the map above forbids it). A use of any other class
     * of a forbidden package fails; so does an entry here that is no longer used (delete it, the rule
     * has become stricter). Empty since the library work moved the run completion, the option layers
     * and the report command where they belong.
     */
    static final Map<String, Set<String>> FROZEN = Map.of();

    /** The bayesrg package of a class or package name below {@code dev.bayesrg}, e.g. {@code run}. */
    static String packageOf(String qualifiedName) {
        String rest = qualifiedName.substring("dev.bayesrg.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Whether {@code from} may use {@code target} (package.Class below dev.bayesrg), frozen uses included. */
    static boolean allowed(String from, String targetPackage, String targetClass) {
        return from.equals(targetPackage)
                || MAY_USE.getOrDefault(from, List.of()).contains(targetPackage)
                || FROZEN.getOrDefault(from, Set.of()).contains(targetPackage + "." + targetClass);
    }

    private PackageMap() {}

    private static List<String> without(List<String> all, String one) {
        return all.stream().filter(p -> !p.equals(one)).toList();
    }

    private static List<String> concat(List<String> all, String one) {
        return java.util.stream.Stream.concat(all.stream(), java.util.stream.Stream.of(one))
                .toList();
    }
}
