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
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Finite numbers too large for a run: an input or target of magnitude above 1e50 (up to the largest
 * float64, 1.8e308) squares and raises to the fourth power into infinities — 1e300 in a data CSV
 * gave infinite Fisher entries without a word. Wherever data enter (the data CSV, the nnft mesh CSV,
 * {@code nngp --points} and {@code --line}, the configuration's probe, input mean and mesh line),
 * such a value is refused up front with one line naming its file, line and column (or its field) and
 * the bound; a Fisher diagonal that still overflows (a tiny fisher.noiseVariance) is reported.
 */
class HugeDataValuesPropertiesTest {
    private static Path tmp;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @BeforeContainer
    static void createTemp() throws IOException {
        tmp = Files.createTempDirectory("bayesrg-huge");
    }

    @AfterContainer
    static void deleteTemp() throws IOException {
        CliHarness.deleteRecursively(tmp);
    }

    /** A magnitude above the bound: mantissa 1..9.99, exponent 51..307 (never above the float64 maximum). */
    @Provide
    Arbitrary<String> huge() {
        return Combinators.combine(
                        Arbitraries.doubles().between(1, 9.99).ofScale(3),
                        Arbitraries.integers().between(51, 307),
                        Arbitraries.of("", "-"))
                .as((m, e, sign) -> sign + m + "e" + e);
    }

    /** A CSV of 60 rows (of 3 columns: x0,x1,y; else 20, a mesh) with {@code value} at row, column. */
    private static Path csv(int columns, int row, int column, String value) throws IOException {
        StringBuilder sb = new StringBuilder();
        int rows = columns == 3 ? 60 : 20;
        row = row % rows;
        for (int i = 0; i < rows; i++) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                cells.add(i == row && c == column ? value : String.valueOf(0.01 * i + c));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        Path file = tmp.resolve("data-" + COUNTER.incrementAndGet() + ".csv");
        Files.writeString(file, sb.toString());
        return file;
    }

    private static void assertRefused(CliHarness.Result r, Path out, String... named) {
        assertEquals(2, r.exitCode(), r::toString);
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).contains("1e50"), () -> "states the bound: " + r);
        for (String n : named) {
            assertTrue(lines.get(0).contains(n), () -> "names " + n + ": " + r);
        }
        assertFalse(lines.get(0).contains("Exception"), r::toString);
        if (out != null) {
            assertFalse(Files.exists(out), () -> "no run directory: " + r);
        }
    }

    @Property(tries = 30)
    void aHugeValueInTheDataCsvIsRefusedWithItsLocation(
            @ForAll("huge") String value, @ForAll("rows") int row, @ForAll("columns") int column, @ForAll boolean mesh)
            throws IOException {
        Path out = tmp.resolve("run-" + COUNTER.incrementAndGet());
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(CliHarness.TINY);
        if (mesh) {
            // the nnft mesh: points x0,x1
            Path file = csv(2, row, Math.min(column, 1), value);
            args.addAll(List.of("--set", "nnft.mesh=csv", "--set", "nnft.csv=" + file));
            args.addAll(List.of("--out", out.toString()));
            assertRefused(CliHarness.bayesrg(args), out, file + ":" + (row % 20 + 1) + ":");
        } else {
            Path file = csv(3, row, column, value);
            args.addAll(List.of("--set", "data.source=csv", "--set", "data.csv=" + file));
            args.addAll(List.of("--out", out.toString()));
            assertRefused(CliHarness.bayesrg(args), out, file + ":" + (row + 1) + ":");
        }
    }

    @Provide
    Arbitrary<Integer> rows() {
        return Arbitraries.integers().between(0, 59);
    }

    @Provide
    Arbitrary<Integer> columns() {
        return Arbitraries.integers().between(0, 2);
    }

    @Property(tries = 30)
    void aHugeNngpPointOrLineEndIsRefused(
            @ForAll("huge") String value, @ForAll("rows") int row, @ForAll("columns") int column, @ForAll boolean line)
            throws IOException {
        if (line) {
            assertRefused(
                    CliHarness.bayesrg("nngp", "--depth", "2", "--line", "0,0:1," + value + ":3"), null, "--line");
        } else {
            Path file = csv(3, row, column, value);
            assertRefused(
                    CliHarness.bayesrg("nngp", "--depth", "2", "--points", file.toString()),
                    null,
                    file + ":" + (row + 1) + ":" + (column + 1));
        }
    }

    @Property(tries = 20)
    void aHugeCoordinateInTheConfigurationIsRefusedNamingTheField(
            @ForAll("huge") String value, @ForAll("fields") String field) {
        Path out = tmp.resolve("run-" + COUNTER.incrementAndGet());
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(CliHarness.TINY);
        args.addAll(List.of("--set", field.replace("V", value), "--out", out.toString()));
        if (field.startsWith("nnft.line")) {
            args.addAll(List.of("--set", "nnft.mesh=line"));
        }
        String name = field.substring(0, field.indexOf('='));
        assertRefused(CliHarness.bayesrg(args), out, name.substring(name.lastIndexOf('.') + 1));
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of(
                "data.probe=[1, V]", "data.inputMean=[V, 0]", "nnft.line={from: [0, 0], to: [1, V], points: 4}");
    }

    /** The bound itself is allowed (a run with 1e50 in its data goes through), the next number up not. */
    @Example
    void theBoundIsAllowedAndTheNumberAboveItRefused() throws IOException {
        for (String value : List.of("1e50", "1.0000000000000001e50", "1.0000000000000002e50")) {
            Path file = csv(3, 5, 2, value);
            Path out = tmp.resolve("run-" + COUNTER.incrementAndGet());
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(CliHarness.TINY);
            args.addAll(List.of("--set", "data.source=csv", "--set", "data.csv=" + file, "--out", out.toString()));
            CliHarness.Result r = CliHarness.bayesrg(args);
            if (Double.parseDouble(value) <= 1e50) {
                assertEquals(0, r.exitCode(), r::toString);
            } else {
                assertRefused(r, out, file + ":6:");
            }
        }
    }

    /** A Fisher diagonal that overflows all the same (here 1/σ² with σ² the least float64) is said. */
    @Example
    void aRunWhoseFisherEntriesOverflowSaysSo() {
        Path out = tmp.resolve("run-" + COUNTER.incrementAndGet());
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(CliHarness.TINY);
        args.addAll(List.of("--set", "fisher.noiseVariance=4.9e-324", "--out", out.toString()));
        CliHarness.Result r = CliHarness.bayesrg(args);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("non-finite Fisher entries"), r::toString);
    }
}
