package dev.bayesrg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated hostile values for the flags and parameters of every command but {@code run}'s
 * configuration (which {@link HostileInputPropertiesTest} covers): numbers out of range, not numbers,
 * NaN and infinities, empty strings, missing files, directories where files belong and files where
 * directories belong, unreadable and oversized data. Each is refused with exit code 2 and one line
 * (picocli adds a "Try" line to its own usage errors) that names the flag or parameter, carries no
 * exception's name or stack trace, and leaves no output behind.
 */
class HostileFlagValuesPropertiesTest {
    private static Path tmp;
    private static Path run;
    private static Path aFile;
    private static Path aDirectory;
    private static Path notUtf8;
    private static Path hugeValue;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** In {@link Case#names}: the value of a parameter itself (a path the message may name instead). */
    private static final String LAST = "$LAST";

    @BeforeContainer
    static void prepare() throws IOException {
        tmp = Files.createTempDirectory("bayesrg-hostile-flags");
        run = tmp.resolve("run");
        CliHarness.Result r =
                CliHarness.bayesrg(CliHarness.args(List.of("run"), CliHarness.TINY, List.of("--out", run.toString())));
        assertEquals(0, r.exitCode(), r::toString);
        aFile = tmp.resolve("a-file.txt");
        Files.writeString(aFile, "not a run\n");
        aDirectory = tmp.resolve("a-directory");
        Files.createDirectories(aDirectory);
        notUtf8 = tmp.resolve("latin1.csv");
        Files.write(notUtf8, new byte[] {'1', ',', (byte) 0xe9, '\n'});
        hugeValue = tmp.resolve("huge.csv");
        Files.writeString(
                hugeValue,
                "x0,x1,y\n" + "0.5,1e300,2\n".repeat(3) + "0.1,0.2,0.3\n".repeat(60),
                StandardCharsets.UTF_8);
    }

    @AfterContainer
    static void deleteTemp() throws IOException {
        CliHarness.deleteRecursively(tmp);
    }

    /**
     * A command line with one hostile value.
     *
     * @param args  the command line ({@code OUT} stands for a fresh path that must not be created)
     * @param names what the refusal must name, one of them (the flag, the parameter's label, the file)
     */
    record Case(List<String> args, List<String> names) {
        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    private static Arbitrary<String> notNumbers() {
        return Arbitraries.of("x", "", "1.2.3", "NaN", "0x10", "1e", "--", " ");
    }

    private static Arbitrary<String> badDoubles(boolean zeroAllowed) {
        Arbitrary<String> negative =
                Arbitraries.doubles().between(-1e12, -1e-12).ofScale(14).map(String::valueOf);
        Arbitrary<String> special = zeroAllowed
                ? Arbitraries.of("NaN", "Infinity", "-Infinity", "x", "")
                : Arbitraries.of("0", "-0.0", "1e-400", "NaN", "Infinity", "-Infinity", "x", "");
        return Arbitraries.oneOf(negative, special);
    }

    private static Arbitrary<String> intsOutside(int min, int max) {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(Integer.MIN_VALUE, min - 1).map(String::valueOf),
                Arbitraries.integers().between(max + 1, Integer.MAX_VALUE).map(String::valueOf),
                Arbitraries.of("99999999999", "1.5"),
                notNumbers());
    }

    /** {@code base} with {@code flag} set to each value (an occurrence of the flag in base removed). */
    private static Arbitrary<Case> flag(List<String> base, String flag, Arbitrary<String> values, String... names) {
        return values.map(v -> {
            List<String> args = new ArrayList<>(base);
            int at = flag.equals("--set") ? -1 : args.indexOf(flag); // --set repeats, the others once
            if (at >= 0) {
                args.remove(at + 1);
                args.remove(at);
            }
            args.add(flag);
            args.add(v);
            List<String> named = new ArrayList<>(List.of(flag));
            named.addAll(List.of(names));
            return new Case(args, named);
        });
    }

    @Provide
    Arbitrary<Case> hostile() {
        List<String> nngp = List.of("nngp", "--depth", "2", "--line", "0:1:3");
        List<String> compare = List.of("nngp", "--compare", "RUN", "--quiet", "--mc-draws", "100", "--out", "OUT");
        List<String> nnft = List.of("nnft", "RUN", "--quiet");
        List<String> widths = List.of("nnft", "--widths", "8", "--members", "100", "--mesh-points", "2");
        List<String> deform = List.of("deform", "RUN", "--lambda", "0.01", "--quiet", "--out", "OUT");
        List<String> cosnet = List.of("cosnet", "--neurons", "100");
        List<String> train =
                List.of("cosnet", "--train", "--neurons", "100", "--width", "8", "--points", "8", "--epochs", "5");
        List<String> coin = List.of("coin", "--heads", "3", "--tails", "4");
        Arbitrary<String> paths = Arbitraries.of("MISSING", "A_FILE", "A_DIRECTORY", "");
        List<Arbitrary<Case>> cases = List.of(
                flag(nngp, "--depth", intsOutside(1, 10_000)),
                flag(nngp, "--sigma-w2", badDoubles(false)),
                flag(nngp, "--sigma-b2", badDoubles(true)),
                flag(
                        nngp,
                        "--activation",
                        Arbitraries.strings()
                                .alpha()
                                .ofMaxLength(8)
                                .filter(s -> !List.of("identity", "relu", "erf", "cos", "tanh", "gelu")
                                        .contains(s.toLowerCase(java.util.Locale.ROOT)))),
                flag(
                        List.of("nngp", "--depth", "2"),
                        "--line",
                        Arbitraries.oneOf(
                                Arbitraries.of(
                                        "a:b:c", "0:1:0", "0:1:5001", "0,0:1:3", "::", "0:1:x", "NaN:1:3", "0:1"),
                                Arbitraries.integers().between(51, 308).map(e -> "0:1e" + e + ":3"))),
                flag(
                        List.of("nngp", "--depth", "2"),
                        "--points",
                        Arbitraries.of("MISSING", "A_DIRECTORY", "EMPTY", "NOT_UTF8", "HUGE"),
                        "huge.csv:2:2"), // a bad cell is named by its file, line and column
                flag(nngp, "--out", Arbitraries.of("A_DIRECTORY", "", "MISSING_PARENT")),
                flag(compare, "--mesh-points", intsOutside(0, 64)),
                flag(compare, "--mc-draws", intsOutside(100, 1_000_000)),
                flag(compare, "--sloppy-variance", badDoubles(true)),
                flag(List.of("nngp", "--quiet"), "--compare", paths),
                flag(nnft, "--mesh-points", intsOutside(1, 8)),
                flag(nnft, "--bootstrap", intsOutside(0, 100_000)),
                flag(List.of("nnft", "--quiet"), "RUN_DIR", paths).map(c -> positional(c, "RUN_DIR")),
                flag(deform, "--lambda", Arbitraries.of("NaN", "Infinity", "-Infinity", "x", "", "0.1,,2", "1e400")),
                flag(deform, "--entry", intsOutside(0, 25)),
                flag(deform, "--groups", intsOutside(2, 4)),
                flag(deform, "--mesh-points", intsOutside(1, 8)),
                flag(deform, "--mesh-weight", badDoubles(false)),
                flag(deform, "--out", Arbitraries.of("A_FILE")),
                flag(List.of("deform", "--lambda", "0.01", "--quiet"), "RUN_DIR", paths)
                        .map(c -> positional(c, "RUN_DIR")),
                flag(widths, "--members", intsOutside(100, 10_000_000)),
                flag(List.of("nnft", "--members", "100"), "--widths", intsOutside(1, 1_000_000)),
                flag(widths, "--out", Arbitraries.of("A_DIRECTORY", "")),
                flag(cosnet, "--dimension", intsOutside(1, 3)),
                flag(cosnet, "--cutoff", Arbitraries.oneOf(badDoubles(false), Arbitraries.of("1e4", "1e12"))),
                flag(cosnet, "--mass", Arbitraries.oneOf(badDoubles(true), Arbitraries.of("0", "1e-9", "1e-400"))),
                flag(cosnet, "--neurons", intsOutside(100, 100_000_000)),
                flag(cosnet, "--noise-variance", badDoubles(false)),
                flag(cosnet, "--epsilons", Arbitraries.of("", "x", "-1", "NaN", "1,,2", "Infinity")),
                flag(
                        cosnet,
                        "--separations",
                        Arbitraries.of("a:b:c", "0:1:0", "-1:1:3", "5:1:3", "NaN:1:3", "0:1:10001", "0:1")),
                flag(cosnet, "--width", Arbitraries.of("8")), // a --train flag without --train
                flag(train, "--width", intsOutside(1, 4096)),
                flag(train, "--points", intsOutside(1, 4096)),
                flag(train, "--input-spread", badDoubles(false)),
                flag(train, "--learning-rate", badDoubles(false)),
                flag(
                        train,
                        "--epochs",
                        Arbitraries.oneOf(
                                Arbitraries.integers()
                                        .between(Integer.MIN_VALUE, -1)
                                        .map(String::valueOf),
                                Arbitraries.of("x", "", "1.5"))),
                flag(train, "--sigma-a2", badDoubles(false)),
                flag(train, "--sloppy-variance", badDoubles(true)),
                flag(
                        train,
                        "--target",
                        Arbitraries.strings()
                                .alpha()
                                .ofMinLength(1)
                                .ofMaxLength(6)
                                .filter(s -> !s.equals("sin") && !s.equals("zero"))),
                flag(train, "--out", Arbitraries.of("A_FILE", "")),
                flag(coin, "--heads", Arbitraries.of("-1", "1000000000001", "9223372036854775807", "x", "")),
                flag(coin, "--tails", Arbitraries.of("-1", "1000000000001", "9223372036854775807", "x", "")),
                flag(coin, "--level", Arbitraries.of("0", "1", "-0.5", "2", "NaN", "x", "")),
                flag(List.of("report"), "RUN_DIR", paths).map(c -> positional(c, "RUN_DIR")),
                flag(List.of("merge", "--out", "OUT"), "SHARD_DIR", Arbitraries.of("MISSING", "A_FILE", "A_DIRECTORY"))
                        .map(c -> positional(c, "SHARD_DIR")),
                flag(List.of("merge", "RUN"), "--out", Arbitraries.of("A_FILE", "RUN")),
                flag(List.of("run", "--quiet"), "--resume", Arbitraries.of("MISSING", "A_FILE", "A_DIRECTORY", "RUN")),
                flag(
                        List.of("run", "--members", "2", "--out", "OUT"),
                        "--config",
                        Arbitraries.of("MISSING", "A_DIRECTORY", "NOT_UTF8")),
                csvSetting("data.source=csv", "data.csv"),
                csvSetting("nnft.mesh=csv", "nnft.csv"),
                flag(List.of("run", "--members", "2"), "--out", Arbitraries.of("A_FILE", "RUN")),
                flag(List.of("run", "--members", "2", "--out", "OUT"), "--threads", intsOutside(1, 4096)));
        return Arbitraries.oneOf(cases);
    }

    /** A run whose {@code key} (a CSV the run reads, with {@code setting}) is a directory, not UTF-8 or huge. */
    private static Arbitrary<Case> csvSetting(String setting, String key) {
        return flag(
                List.of("run", "--members", "2", "--out", "OUT", "--set", setting),
                "--set",
                Arbitraries.of("A_DIRECTORY", "NOT_UTF8", "HUGE").map(p -> key + "=" + p),
                key,
                "a-directory",
                "latin1.csv",
                "huge.csv");
    }

    /** The case with its value as a parameter (no flag before it). */
    private static Case positional(Case c, String label) {
        List<String> args = new ArrayList<>(c.args());
        args.remove(args.size() - 2);
        return new Case(args, List.of(label, LAST));
    }

    @Property(tries = 200)
    void everyHostileValueIsRefusedInOneLineNamingItsFlag(@ForAll("hostile") Case hostile) {
        Path out = tmp.resolve("out-" + COUNTER.incrementAndGet());
        List<String> args = hostile.args().stream().map(a -> resolve(a, out)).toList();
        CliHarness.Result r = CliHarness.bayesrg(args);
        String context = String.join(" ", args) + ": " + r;
        assertEquals(2, r.exitCode(), () -> "refused with exit 2: " + context);
        List<String> lines = r.errLines();
        assertTrue(
                lines.size() == 1 || (lines.size() == 2 && lines.get(1).startsWith("Try '")),
                () -> "one line: " + context);
        String line = lines.get(0);
        assertFalse(line.contains("Exception") || r.err().contains("\tat "), () -> "no exception: " + context);
        assertFalse(line.matches(".*error: (\\S+: )?-?\\d+$"), () -> "no bare number: " + context);
        String last = args.get(args.size() - 1);
        List<String> names = hostile.names().stream()
                .map(n -> n.equals(LAST) ? last : resolve(n, out).replace("--", ""))
                .filter(n -> !n.isEmpty())
                .toList();
        assertTrue(names.stream().anyMatch(line::contains), () -> "names one of " + names + ": " + context);
        assertFalse(Files.exists(out), () -> "nothing written: " + context);
        assertTrue(r.out().isEmpty(), () -> "no output: " + context);
    }

    private static String resolve(String arg, Path out) {
        return switch (arg) {
            case "OUT" -> out.toString();
            case "RUN" -> run.toString();
            case "MISSING" ->
                tmp.resolve("missing-" + COUNTER.incrementAndGet()).toString();
            case "MISSING_PARENT" -> tmp.resolve("no-such-dir").resolve("k.csv").toString();
            case "A_FILE" -> aFile.toString();
            case "A_DIRECTORY" -> aDirectory.toString();
            case "EMPTY" -> emptyFile().toString();
            case "NOT_UTF8" -> notUtf8.toString();
            case "HUGE" -> hugeValue.toString();
            default ->
                arg.startsWith("data.csv=") || arg.startsWith("nnft.csv=")
                        ? arg.substring(0, 9) + resolve(arg.substring(9), out)
                        : arg;
        };
    }

    private static Path emptyFile() {
        Path p = tmp.resolve("empty-" + COUNTER.incrementAndGet() + ".csv");
        try {
            Files.writeString(p, "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }
}
