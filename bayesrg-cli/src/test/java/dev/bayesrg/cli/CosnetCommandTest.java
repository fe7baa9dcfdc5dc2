package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CosnetCommandTest {
    @Test
    void sampledPropagatorAgreesWithTheExactOneRowByRow() {
        CliHarness.Result r = bayesrg("cosnet", "--dimension", "3", "--separations", "0:3:4", "--neurons", "100000");
        assertEquals(0, r.exitCode(), r::toString);
        int rows = 0;
        for (String line : r.out().lines().toList()) {
            String[] cells = line.trim().split("\\s+", -1);
            if (cells.length == 4 && cells[0].matches("[0-9.]+")) {
                double exact = Double.parseDouble(cells[1]);
                double ensemble = Double.parseDouble(cells[2]);
                double se = Double.parseDouble(cells[3]);
                assertEquals(exact, ensemble, 5 * se, line);
                rows++;
            }
        }
        assertEquals(4, rows, r.out());
        assertTrue(r.out().contains("Lambda_info"), r.out());
    }

    @ParameterizedTest
    @CsvSource({
        "--dimension, 4",
        "--cutoff, 0",
        "--mass, -1",
        "--neurons, 5",
        "--separations, 3:1:4",
        "--separations, a:b:c",
        "--epsilons, -1",
        "--noise-variance, 0"
    })
    void badFlagsAreBadInputNamingTheFlag(String flag, String value) {
        CliHarness.Result r = bayesrg("cosnet", flag, value);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains(flag), r.err());
    }

    private static final String[] TRAIN = {
        "cosnet",
        "--train",
        "--width",
        "96",
        "--points",
        "32",
        "--epochs",
        "200",
        "--sigma-a2",
        "2",
        "--epsilons",
        "1e-6,0.1,0.3,1000"
    };

    private static String[] train(String... more) {
        String[] args = java.util.Arrays.copyOf(TRAIN, TRAIN.length + more.length);
        System.arraycopy(more, 0, args, TRAIN.length, more.length);
        return args;
    }

    /**
     * The written flow starts at the trained ensemble (nothing sloppy below every Fisher) and ends at the
     * prior (everything sloppy, sloppy variance σ_a²/N: σ_eff² = σ_a², Λ(ε) = Λ); CSV and JSON agree.
     */
    @Test
    void trainedFlowRunsFromTheTrainedEnsembleToThePriorAndIsWrittenAsCsvAndJson(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("flow");
        CliHarness.Result r = bayesrg(train("--out", out.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Lambda_info") && r.out().contains("sigma_eff^2"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("cosnet_flow.csv"));
        assertEquals(5, csv.size(), csv::toString);
        assertTrue(csv.get(0).startsWith("epsilon,sloppy_count,sloppy_fraction,sigma_eff2,"), csv.get(0));
        JsonNode json = CliHarness.JSON.readTree(out.resolve("cosnet_flow.json").toFile());
        JsonNode flow = json.get("flow");
        assertEquals(4, flow.size());
        for (int k = 0; k < 4; k++) {
            String[] cells = csv.get(k + 1).split(",", -1);
            assertEquals(
                    Double.parseDouble(cells[3]), flow.get(k).get("sigma_eff2").asDouble(), 0);
            assertEquals(
                    Integer.parseInt(cells[1]), flow.get(k).get("sloppy_count").asInt());
        }
        assertEquals(0, flow.get(0).get("sloppy_count").asInt());
        assertEquals(
                json.get("trained_variance").asDouble(),
                flow.get(0).get("sigma_eff2").asDouble(),
                0);
        assertEquals(96, flow.get(3).get("sloppy_count").asInt());
        assertEquals(2.0, flow.get(3).get("sigma_eff2").asDouble(), 1e-13);
        assertEquals(3.0, flow.get(3).get("cutoff_renormalized").asDouble(), 1e-13);
        assertEquals(2.0 / 96, json.get("sloppy_variance").asDouble(), 0);
    }

    /** The default η is half of n/λ_max: twice it is exactly the bound (refused), just under twice is accepted. */
    @Test
    void defaultLearningRateIsHalfTheStabilityBound(@TempDir Path dir) throws IOException {
        CliHarness.Result r = bayesrg(train("--out", dir.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        double eta = CliHarness.JSON
                .readTree(dir.resolve("cosnet_flow.json").toFile())
                .get("learning_rate")
                .asDouble();
        CliHarness.Result atBound = bayesrg(train("--learning-rate", Double.toString(2 * eta)));
        assertEquals(2, atBound.exitCode(), atBound::toString);
        assertTrue(atBound.err().contains("--learning-rate"), atBound.err());
        CliHarness.Result below = bayesrg(train("--learning-rate", Double.toString(1.99 * eta)));
        assertEquals(0, below.exitCode(), below::toString);
    }

    @ParameterizedTest
    @CsvSource({
        "--width, 0",
        "--width, 5000",
        "--points, 0",
        "--input-spread, 0",
        "--target, cos",
        "--learning-rate, 0",
        "--learning-rate, 1000",
        "--epochs, -1",
        "--sigma-a2, 0",
        "--sloppy-variance, -1",
        "--epsilons, 0"
    })
    void badTrainFlagsAreBadInputNamingTheFlagAndWriteNothing(String flag, String value, @TempDir Path dir) {
        Path out = dir.resolve("flow");
        CliHarness.Result r = bayesrg("cosnet", "--train", "--out", out.toString(), flag, value);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains(flag), r.err());
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(!Files.exists(out), "nothing written");
    }

    @Test
    void outWithoutTrainIsBadInput(@TempDir Path dir) {
        CliHarness.Result r = bayesrg("cosnet", "--out", dir.resolve("x").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--out"), r.err());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"--width, 64", "--epochs, 10", "--sigma-a2, 2", "--target, zero"})
    void aTrainingFlagWithoutTrainIsRefusedNotIgnored(String flag, String value) {
        CliHarness.Result r = bayesrg("cosnet", flag, value);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains(flag) && r.err().contains("--train"), r.err());
        assertEquals(1, r.errLines().size(), r::toString);
    }
}
