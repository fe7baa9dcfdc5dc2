package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.SMALL;
import static dev.bayesrg.cli.CliHarness.args;
import static dev.bayesrg.cli.CliHarness.bayesrg;
import static dev.bayesrg.cli.CliHarness.readJson;
import static dev.bayesrg.cli.CliHarness.readNpy;
import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.cli.CliHarness.Npy;
import dev.bayesrg.cli.CliHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data.source: csv}: rows x0,x1,y read from a file; bad cells are located as file:line:column. */
class CsvDataInputTest {
    @TempDir
    Path tmp;

    /** 120 rows (x0, x1, y) with y = x0 − 2 x1, after a header line; 40 + 30 + 20 are used. */
    private Path validCsv() throws IOException {
        StringBuilder sb = new StringBuilder("x0,x1,y\n");
        for (int i = 0; i < 120; i++) {
            double x0 = Math.sin(i * 0.7) + 1;
            double x1 = Math.cos(i * 1.3) + 1;
            sb.append(String.format(Locale.ROOT, "%s,%s,%s%n", x0, x1, x0 - 2 * x1));
        }
        Path file = tmp.resolve("points.csv");
        Files.writeString(file, sb.toString());
        return file;
    }

    private Path csvConfig(Path csv) throws IOException {
        Path config = tmp.resolve("csv-config.yaml");
        Files.writeString(config, "data:\n  source: csv\n  csv: '" + csv.toAbsolutePath() + "'\n");
        return config;
    }

    private Result runRejected(Path out, String... extra) {
        Result r = bayesrg(args(List.of("run"), SMALL, List.of(extra), List.of("--out", out.toString())));
        assertEquals(2, r.exitCode(), () -> "bad data input is exit 2: " + r);
        assertEquals(1, InvalidInputTest.messageLines(r).size(), () -> "one error line: " + r);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), () -> "no stack trace: " + r);
        assertFalse(Files.exists(out), "no run directory for bad data");
        return r;
    }

    @Test
    void malformedCellOnLineFiveIsExitTwoNamingFileAndLine() throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(validCsv()));
        lines.set(4, "1.5,oops,2.0"); // line 5 of the file (line 1 is the header)
        Path bad = tmp.resolve("malformed.csv");
        Files.write(bad, lines);
        Result r = runRejected(tmp.resolve("out"), "--config", csvConfig(bad).toString());
        String message = InvalidInputTest.messageLines(r).get(0);
        assertTrue(message.contains("malformed.csv"), message);
        assertTrue(message.contains(":5:"), message);
        assertTrue(message.contains("oops"), message);
    }

    @Test
    void malformedCellIsAlsoLocatedWhenCsvIsChosenWithSet() throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(validCsv()));
        lines.set(4, "1.5,2.5,1..0");
        Path bad = tmp.resolve("set-malformed.csv");
        Files.write(bad, lines);
        Result r = runRejected(tmp.resolve("out"), "--set", "data.source=csv", "--set", "data.csv=" + bad);
        String message = InvalidInputTest.messageLines(r).get(0);
        assertTrue(message.contains("set-malformed.csv") && message.contains(":5:"), message);
    }

    @Test
    void rowWithTooFewColumnsIsExitTwoNamingFileAndLine() throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(validCsv()));
        lines.set(2, "1.5,2.5");
        Path bad = tmp.resolve("short-row.csv");
        Files.write(bad, lines);
        Result r = runRejected(tmp.resolve("out"), "--config", csvConfig(bad).toString());
        String message = InvalidInputTest.messageLines(r).get(0);
        assertTrue(message.contains("short-row.csv") && message.contains(":3"), message);
    }

    @Test
    void csvWithTooFewRowsIsExitTwoNamingDataCsv() throws IOException {
        Path small = tmp.resolve("few.csv");
        Files.writeString(small, "x0,x1,y\n1,2,3\n4,5,6\n");
        Result r = runRejected(tmp.resolve("out"), "--config", csvConfig(small).toString());
        assertTrue(InvalidInputTest.messageLines(r).get(0).contains("data.csv"), r.toString());
    }

    @Test
    void missingCsvFileIsExitTwoNamingDataCsv() throws IOException {
        Result r = runRejected(
                tmp.resolve("out"),
                "--config",
                csvConfig(tmp.resolve("absent.csv")).toString());
        String message = InvalidInputTest.messageLines(r).get(0);
        assertTrue(message.contains("data.csv") && message.contains("absent.csv"), message);
    }

    @Test
    void validCsvRunsAndItsTestSetComesFromTheFile() throws IOException {
        Path csv = validCsv();
        Path out = tmp.resolve("csv-run");
        runSmall(out, "--config", csvConfig(csv).toString());

        JsonNode summary = readJson(out.resolve("summary.json"));
        assertEquals("csv", summary.at("/config/data/source").asText());
        assertFalse(Files.exists(out.resolve("INCOMPLETE")));

        Set<String> fileRows = new HashSet<>();
        for (String line : Files.readAllLines(csv).subList(1, 121)) {
            String[] c = line.split(",", -1);
            fileRows.add(Double.parseDouble(c[0]) + "," + Double.parseDouble(c[1]) + "," + Double.parseDouble(c[2]));
        }
        Npy x = readNpy(out.resolve("test_inputs.npy"));
        Npy y = readNpy(out.resolve("test_targets.npy"));
        assertArrayEquals(new int[] {30, 2}, x.shape());
        assertArrayEquals(new int[] {30}, y.shape());
        Set<String> testRows = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String row = x.at(i, 0) + "," + x.at(i, 1) + "," + y.at(i);
            assertTrue(fileRows.contains(row), "test point " + i + " is not a row of the CSV: " + row);
            testRows.add(row);
        }
        assertEquals(30, testRows.size(), "test points are distinct rows");
        Npy p = readNpy(out.resolve("predictions.npy"));
        assertEquals(30, p.shape()[2]);
    }
}
