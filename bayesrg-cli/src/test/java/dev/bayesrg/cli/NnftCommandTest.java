package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static dev.bayesrg.cli.CliHarness.readJson;
import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NnftCommandTest {
    @TempDir
    Path tmp;

    @Test
    void kernelOnTheMeshIsTheEnsembleCovarianceOfTheSavedPredictions() throws IOException {
        Path run = tmp.resolve("run");
        runSmall(run, "--set", "ensemble.members=40", "--set", "train.divergenceLoss=3000");
        CliHarness.Result r = bayesrg("nnft", run.toString(), "--mesh-points", "5", "--quiet");
        assertEquals(0, r.exitCode(), r::toString);
        CliHarness.Npy pred = CliHarness.readNpy(run.resolve("predictions.npy"));
        CliHarness.Npy kernels = CliHarness.readNpy(run.resolve("nnft/kernels.npy"));
        int members = pred.shape()[0];
        int entries = pred.shape()[1];
        int nTest = pred.shape()[2];
        assertEquals(List.of(entries, 5, 5), List.of(kernels.shape()[0], kernels.shape()[1], kernels.shape()[2]));
        List<String> rows = Files.readAllLines(run.resolve("members.csv"));
        boolean anyDiverged = false;
        for (int k : new int[] {0, entries / 2, entries - 1}) {
            // the plug-in covariance (1/|B|) over the members that did not diverge, computed here directly
            double[] mean = new double[5];
            int used = 0;
            for (int b = 0; b < members; b++) {
                boolean diverged = rows.get(1 + b * entries).split(",", -1)[6].equals("true");
                anyDiverged |= diverged;
                if (diverged) {
                    continue;
                }
                used++;
                for (int i = 0; i < 5; i++) {
                    mean[i] += pred.values()[(b * entries + k) * nTest + i];
                }
            }
            for (int i = 0; i < 5; i++) {
                mean[i] /= used;
            }
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    double c = 0;
                    for (int b = 0; b < members; b++) {
                        if (rows.get(1 + b * entries).split(",", -1)[6].equals("true")) {
                            continue;
                        }
                        c += (pred.values()[(b * entries + k) * nTest + i] - mean[i])
                                * (pred.values()[(b * entries + k) * nTest + j] - mean[j]);
                    }
                    c /= used;
                    assertEquals(
                            c,
                            kernels.values()[(k * 5 + i) * 5 + j],
                            1e-9 * Math.max(1, Math.abs(c)),
                            "K[" + i + "][" + j + "] at entry " + k);
                }
            }
        }
        assertTrue(anyDiverged, "the run must have diverged members so that leaving them out is tested");
        JsonNode snapshots = readJson(run.resolve("nnft/snapshots.json"));
        assertEquals(0.0, snapshots.get("entries").get(0).get("kl_to_trained").asDouble(), 1e-9);
        for (JsonNode e : snapshots.get("entries")) {
            assertTrue(e.get("kl_to_trained").asDouble() >= -1e-9, e.toString());
        }
    }

    @Test
    void badRunDirectoryOrMeshSizeIsBadInput() throws IOException {
        CliHarness.Result missing = bayesrg("nnft", tmp.resolve("nope").toString());
        assertEquals(2, missing.exitCode(), missing::toString);
        Path run = tmp.resolve("run");
        runSmall(run);
        CliHarness.Result tooMany = bayesrg("nnft", run.toString(), "--mesh-points", "40");
        assertEquals(2, tooMany.exitCode(), tooMany::toString);
        assertTrue(tooMany.err().contains("--mesh-points"), tooMany.err());
    }

    @Test
    void bootstrapErrorBarsArePositiveAndReproducible() throws IOException {
        Path run = tmp.resolve("run");
        runSmall(run, "--set", "ensemble.members=30");
        assertEquals(
                0,
                bayesrg("nnft", run.toString(), "--mesh-points", "3", "--bootstrap", "50", "--quiet")
                        .exitCode());
        String first = Files.readString(run.resolve("nnft/snapshots.json"));
        assertEquals(
                0,
                bayesrg("nnft", run.toString(), "--mesh-points", "3", "--bootstrap", "50", "--quiet")
                        .exitCode());
        assertEquals(first, Files.readString(run.resolve("nnft/snapshots.json")), "same seed, same error bars");
        JsonNode entry =
                readJson(run.resolve("nnft/snapshots.json")).get("entries").get(0);
        for (String key : List.of("kernel_diagonal_se", "kappa4_diagonal_se", "kappa4_diagonal_unbiased")) {
            assertEquals(3, entry.get(key).size(), key);
        }
        assertTrue(entry.get("kernel_diagonal_se").get(0).asDouble() > 0);
        // the bootstrap error of the variance is of the order of the variance / sqrt(members / 2)
        double variance = entry.get("kernel").get(0).get(0).asDouble();
        double se = entry.get("kernel_diagonal_se").get(0).asDouble();
        assertTrue(se > 0.05 * variance && se < variance, "se " + se + " vs variance " + variance);
        CliHarness.Result bad = bayesrg("nnft", run.toString(), "--bootstrap", "-3");
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("--bootstrap"), bad.err());
    }

    /**
     * The run computes nnft/ with the members' divergence it holds in memory, the command from
     * members.csv: with some members diverged (a low divergence threshold) as well as none.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "divergenceLoss={0}")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {1e6, 1000})
    void runWritesTheFlowSnapshotsItselfAndTheCommandRewritesThemIdentically(double divergenceLoss) throws IOException {
        Path run = tmp.resolve("run-" + divergenceLoss);
        runSmall(run, "--set", "train.divergenceLoss=" + divergenceLoss);
        int diverged =
                readJson(run.resolve("summary.json")).get("members_diverged").asInt();
        assertTrue(
                divergenceLoss > 1e5 ? diverged == 0 : diverged > 0 && diverged < CliHarness.SMALL_MEMBERS - 1,
                diverged + " members diverged");
        Path snapshots = run.resolve("nnft/snapshots.json");
        assertTrue(Files.isRegularFile(snapshots), "bayesrg run writes nnft/");
        byte[] fromRun = Files.readAllBytes(snapshots);
        byte[] kernelsFromRun = Files.readAllBytes(run.resolve("nnft/kernels.npy"));
        assertEquals(0, bayesrg("nnft", run.toString(), "--quiet").exitCode());
        assertEquals(new String(fromRun, java.nio.charset.StandardCharsets.UTF_8), Files.readString(snapshots));
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                kernelsFromRun, Files.readAllBytes(run.resolve("nnft/kernels.npy")));
        assertEquals(8, readJson(snapshots).get("mesh_points").asInt());
    }

    @Test
    void widthScalingAtInitialisationFitsTheOneOverWidthLawOfIidNetworks() throws IOException {
        Path out = tmp.resolve("scaling.json");
        CliHarness.Result r = bayesrg(
                "nnft",
                "--widths",
                "4,8,16,32",
                "--members",
                "80000",
                "--mesh-points",
                "2",
                "--set",
                "network.hidden=[{width: 8, activation: relu, bias: false}]",
                "--set",
                "network.init.scheme=fan-in",
                "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode json = readJson(out);
        assertEquals(4, json.get("widths").size());
        assertEquals(-1.0, json.get("kappa4_fitted_exponent").asDouble(), 0.2, r.out());
        // the six-point function falls like N^-2 (one relu layer: κ6/(15κ2³) = 44/N² exactly)
        double se = json.get("kappa6_fitted_exponent_se").asDouble();
        assertTrue(se > 0 && se < 0.3, r.out());
        assertEquals(-2.0, json.get("kappa6_fitted_exponent").asDouble(), 3 * se, "within its error: " + r.out());
        assertTrue(r.out().contains("fit: k6/(15 k2^3)"), r.out());
    }

    @Test
    void widthScalingRejectsBadWidthsAndAMixedInvocation() {
        CliHarness.Result zero = bayesrg("nnft", "--widths", "0,8", "--members", "100");
        assertEquals(2, zero.exitCode(), zero::toString);
        assertTrue(zero.err().contains("--widths"), zero.err());
        CliHarness.Result both = bayesrg("nnft", tmp.toString(), "--widths", "8");
        assertEquals(2, both.exitCode(), both::toString);
        CliHarness.Result neither = bayesrg("nnft");
        assertEquals(2, neither.exitCode(), neither::toString);
    }
}
