package dev.bayesrg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.run.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated damage to the files of a finished run directory — truncated, emptied, overwritten with
 * garbage, a .npy header with another dtype, order, version or shape, a JSON file with a key
 * missing, null or of another type, a CSV cell changed, a file deleted or replaced by a directory —
 * fed to every command that reads a run directory: {@code report}, {@code nnft},
 * {@code nngp --compare}, {@code merge} (the damaged directory as its second shard) and
 * {@code run --resume} (a damaged resume state). Whatever the damage, the command exits 0 or 2, never
 * 1; a refusal is one line on stderr naming a file or the directory, without an exception's name, a
 * stack trace or a bare number, and leaves everything as it was (no report, no nnft/, no merged or
 * compared output). Damage that makes the files disagree with each other or with their format must
 * be refused by every command that reads the damaged file; a changed number that the files cannot
 * contradict (a member's test error) may pass.
 */
class DamagedRunDirectoryPropertiesTest {
    private static final Set<String> ALL = Set.of("report", "nnft", "nngp", "merge");
    private static final Set<String> MANIFEST_READERS = Set.of("report", "merge");
    private static final Set<String> NONE = Set.of();
    private static final String RESUME = "resume";

    private static Path tmp;
    private static Path base;
    private static Path shard0;
    private static Path shard1;
    private static Path resumable;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @BeforeContainer
    static void runs() throws IOException {
        tmp = Files.createTempDirectory("bayesrg-damaged");
        base = tmp.resolve("base");
        shard0 = tmp.resolve("shard0");
        shard1 = tmp.resolve("shard1");
        run(base);
        run(shard0, "--shard", "0/2");
        run(shard1, "--shard", "1/2");
        // an unfinished run as --resume finds it: the marker and the resume state beside the data
        resumable = tmp.resolve("resumable");
        copy(base, resumable);
        JsonNode summary = CliHarness.readJson(base.resolve("summary.json"));
        ObjectNode state = CliHarness.JSON.createObjectNode();
        state.set("format_version", summary.get("format_version"));
        state.set("version", summary.get("version"));
        state.put("preset", "paper");
        state.putObject("shard").put("index", 0).put("count", 1);
        state.set("config", summary.get("config"));
        Files.writeString(resumable.resolve("resume.json"), state.toPrettyString());
        Files.writeString(resumable.resolve("INCOMPLETE"), "");
    }

    private static void run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(CliHarness.TINY);
        args.addAll(List.of(extra));
        args.addAll(List.of("--out", out.toString()));
        CliHarness.Result r = CliHarness.bayesrg(args);
        assertEquals(0, r.exitCode(), r::toString);
    }

    @AfterContainer
    static void deleteTemp() throws IOException {
        CliHarness.deleteRecursively(tmp);
    }

    /**
     * One defect of one file.
     *
     * @param file       the damaged file, relative to the run directory
     * @param what       the defect, for the report of a failing case
     * @param apply      the new content from the old (null: delete the file)
     * @param mustRefuse the commands that must refuse it (the others may accept it)
     * @param directory  replace the file by an empty directory instead
     */
    record Damage(String file, String what, UnaryOperator<byte[]> apply, Set<String> mustRefuse, boolean directory) {
        @Override
        public String toString() {
            return file + ": " + what;
        }
    }

    // ------------------------------------------------------------------ generators

    private static Arbitrary<Damage> anyFile(String file, Set<String> readers) {
        Arbitrary<Damage> empty = Arbitraries.just(new Damage(file, "empty", b -> new byte[0], readers, false));
        Arbitrary<Damage> garbage = Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(64)
                .map(g -> new Damage(file, "garbage " + Arrays.toString(g), b -> g, readers, false));
        Arbitrary<Damage> truncated = Arbitraries.doubles()
                .between(0, 0.999)
                .ofScale(3)
                .map(f -> new Damage(
                        file, "cut at " + f, b -> Arrays.copyOf(b, (int) (f * (b.length - 1))), readers, false));
        Arbitrary<Damage> trailing = Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(12)
                .withChars("\0x{]1,\n ")
                .filter(t -> !t.isBlank())
                .map(t -> new Damage(file, "appended '" + t + "'", b -> concat(b, t), readers, false));
        return Arbitraries.oneOf(empty, garbage, truncated, trailing);
    }

    private static Arbitrary<Damage> npy(String file) {
        Arbitrary<Damage> header = Arbitraries.of("'<f4'", "'<i8'", "'>f8'", "'|b1'", "'<c16'", "'U3'", "<f8")
                .map(d -> new Damage(file, "dtype " + d, b -> withHeader(b, h -> h.replace("'<f8'", d)), ALL, false));
        Arbitrary<Damage> order = Arbitraries.just(new Damage(
                file, "Fortran order", b -> withHeader(b, h -> h.replace("False", "True")), ALL, false));
        Arbitrary<Damage> shapes = Arbitraries.oneOf(
                        Arbitraries.integers().between(-1000, -1).map(String::valueOf),
                        Arbitraries.of("99999999999", "2147483647", "x", "1.5", "", "1e3", "0x10"),
                        Arbitraries.integers().between(0, 40).map(String::valueOf))
                .list()
                .ofMinSize(0)
                .ofMaxSize(4)
                .map(dims -> new Damage(
                        file,
                        "shape (" + String.join(", ", dims) + ")",
                        b -> {
                            String tuple = "(" + String.join(", ", dims) + (dims.size() == 1 ? ",)" : ")");
                            byte[] changed = withHeader(b, h -> h.replaceFirst("\\([^)]*\\)", tuple));
                            return Arrays.equals(changed, b) ? new byte[0] : changed; // never the same shape
                        },
                        ALL,
                        false));
        Arbitrary<Damage> version = Arbitraries.integers()
                .between(0, 255)
                .filter(v -> v != 1)
                .map(v -> new Damage(file, "format version " + v, b -> set(b, 6, v), ALL, false));
        Arbitrary<Damage> headerLength = Arbitraries.integers()
                .between(0, 0xffff)
                .map(v -> new Damage(
                        file,
                        "header length " + v,
                        b -> {
                            byte[] changed = set(set(b, 8, v & 0xff), 9, v >> 8);
                            return Arrays.equals(changed, b) ? new byte[0] : changed;
                        },
                        ALL,
                        false));
        Arbitrary<Damage> magic = Arbitraries.integers()
                .between(0, 5)
                .map(i -> new Damage(file, "magic byte " + i, b -> set(b, i, b[i] ^ 0x20), ALL, false));
        return Arbitraries.oneOf(anyFile(file, ALL), header, order, shapes, version, headerLength, magic);
    }

    private static Arbitrary<Damage> summary() {
        String file = "summary.json";
        List<String> required = List.of("config", "members", "members_diverged", "trainable_parameters", "cutoffs");
        Arbitrary<Damage> removed =
                Arbitraries.of(required).map(k -> new Damage(file, "no " + k, json(t -> t.remove(k)), ALL, false));
        Arbitrary<Damage> wrongType = Combinators.combine(
                        Arbitraries.of(required),
                        Arbitraries.of("null", "\"abc\"", "[]", "{}", "true", "2.5", "-56", "1e300"))
                .as((k, v) -> new Damage(file, k + " = " + v, json(t -> t.set(k, parse(v))), ALL, false));
        Arbitrary<Damage> badOptional = Combinators.combine(
                        Arbitraries.of(
                                "critical_cutoff",
                                "critical_interval",
                                "cutoff_scale",
                                "knee_cutoff",
                                "timing_seconds",
                                "version",
                                "training",
                                "probe",
                                "format_version"),
                        Arbitraries.of("\"abc\"", "[]", "{}", "true", "-56", "1e300"))
                .filter((k, v) -> !(k.equals("timing_seconds") && (v.equals("-56") || v.equals("1e300"))))
                .as((k, v) -> new Damage(file, k + " = " + v, json(t -> t.set(k, parse(v))), ALL, false));
        Arbitrary<Damage> inconsistent = Arbitraries.of(
                new Damage(
                        file,
                        "members + 1",
                        json(t -> t.put("members", t.get("members").asInt() + 1)),
                        ALL,
                        false),
                new Damage(
                        file,
                        "members - 1",
                        json(t -> t.put("members", t.get("members").asInt() - 1)),
                        ALL,
                        false),
                new Damage(
                        file,
                        "trainable_parameters + 1",
                        json(t -> t.put(
                                "trainable_parameters",
                                t.get("trainable_parameters").asInt() + 1)),
                        ALL,
                        false),
                new Damage(
                        file,
                        "trainable_parameters - 1",
                        json(t -> t.put(
                                "trainable_parameters",
                                t.get("trainable_parameters").asInt() - 1)),
                        ALL,
                        false),
                new Damage(
                        file,
                        "members_diverged + 1",
                        json(t -> t.put(
                                "members_diverged", t.get("members_diverged").asInt() + 1)),
                        ALL,
                        false),
                new Damage(
                        file,
                        "a cutoff changed",
                        json(t -> ((ArrayNode) t.get("cutoffs")).set(1, 0.123456789)),
                        ALL,
                        false),
                new Damage(file, "a cutoff removed", json(t -> ((ArrayNode) t.get("cutoffs")).remove(1)), ALL, false),
                new Damage(
                        file,
                        "critical cutoff not a cutoff",
                        json(t -> t.put("critical_cutoff", 0.123456789)),
                        ALL,
                        false),
                new Damage(
                        file,
                        "critical interval bound not a cutoff",
                        json(t -> ((ObjectNode) t.get("critical_interval")).put("upper", 0.123456789)),
                        ALL,
                        false),
                new Damage(
                        file,
                        "another cutoff scale than its config's",
                        json(t -> t.put("cutoff_scale", "quantile")),
                        ALL,
                        false),
                new Damage(
                        file,
                        "probe with one more coordinate",
                        json(t -> ((ArrayNode) t.get("probe").get("input")).add(0.5)),
                        ALL,
                        false),
                new Damage(
                        file,
                        "a shard of a whole run",
                        json(t -> t.putObject("shard").put("index", 0).put("count", 2)),
                        ALL,
                        false),
                new Damage(
                        file,
                        "config.data.test + 1",
                        json(t -> {
                            ObjectNode data = (ObjectNode) t.get("config").get("data");
                            data.put("test", data.get("test").asInt() + 1);
                        }),
                        ALL,
                        false),
                new Damage(
                        file,
                        "a flow statistic changed",
                        json(t -> ((ObjectNode) t.get("flow").get(1)).put("probe_mean", 12345.5)),
                        ALL,
                        false),
                new Damage(file, "newer format", json(t -> t.put("format_version", 99)), ALL, false),
                new Damage(file, "root null", b -> bytes("null"), ALL, false),
                new Damage(file, "root array", b -> bytes("[]"), ALL, false),
                new Damage(file, "root number", b -> bytes("-56"), ALL, false));
        Arbitrary<Damage> harmless = Arbitraries.of(
                new Damage(file, "no critical cutoff", json(t -> t.putNull("critical_cutoff")), NONE, false),
                new Damage(file, "no timing", json(t -> t.remove("timing_seconds")), NONE, false),
                new Damage(file, "no critical interval", json(t -> t.remove("critical_interval")), NONE, false));
        return Arbitraries.oneOf(anyFile(file, ALL), removed, wrongType, badOptional, inconsistent, harmless);
    }

    private static Arbitrary<Damage> manifest() {
        String file = "manifest.json";
        Arbitrary<Damage> typed = Combinators.combine(
                        Arbitraries.of("preset", "software_version", "source_commit", "command_line", "files"),
                        Arbitraries.of("[]", "-56", "true", "{\"a\": 1}"))
                .filter((k, v) ->
                        !(k.equals("command_line") && v.equals("[]")) && !(k.equals("files") && v.startsWith("{")))
                .as((k, v) -> new Damage(file, k + " = " + v, json(t -> t.set(k, parse(v))), MANIFEST_READERS, false));
        boolean commitKnown = !Version.UNKNOWN.equals(Version.commit());
        Arbitrary<Damage> other = Arbitraries.of(
                new Damage(file, "root null", b -> bytes("null"), MANIFEST_READERS, false),
                new Damage(file, "root string", b -> bytes("\"x\""), MANIFEST_READERS, false),
                new Damage(
                        file,
                        "another config",
                        json(t -> ((ObjectNode) t.get("config").get("train")).put("epochs", 21)),
                        MANIFEST_READERS,
                        false),
                new Damage(
                        file,
                        "another version",
                        json(t -> t.put("software_version", "9.9.9")),
                        MANIFEST_READERS,
                        false),
                new Damage(
                        file, "another preset", json(t -> t.put("preset", "reference-code")), Set.of("merge"), false),
                new Damage(
                        file,
                        "another commit",
                        json(t -> t.put("source_commit", "0123456789abcdef0123456789abcdef01234567")),
                        commitKnown ? Set.of("merge") : NONE,
                        false),
                new Damage(file, "no preset", json(t -> t.remove("preset")), NONE, false));
        return Arbitraries.oneOf(anyFile(file, MANIFEST_READERS), typed, other);
    }

    private static Arbitrary<Damage> flowCsv() {
        String file = "flow.csv";
        Arbitrary<Damage> cell = Combinators.combine(
                        Arbitraries.integers().between(1, 26),
                        Arbitraries.integers().between(0, 10),
                        Arbitraries.of("abc", "", "-56", "0.123456789", "true", "1,2"))
                .as((row, col, v) -> cell(file, row, col, v, ALL));
        return Arbitraries.oneOf(anyFile(file, ALL), cell, rows(file));
    }

    private static Arbitrary<Damage> membersCsv() {
        String file = "members.csv";
        // columns: member,entry,cutoff,test_mse,probe_output,coarse_grained,diverged,train_loss
        Arbitrary<Integer> row = Arbitraries.integers().between(1, 4 * 26);
        Arbitrary<Damage> checked = Combinators.combine(
                        row,
                        Arbitraries.of(0, 1, 2, 5, 6, 7),
                        Arbitraries.of("abc", "", "-56", "9999999999", "1.5", "true", "false", "0.123456789"))
                .as((r, c, v) -> cell(file, r, c, v, ALL));
        Arbitrary<Damage> values = Combinators.combine(
                        row, Arbitraries.of(3, 4), Arbitraries.of("0.5", "-56", "1e300", "nan", "inf"))
                .as((r, c, v) -> cell(file, r, c, v, NONE));
        return Arbitraries.oneOf(anyFile(file, ALL), checked, values, rows(file));
    }

    /** Cell {@code col} of data row {@code row} set to {@code v} (a change, never the same bytes). */
    private static Damage cell(String file, int row, int col, String v, Set<String> mustRefuse) {
        return new Damage(
                file,
                "line " + (row + 1) + " cell " + col + " = '" + v + "'",
                b -> {
                    byte[] changed = setCell(b, row, col, v);
                    return Arrays.equals(changed, b) ? new byte[0] : changed;
                },
                mustRefuse,
                false);
    }

    /** A CSV's rows dropped or repeated: the header, one in the middle, the last. */
    private static Arbitrary<Damage> rows(String file) {
        return Arbitraries.of(
                new Damage(file, "last row dropped", b -> dropLine(b, -1), ALL, false),
                new Damage(file, "a row dropped", b -> dropLine(b, 3), ALL, false),
                new Damage(file, "header dropped", b -> dropLine(b, 0), ALL, false),
                new Damage(file, "a row repeated", b -> repeatLine(b, 2), ALL, false));
    }

    private static final List<String> ARRAYS = List.of(
            "predictions.npy",
            "fisher.npy",
            "readout.npy",
            "loss_curves.npy",
            "test_inputs.npy",
            "test_targets.npy",
            "mesh_inputs.npy",
            "mesh_outputs.npy",
            "cutoffs.npy");

    private static Arbitrary<Damage> gone() {
        List<String> files = new ArrayList<>(ARRAYS);
        files.addAll(List.of("summary.json", "manifest.json", "flow.csv", "members.csv"));
        return Combinators.combine(Arbitraries.of(files), Arbitraries.of(false, true))
                .as((f, dir) -> new Damage(
                        f, dir ? "a directory instead" : "deleted", null, f.equals("summary.json") ? ALL : NONE, dir));
    }

    @Provide
    Arbitrary<Damage> damage() {
        List<Arbitrary<Damage>> all = new ArrayList<>();
        for (String array : ARRAYS) {
            all.add(npy(array));
        }
        all.addAll(List.of(summary(), manifest(), flowCsv(), membersCsv(), gone()));
        return Arbitraries.oneOf(all);
    }

    @Provide
    Arbitrary<String> reader() {
        return Arbitraries.of("report", "nnft", "nngp", "merge");
    }

    @Provide
    Arbitrary<Damage> resumeDamage() {
        String file = "resume.json";
        Set<String> resume = Set.of(RESUME);
        Arbitrary<Damage> config = Arbitraries.of("null", "\"abc\"", "[]", "{}", "-56", "{\"data\": 5}")
                .map(v -> new Damage(file, "config = " + v, json(t -> t.set("config", parse(v))), resume, false));
        Arbitrary<Damage> other = Arbitraries.of(
                new Damage(file, "no config", json(t -> t.remove("config")), resume, false),
                new Damage(file, "newer format", json(t -> t.put("format_version", 99)), resume, false),
                new Damage(file, "root null", b -> bytes("null"), resume, false),
                new Damage(file, "root array", b -> bytes("[1]"), resume, false));
        return Arbitraries.oneOf(anyFile(file, resume), config, other);
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 100)
    void everyReaderRefusesADamagedRunInOneLineAndWritesNothing(
            @ForAll("damage") Damage damage, @ForAll("reader") String reader) throws IOException {
        int id = COUNTER.incrementAndGet();
        Path dir = tmp.resolve("case-" + id);
        copy(reader.equals("merge") ? shard1 : base, dir);
        damage(dir, damage);
        Path out = tmp.resolve("out-" + id);
        Map<String, Long> before = tree(dir);
        CliHarness.Result r = switch (reader) {
            case "report" -> CliHarness.bayesrg("report", dir.toString());
            case "nnft" -> CliHarness.bayesrg("nnft", dir.toString(), "--quiet");
            case "nngp" ->
                CliHarness.bayesrg(
                        "nngp", "--compare", dir.toString(), "--quiet", "--mc-draws", "100", "--out", out.toString());
            default ->
                CliHarness.bayesrg(
                        "merge", shard0.toString(), dir.toString(), "--out", out.toString(), "--quiet", "--no-report");
        };
        assertHandled(r, damage, reader, dir);
        if (r.exitCode() == 2) {
            assertEquals(before, tree(dir), () -> "a refused " + reader + " changed the directory: " + r);
            assertFalse(Files.exists(out), () -> "a refused " + reader + " created its output: " + r);
        }
    }

    @Property(tries = 20)
    void aDamagedResumeStateIsRefusedInOneLine(@ForAll("resumeDamage") Damage damage) throws IOException {
        Path dir = tmp.resolve("resume-" + COUNTER.incrementAndGet());
        copy(resumable, dir);
        damage(dir, damage);
        Map<String, Long> before = tree(dir);
        CliHarness.Result r = CliHarness.bayesrg("run", "--resume", dir.toString(), "--quiet", "--no-report");
        assertHandled(r, damage, RESUME, dir);
        assertEquals(before, tree(dir), () -> "a refused resume changed the directory: " + r);
    }

    private static void assertHandled(CliHarness.Result r, Damage damage, String reader, Path dir) {
        String context = reader + " of " + damage + ": " + r;
        if (damage.mustRefuse().contains(reader)) {
            assertEquals(2, r.exitCode(), () -> "must be refused: " + context);
        } else {
            assertTrue(r.exitCode() == 0 || r.exitCode() == 2, () -> "exit 0 or 2, never 1: " + context);
        }
        if (r.exitCode() == 0) {
            return;
        }
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "one line: " + context);
        String line = lines.get(0);
        assertFalse(
                line.contains("Exception") || line.contains("\tat ") || line.contains("at dev.bayesrg"),
                () -> "no exception or stack trace: " + context);
        assertFalse(line.matches(".*error: (\\S+: )?-?\\d+$"), () -> "no bare number: " + context);
        boolean namesAFile = line.contains(dir.toString())
                || Stream.of("summary.json", "manifest.json", "flow.csv", "members.csv", "resume.json", ".npy")
                        .anyMatch(line::contains);
        assertTrue(namesAFile, () -> "names the directory or a file: " + context);
    }

    // ------------------------------------------------------------------ helpers

    private static void damage(Path dir, Damage damage) throws IOException {
        Path file = dir.resolve(damage.file());
        if (damage.apply() == null) {
            Files.deleteIfExists(file);
            if (damage.directory()) {
                Files.createDirectories(file);
            }
            return;
        }
        Files.write(file, damage.apply().apply(Files.readAllBytes(file)));
    }

    /** Every file below {@code dir} with its size and modification time, to see that nothing changed. */
    private static Map<String, Long> tree(Path dir) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (p.getFileName().toString().equals(".bayesrg-lock")) {
                    continue; // a reader may lock the directory while it looks; the lock is not output
                }
                files.put(
                        dir.relativize(p).toString(),
                        Files.isDirectory(p)
                                ? -1
                                : Files.size(p) * 31
                                        + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] b, String tail) {
        byte[] t = bytes(tail);
        byte[] out = Arrays.copyOf(b, b.length + t.length);
        System.arraycopy(t, 0, out, b.length, t.length);
        return out;
    }

    private static byte[] set(byte[] b, int index, int value) {
        byte[] out = b.clone();
        out[index] = (byte) value;
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return CliHarness.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** A change to a JSON file's top-level object. */
    private static UnaryOperator<byte[]> json(java.util.function.Consumer<ObjectNode> change) {
        return b -> {
            try {
                ObjectNode tree = (ObjectNode) CliHarness.JSON.readTree(b);
                change.accept(tree);
                return bytes(tree.toPrettyString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The .npy file with its header text changed and re-padded (the data untouched). */
    private static byte[] withHeader(byte[] b, UnaryOperator<String> change) {
        int length = (b[8] & 0xff) | ((b[9] & 0xff) << 8);
        String header = new String(b, 10, length, StandardCharsets.ISO_8859_1).strip();
        String changed = change.apply(header);
        int unpadded = 10 + changed.length() + 1;
        changed = changed + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] text = changed.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + text.length + b.length - 10 - length];
        System.arraycopy(b, 0, out, 0, 8);
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        System.arraycopy(b, 10 + length, out, 10 + text.length, b.length - 10 - length);
        return out;
    }

    private static List<String> lines(byte[] b) {
        return new ArrayList<>(new String(b, StandardCharsets.UTF_8).lines().toList());
    }

    private static byte[] joined(List<String> lines) {
        return bytes(String.join("\n", lines) + "\n");
    }

    /** Cell {@code column} of data row {@code row} (1 = the first; wrapped round for shorter files) set to value. */
    private static byte[] setCell(byte[] b, int row, int column, String value) {
        List<String> lines = lines(b);
        row = 1 + (row - 1) % (lines.size() - 1);
        String[] cells = lines.get(row).split(",", -1);
        cells[column] = value;
        lines.set(row, String.join(",", cells));
        return joined(lines);
    }

    private static byte[] dropLine(byte[] b, int index) {
        List<String> lines = lines(b);
        lines.remove(index < 0 ? lines.size() + index : index);
        return joined(lines);
    }

    private static byte[] repeatLine(byte[] b, int index) {
        List<String> lines = lines(b);
        lines.add(index, lines.get(index));
        return joined(lines);
    }
}
