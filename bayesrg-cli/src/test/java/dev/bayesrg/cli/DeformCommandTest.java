package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static dev.bayesrg.cli.CliHarness.readCsv;
import static dev.bayesrg.cli.CliHarness.readJson;
import static dev.bayesrg.cli.CliHarness.readNpy;
import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.nnft.ActionDeformation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bayesrg deform: the round trip of the action on a run's ensemble, its files and its refusals. */
class DeformCommandTest {
    @TempDir
    static Path tmp;

    private static Path run;

    /** The members that did not diverge, their fields at flow entry 2, and the library on them. */
    private static int members;

    private static ActionDeformation library;

    private static final double W = 5.0 / 3.0;

    @BeforeAll
    static void smallRunOnALine() throws IOException {
        run = tmp.resolve("run");
        // a line mesh of 4 points, spacing |(3, 4)|/3 = 5/3: the run's lattice weight; 12 members
        runSmall(
                run,
                "--set",
                "nnft.mesh=line",
                "--set",
                "nnft.line={from: [-1, 0.5], to: [2, 4.5], points: 4}",
                "--set",
                "ensemble.members=12",
                "--set",
                "train.divergenceLoss=3000");
        CliHarness.Npy mesh = readNpy(run.resolve("mesh_outputs.npy"));
        int entries = mesh.shape()[1];
        List<String> rows = Files.readAllLines(run.resolve("members.csv"));
        List<double[]> fields = new java.util.ArrayList<>();
        for (int b = 0; b < mesh.shape()[0]; b++) {
            if (!rows.get(1 + b * entries).split(",", -1)[6].equals("true")) {
                double[] f = new double[4];
                for (int i = 0; i < 4; i++) {
                    f[i] = mesh.at(b, 2, i);
                }
                fields.add(f);
            }
        }
        members = fields.size();
        library = new ActionDeformation(fields.toArray(double[][]::new), null, new double[] {W, W, W, W}, null, 4);
    }

    @Test
    void theTableIsTheLibrarysRoundTripOnTheEntrysMembersAndTheRunsMeshWeight() throws IOException {
        // λ a few per cent of its natural scale 1/(w <K_aa²>), which the fields' size sets
        double small = 0.03 * library.lambdaScale();
        CliHarness.Result r =
                bayesrg("deform", run.toString(), "--lambda", "0," + small, "--entry", "2", "--groups", "4");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("recovered"), r.out());
        CliHarness.Table csv = readCsv(run.resolve("nnft/deformation.csv"));
        JsonNode json = readJson(run.resolve("nnft/deformation.json"));
        assertEquals(
                List.of("lambda", "effective_sample_size", "recovered_lambda", "standard_error", "pull"), csv.header());
        assertEquals(2, csv.rows().size());
        assertEquals(W, json.get("mesh_weight").asDouble(), 1e-12);
        assertEquals("lattice", json.get("mesh_weight_from").asText());
        assertEquals(2, json.get("entry").asInt());
        assertEquals(library.lambdaScale(), json.get("lambda_scale").asDouble(), 1e-12 * library.lambdaScale());
        // independent recomputation: the library on entry 2 of mesh_outputs.npy, the members that did not diverge
        int n = members;
        assertEquals(n, json.get("members_used").asInt());
        for (int row = 0; row < 2; row++) {
            double lambda = row == 0 ? 0.0 : small;
            ActionDeformation.Result expected = library.deform(lambda);
            assertEquals(lambda, Double.parseDouble(csv.cell(row, "lambda")), 0.0);
            assertEquals(
                    expected.effectiveSampleSize(),
                    Double.parseDouble(csv.cell(row, "effective_sample_size")),
                    1e-12 * n);
            assertEquals(
                    expected.recovered(),
                    Double.parseDouble(csv.cell(row, "recovered_lambda")),
                    1e-9 * Math.max(1, Math.abs(expected.recovered())));
            assertEquals(
                    expected.standardError(),
                    Double.parseDouble(csv.cell(row, "standard_error")),
                    1e-9 * Math.max(1, expected.standardError()));
            JsonNode o = json.get("deformations").get(row);
            assertEquals(
                    Double.parseDouble(csv.cell(row, "recovered_lambda")),
                    o.get("recovered_lambda").asDouble(),
                    0.0);
            assertEquals(4, o.get("quartic_shift").size());
        }
        // λ = 0: every member keeps weight 1, the couplings do not move
        assertEquals(n, Double.parseDouble(csv.cell(0, "effective_sample_size")), 0.0);
        assertEquals(0.0, Double.parseDouble(csv.cell(0, "recovered_lambda")), 0.0);
        assertEquals("nan", csv.cell(0, "pull"), "SE 0: no pull");
    }

    @Test
    void outWritesElsewhereAndLeavesTheRunAlone() throws IOException {
        Path out = tmp.resolve("elsewhere/deep");
        String lambda = String.valueOf(0.01 * library.lambdaScale());
        CliHarness.Result r = bayesrg(
                "deform", run.toString(), "--lambda", lambda, "--out", out.toString(), "--mesh-weight", "1", "--quiet");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(1, r.out().lines().count(), r.out());
        assertEquals(List.of("deformation.csv", "deformation.json"), CliHarness.listing(out));
        assertEquals(
                "given",
                readJson(out.resolve("deformation.json"))
                        .get("mesh_weight_from")
                        .asText());
        assertEquals(
                "mean", readJson(out.resolve("deformation.json")).get("origin").asText());
    }

    @Test
    void badFlagsAreRefusedInOneLineNamingTheFlagAndNothingIsWritten() throws IOException {
        Path out = tmp.resolve("refused");
        Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
        List<List<String>> cases = List.of(
                List.of("--lambda", "NaN"),
                List.of("--lambda", "0.1,Infinity"),
                List.of("--lambda", "x"),
                List.of("--lambda", "0.1", "--entry", "999"),
                List.of("--lambda", "0.1", "--entry", "-1"),
                List.of("--lambda", "0.1", "--groups", "1"),
                List.of("--lambda", "0.1", "--groups", "13"),
                List.of("--lambda", "0.1", "--groups", String.valueOf(members + 1)),
                List.of("--lambda", "0.1", "--mesh-points", "5"),
                List.of("--lambda", "0.1", "--mesh-weight", "0"),
                List.of("--lambda", "0.1", "--mesh-weight", "NaN"),
                List.of("--lambda", "1e300"),
                List.of("--lambda", "0.1", "--out", aFile.toString()));
        for (List<String> flags : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("deform", run.toString()));
            args.addAll(flags);
            if (!flags.contains("--out")) {
                args.addAll(List.of("--out", out.toString()));
            }
            CliHarness.Result r = bayesrg(args);
            assertEquals(2, r.exitCode(), () -> flags + ": " + r);
            List<String> lines = r.errLines();
            assertTrue(
                    lines.size() == 1 || (lines.size() == 2 && lines.get(1).startsWith("Try '")),
                    () -> flags + ": " + r);
            String flag = flags.get(flags.size() - 2);
            assertTrue(lines.get(0).contains(flag), () -> flags + " names " + flag + ": " + r);
            assertFalse(lines.get(0).contains("Exception"), () -> flags + ": " + r);
            assertFalse(Files.exists(out), () -> flags + " wrote " + out);
        }
        CliHarness.Result range = bayesrg("deform", run.toString(), "--lambda", "0.1", "--entry", "999");
        assertTrue(range.err().contains("allowed [0, "), range::toString);
        CliHarness.Result groups =
                bayesrg("deform", run.toString(), "--lambda", "0.1", "--groups", String.valueOf(members + 1));
        assertTrue(groups.err().contains("allowed [2, " + members + "]"), groups::toString);
        CliHarness.Result missing = bayesrg("deform", run.toString());
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("--lambda"), missing::toString);
    }
}
