package dev.bayesrg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test support for the end-to-end CLI tests: runs {@link Main#execute} in-process with captured
 * stdout/stderr, and reads the run directory's files with parsers written here (independent of the
 * production readers in {@code dev.bayesrg.io}).
 */
final class CliHarness {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A small, fast experiment: 6 members, width 32, 20 epochs, 40/30/20 train/test/Fisher points, no
     * figures (ReportTest draws them; the other tests need not pay for it).
     */
    static final List<String> SMALL = List.of(
            "--members",
            "6",
            "--width",
            "32",
            "--epochs",
            "20",
            "--set",
            "data.train=40",
            "--set",
            "data.test=30",
            "--set",
            "data.fisher=20",
            "--no-report");

    /** The smallest experiment worth reading back: 4 members of width 8, 20 epochs, 20/10/10 train/test/Fisher points. */
    static final List<String> TINY_EXPERIMENT = List.of(
            "--members",
            "4",
            "--width",
            "8",
            "--epochs",
            "20",
            "--set",
            "data.train=20",
            "--set",
            "data.test=10",
            "--set",
            "data.fisher=10");

    /** {@link #TINY_EXPERIMENT}, quiet and without figures (for tests that damage or mix run directories). */
    static final List<String> TINY = java.util.stream.Stream.concat(
                    TINY_EXPERIMENT.stream(), java.util.stream.Stream.of("--no-report", "--quiet"))
            .toList();

    /** Deletes {@code dir} and everything below it (test directories made outside JUnit's @TempDir). */
    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    static final int SMALL_MEMBERS = 6;
    static final int SMALL_WIDTH = 32;
    static final int SMALL_TEST = 30;

    private CliHarness() {}

    /** What one invocation of the command line produced. */
    record Result(int exitCode, String out, String err) {
        /** Non-blank stderr lines. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    static Result bayesrg(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out);
                PrintWriter e = new PrintWriter(err)) {
            code = Main.execute(args.toArray(String[]::new), o, e);
        }
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * The command line of {@code bayesrg} in a fresh JVM (this JVM's java and class path), with the
     * given JVM options before the main class and {@code args} after it.
     */
    static List<String> freshJvm(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs {@code bayesrg args} in a fresh JVM with {@code jvmOptions} (a small heap, say) and waits
     * for it; stdout is discarded, stderr kept (through a file in {@code scratch}).
     */
    static Result inFreshJvm(List<String> jvmOptions, List<String> args, Path scratch)
            throws IOException, InterruptedException {
        Path err = Files.createTempFile(scratch, "stderr", ".txt");
        Process p = new ProcessBuilder(freshJvm(jvmOptions, args))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        // only so that a hung child cannot hang the build; far beyond any real run
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES), "the child did not end");
        return new Result(p.exitValue(), "", Files.readString(err, StandardCharsets.UTF_8));
    }

    static Result bayesrg(String... args) {
        return bayesrg(Arrays.asList(args));
    }

    @SafeVarargs
    static List<String> args(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    /** Runs {@code bayesrg run SMALL extra... --out dir --quiet} and requires success. */
    static Result runSmall(Path out, String... extra) {
        Result r = bayesrg(args(List.of("run"), SMALL, List.of(extra), List.of("--quiet", "--out", out.toString())));
        assertEquals(0, r.exitCode(), () -> "run failed: " + r);
        return r;
    }

    static JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }

    /** Every file name in a directory, including hidden ones. */
    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---------------------------------------------------------------- .npy

    /** A parsed NumPy .npy file (float64 little-endian, C order, as the contract requires). */
    record Npy(int[] shape, double[] values, String header) {
        int count() {
            return values.length;
        }

        double at(int... index) {
            assertEquals(shape.length, index.length, "index rank");
            int flat = 0;
            for (int d = 0; d < shape.length; d++) {
                assertTrue(index[d] >= 0 && index[d] < shape[d], "index out of range");
                flat = flat * shape[d] + index[d];
            }
            return values[flat];
        }
    }

    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads a .npy file, checking the format rules of NumPy's format spec along the way. */
    static Npy readNpy(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
        assertTrue(bytes.length >= 10, file + ": too short for a .npy file");
        assertTrue(Arrays.equals(magic, Arrays.copyOf(bytes, 6)), file + ": bad magic");
        int major = bytes[6] & 0xff;
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = (bytes[8] & 0xff) | ((bytes[9] & 0xff) << 8);
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLen =
                    ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            headerStart = 12;
        } else {
            fail(file + ": unknown .npy version " + major);
            return null;
        }
        int dataStart = headerStart + headerLen;
        assertEquals(0, dataStart % 16, file + ": data must start at a multiple of 16 (NumPy format spec)");
        String header = new String(bytes, headerStart, headerLen, StandardCharsets.ISO_8859_1);
        assertTrue(header.endsWith("\n"), file + ": header must end with a newline");
        assertTrue(header.replace(" ", "").contains("'descr':'<f8'"), file + ": dtype must be <f8: " + header);
        assertTrue(header.replace(" ", "").contains("'fortran_order':False"), file + ": must be C order: " + header);
        Matcher m = SHAPE.matcher(header);
        assertTrue(m.find(), file + ": no shape in header: " + header);
        int[] shape = Arrays.stream(m.group(1).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt)
                .toArray();
        long count = 1;
        for (int s : shape) {
            count *= s;
        }
        assertEquals(
                count * 8,
                bytes.length - dataStart,
                file + ": data length does not match shape " + Arrays.toString(shape));
        double[] values = new double[(int) count];
        ByteBuffer data =
                ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            values[i] = data.getDouble();
        }
        return new Npy(shape, values, header);
    }

    // ---------------------------------------------------------------- CSV

    /** A CSV table with a header row; cells are kept as strings. */
    record Table(List<String> header, List<List<String>> rows) {
        int column(String name) {
            int i = header.indexOf(name);
            assertTrue(i >= 0, "no column '" + name + "' in " + header);
            return i;
        }

        String cell(int row, String name) {
            return rows.get(row).get(column(name));
        }

        Map<String, String> row(int row) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                m.put(header.get(c), rows.get(row).get(c));
            }
            return m;
        }
    }

    static Table readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertTrue(!lines.isEmpty(), file + " is empty");
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty() && i == lines.size() - 1) {
                continue;
            }
            List<String> cells = List.of(lines.get(i).split(",", -1));
            assertEquals(header.size(), cells.size(), file + " line " + (i + 1) + " has the wrong number of cells");
            rows.add(cells);
        }
        return new Table(header, rows);
    }

    /** A CSV number cell: empty is null; nan/inf spelled as the writer does. */
    static Double csvNumber(String cell) {
        return switch (cell) {
            case "" -> null;
            case "nan", "NaN" -> Double.NaN;
            case "inf", "Infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(cell);
        };
    }

    /** A JSON number; null stands for a missing or non-finite value. */
    static Double jsonNumber(JsonNode node) {
        return node == null || node.isNull() ? null : node.doubleValue();
    }

    static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return;
        }
        double tol = 1e-12 * Math.max(1.0, Math.max(Math.abs(expected), Math.abs(actual)));
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + " but was " + actual);
    }
}
