package dev.bayesrg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated hostile input: every invalid field, flag or CSV file must be refused with exit code 2,
 * one line that names the culprit, no stack trace, and no run directory.
 */
class HostileInputPropertiesTest {
    private static Path tmp;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @BeforeContainer
    static void createTemp() throws IOException {
        tmp = Files.createTempDirectory("bayesrg-hostile");
    }

    @AfterContainer
    static void deleteTemp() throws IOException {
        try (var walk = Files.walk(tmp)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** A bad --set: the field and a value outside what it allows. */
    record BadAssignment(String field, String value) {}

    private static final List<String> POSITIVE_INTS = List.of(
            "data.train",
            "data.test",
            "data.fisher",
            "ensemble.members",
            "train.lossEvery",
            "network.hidden[0].width",
            "network.hidden[2].width");
    private static final List<String> POSITIVE_DOUBLES = List.of(
            "train.learningRate",
            "train.divergenceLoss",
            "fisher.noiseVariance",
            "brg.criticalFactor",
            "network.init.sigmaW",
            "brg.sloppyVariance");
    private static final List<String> NON_NEGATIVE_DOUBLES = List.of("network.init.std", "network.init.biasStd");
    private static final List<String> ENUMS = List.of(
            "data.source",
            "data.target",
            "network.hidden[1].activation",
            "network.outputActivation",
            "network.trainable",
            "network.init.scheme",
            "train.optimizer",
            "train.solver",
            "brg.mode");

    @Provide
    Arbitrary<BadAssignment> badAssignments() {
        Arbitrary<BadAssignment> ints = Combinators.combine(
                        Arbitraries.of(POSITIVE_INTS),
                        Arbitraries.integers().between(-1_000_000, 0).map(String::valueOf))
                .as(BadAssignment::new);
        Arbitrary<BadAssignment> tooLarge =
                Arbitraries.of("data.train", "network.hidden[2].width").map(f -> new BadAssignment(f, "20000000"));
        Arbitrary<BadAssignment> negativeEpochs = Arbitraries.integers()
                .between(-1_000_000, -1)
                .map(v -> new BadAssignment("train.epochs", String.valueOf(v)));
        Arbitrary<BadAssignment> doubles = Combinators.combine(
                        Arbitraries.of(POSITIVE_DOUBLES),
                        Arbitraries.oneOf(
                                Arbitraries.doubles()
                                        .between(-1e9, 0)
                                        .ofScale(12)
                                        .map(String::valueOf),
                                Arbitraries.of("0", "-0.0", "-1e-300", "-.inf")))
                .as(BadAssignment::new);
        Arbitrary<BadAssignment> negatives = Combinators.combine(
                        Arbitraries.of(NON_NEGATIVE_DOUBLES),
                        Arbitraries.doubles().between(-1e9, -1e-9).ofScale(12).map(String::valueOf))
                .as(BadAssignment::new);
        Arbitrary<BadAssignment> enums = Combinators.combine(
                        Arbitraries.of(ENUMS),
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .ofMinLength(1)
                                .ofMaxLength(12)
                                .filter(s -> !List.of(
                                                "gaussian",
                                                "csv",
                                                "quadratic",
                                                "sin",
                                                "linear",
                                                "rosenbrock",
                                                "identity",
                                                "relu",
                                                "tanh",
                                                "erf",
                                                "cos",
                                                "gelu",
                                                "last",
                                                "all",
                                                "normal",
                                                "gd",
                                                "sgd",
                                                "auto",
                                                "iterate",
                                                "zero",
                                                "y",
                                                "n",
                                                "yes",
                                                "no",
                                                "on",
                                                "off",
                                                "true",
                                                "false",
                                                "null")
                                        .contains(s)))
                .as(BadAssignment::new);
        Arbitrary<BadAssignment> wrongTypes = Combinators.combine(
                        Arbitraries.of(
                                "data.train", "train.learningRate", "ensemble.members", "network.hidden[0].bias"),
                        Arbitraries.of("abc", "[1, 2]", "{a: 1}", "1.5.5"))
                .as(BadAssignment::new);
        Arbitrary<BadAssignment> cutoffs = Arbitraries.doubles()
                .between(1e-3, 1e3)
                .ofScale(6)
                .map(c -> new BadAssignment("brg.cutoffs", "[" + c + ", " + c / 2 + "]"));
        return Arbitraries.oneOf(ints, tooLarge, negativeEpochs, doubles, negatives, enums, wrongTypes, cutoffs);
    }

    @Property(tries = 250)
    void everyInvalidFieldIsRefusedInOneLineNamingIt(@ForAll("badAssignments") BadAssignment bad) {
        Path out = tmp.resolve("run-" + COUNTER.incrementAndGet());
        CliHarness.Result r =
                CliHarness.bayesrg("run", "--set", bad.field() + "=" + bad.value(), "--out", out.toString());
        assertRefused(r, out);
        String field = bad.field().replaceAll("\\[\\d+]", "");
        String last = field.substring(field.lastIndexOf('.') + 1);
        assertTrue(r.err().contains(last), () -> "the message names the field " + last + ": " + r);
    }

    /** A flag with a value it does not allow, or a flag that does not exist. */
    @Provide
    Arbitrary<List<String>> badFlags() {
        Arbitrary<List<String>> numbers = Combinators.combine(
                        Arbitraries.of("--members", "--width", "--threads"),
                        Arbitraries.oneOf(
                                Arbitraries.integers().between(-1000, 0).map(String::valueOf),
                                Arbitraries.of("x", "1.5", "", "1e3", "NaN", "99999999999")))
                .as(List::of);
        Arbitrary<List<String>> epochs = Arbitraries.oneOf(
                        Arbitraries.integers().between(-1000, -1).map(String::valueOf), Arbitraries.of("ten", "2.5"))
                .map(v -> List.of("--epochs", v));
        Arbitrary<List<String>> threads =
                Arbitraries.integers().between(4097, 1_000_000).map(v -> List.of("--threads", String.valueOf(v)));
        Arbitrary<List<String>> shards = Arbitraries.oneOf(
                        Combinators.combine(
                                        Arbitraries.integers().between(0, 50),
                                        Arbitraries.integers().between(-5, 50))
                                .filter((i, n) -> i >= n || n < 1)
                                .as((i, n) -> i + "/" + n),
                        Arbitraries.of("1", "a/b", "1/2/3", "/", ""))
                .map(v -> List.of("--shard", v));
        Arbitrary<List<String>> presets = Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(10)
                .filter(s -> !s.equals("paper"))
                .map(v -> List.of("--preset", v));
        Arbitrary<List<String>> unknown = Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMinLength(2)
                .ofMaxLength(10)
                .filter(s -> !List.of(
                                "members", "width", "epochs", "seed", "threads", "out", "quiet", "preset", "config",
                                "set", "shard", "resume", "help", "version")
                        .contains(s))
                .map(v -> List.of("--" + v));
        Arbitrary<List<String>> seeds = Arbitraries.of("x", "1.5", "").map(v -> List.of("--seed", v));
        return Arbitraries.oneOf(numbers, epochs, threads, shards, presets, unknown, seeds);
    }

    @Property(tries = 250)
    void everyInvalidFlagIsRefusedNamingIt(@ForAll("badFlags") List<String> flags) {
        Path out = tmp.resolve("run-" + COUNTER.incrementAndGet());
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(flags);
        args.addAll(List.of("--out", out.toString()));
        CliHarness.Result r = CliHarness.bayesrg(args.toArray(String[]::new));
        assertRefused(r, out);
        String flag = flags.get(0).replace("--", "");
        assertTrue(r.errLines().get(0).contains(flag), () -> "the first line names the flag " + flag + ": " + r);
    }

    /** A CSV data file with one defect. */
    record BadCsv(String content, String expectedLocation) {}

    @Provide
    Arbitrary<BadCsv> badCsvFiles() {
        Arbitrary<Integer> row = Arbitraries.integers().between(0, 59);
        Arbitrary<Integer> column = Arbitraries.integers().between(0, 2);
        Arbitrary<String> junk = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("1,5", "--1", "1e", "0x1G", "Infinity", "NaN", "-Infinity", "1..2"));
        Arbitrary<BadCsv> badCell = Combinators.combine(row, column, junk).as((r, c, j) -> {
            StringBuilder sb = new StringBuilder("x0,x1,y\n");
            for (int i = 0; i < 60; i++) {
                String[] cells = {String.valueOf(i * 0.1), String.valueOf(1 - i * 0.05), String.valueOf(i * 0.3)};
                if (i == r) {
                    cells[c] = j;
                }
                sb.append(String.join(",", cells)).append('\n');
            }
            return new BadCsv(sb.toString(), ":" + (r + 2) + ":");
        });
        Arbitrary<BadCsv> wrongColumns = Combinators.combine(row, Arbitraries.of(1, 2, 4, 5))
                .as((r, n) -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 60; i++) {
                        int count = i == r ? n : 3;
                        List<String> cells = new ArrayList<>();
                        for (int k = 0; k < count; k++) {
                            cells.add(String.valueOf(i + k * 0.5));
                        }
                        sb.append(String.join(",", cells)).append('\n');
                    }
                    return new BadCsv(sb.toString(), ":" + (r + 1));
                });
        Arbitrary<BadCsv> tooFewRows = Arbitraries.integers().between(0, 49).map(n -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(i).append(',').append(i * 2).append(',').append(i * 3).append('\n');
            }
            return new BadCsv(sb.toString(), "rows");
        });
        return Arbitraries.oneOf(badCell, wrongColumns, tooFewRows);
    }

    @Property(tries = 250)
    void everyMalformedCsvIsRefusedWithItsLocation(@ForAll("badCsvFiles") BadCsv csv) throws IOException {
        int id = COUNTER.incrementAndGet();
        Path file = tmp.resolve("data-" + id + ".csv");
        Files.writeString(file, csv.content());
        Path out = tmp.resolve("run-" + id);
        CliHarness.Result r = CliHarness.bayesrg(
                "run",
                "--set",
                "data.source=csv",
                "--set",
                "data.csv=" + file,
                "--set",
                "data.train=20",
                "--set",
                "data.test=20",
                "--set",
                "data.fisher=10",
                "--out",
                out.toString());
        assertRefused(r, out);
        assertTrue(r.err().contains(csv.expectedLocation()), () -> "expected " + csv.expectedLocation() + ": " + r);
    }

    private static void assertRefused(CliHarness.Result r, Path out) {
        assertEquals(2, r.exitCode(), r::toString);
        List<String> lines = r.errLines();
        assertFalse(lines.isEmpty(), r::toString);
        // one line; picocli's usage errors add a second, "Try 'bayesrg run --help' ..."
        assertTrue(lines.size() == 1 || (lines.size() == 2 && lines.get(1).startsWith("Try '")), r::toString);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), () -> "no stack trace: " + r);
        assertFalse(Files.exists(out), () -> "no run directory: " + r);
        assertTrue(r.out().isEmpty(), r::toString);
    }

    /**
     * A configuration file with one key repeated (a scalar line written twice, or a whole section
     * given again at the end) or with a second YAML document after the first: both would silently
     * drop settings, so both are refused, naming the file and the line.
     */
    record HostileYaml(String text, String culprit, int line) {}

    private static final String PRINTED = dev.bayesrg.config.ConfigLoader.toYaml(
            dev.bayesrg.config.ConfigLoader.fromPreset(dev.bayesrg.config.Preset.PAPER)
                    .with("ensemble.members=4")
                    .load());

    @Provide
    Arbitrary<HostileYaml> hostileYaml() {
        List<String> lines = PRINTED.lines().toList();
        List<Integer> scalarKeys = new java.util.ArrayList<>();
        List<Integer> sections = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.matches("^\\s*[A-Za-z]+: \\S.*") && !l.trim().startsWith("- ")) {
                scalarKeys.add(i);
            }
            if (l.matches("^[A-Za-z]+:$")) {
                sections.add(i);
            }
        }
        Arbitrary<HostileYaml> repeatedLine = Arbitraries.of(scalarKeys).map(i -> {
            List<String> copy = new java.util.ArrayList<>(lines);
            copy.add(i + 1, lines.get(i));
            String key = lines.get(i).trim().substring(0, lines.get(i).trim().indexOf(':'));
            return new HostileYaml(String.join("\n", copy) + "\n", key, i + 2);
        });
        Arbitrary<HostileYaml> repeatedSection = Arbitraries.of(sections).map(i -> {
            String key = lines.get(i).substring(0, lines.get(i).length() - 1);
            String again = key.equals("ensemble") ? "ensemble:\n  seed: 3\n" : key + ":\n  seed: 3\n";
            return new HostileYaml(PRINTED + again, key, lines.size() + 1);
        });
        Arbitrary<HostileYaml> secondDocument = Arbitraries.of(sections)
                .map(i -> new HostileYaml(
                        PRINTED + "---\n" + lines.get(i) + "\n", "second YAML document", lines.size() + 2));
        return Arbitraries.oneOf(repeatedLine, repeatedSection, secondDocument);
    }

    @Property(tries = 60)
    void repeatedKeyOrSecondDocumentInAConfigFileIsRefusedNamingIt(@ForAll("hostileYaml") HostileYaml bad)
            throws IOException {
        Path config = tmp.resolve("config-" + COUNTER.incrementAndGet() + ".yaml");
        Files.writeString(config, bad.text());
        Path out = tmp.resolve("run-" + COUNTER.incrementAndGet());
        CliHarness.Result r = CliHarness.bayesrg("run", "--config", config.toString(), "--out", out.toString());
        assertRefused(r, out);
        assertTrue(r.err().contains(bad.culprit()), () -> "names " + bad.culprit() + ": " + r);
        assertTrue(r.err().contains(config + ":" + bad.line()), () -> "names line " + bad.line() + ": " + r);
    }
}
