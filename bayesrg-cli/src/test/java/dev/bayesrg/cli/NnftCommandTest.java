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
        CliHarness.Result r = reluWidths("4,8,16,32", "80000", "2", out);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode json = readJson(out);
        assertEquals(4, json.get("widths").size());
        // the figure beside the table: FILE.json -> FILE.png (a PNG) and FILE.svg
        byte[] png = Files.readAllBytes(tmp.resolve("scaling.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(Files.readString(tmp.resolve("scaling.svg")).contains("<svg"));
        // one relu layer: every ratio and coupling norm is an exact power of N (κ4/(3κ2²) = 5/N and
        // κ6/(15κ2³) = 44/N² on the diagonal), each within its 95 % interval here
        String[][] fits = {
            {"normalised_kappa4", "-1", "|k4|/|W4|"},
            {"quartic_coupling_norm", "-1", "|L4|"},
            {"normalised_kappa6", "-2", "|k6|/|W6|"},
            {"sextic_coupling_norm", "-2", "|L6|"}
        };
        for (String[] f : fits) {
            JsonNode fit = json.get("fits").get(f[0]);
            double predicted = Double.parseDouble(f[1]);
            assertTrue(
                    fit.get("exponent_ci95_low").asDouble() < predicted
                            && predicted < fit.get("exponent_ci95_high").asDouble(),
                    f[0] + ": " + r.out());
            assertEquals(4, fit.get("widths_fitted").size(), r.out());
            assertTrue(r.out().contains("fit: " + f[2] + " ~ "), r.out());
        }
        assertTrue(
                json.get("widths")
                        .get(3)
                        .get("significance")
                        .get("6")
                        .get("significant")
                        .asBoolean(),
                r.out());
    }

    @Test
    void widthScalingNamesTheWidthsBelowTheNoiseFloor() throws IOException {
        // 2000 members: at width 4096 the four-point function of one relu layer, κ4/(3κ2²) = 5/N ≈ 0.0012,
        // is far below the noise floor (the plug-in estimate has a standard deviation ≈ √(24/n)/3 ≈ 0.036;
        // measured p = 0.75), while at width 2 (2.5) it is far above: order 4 has one significant width,
        // so no fit. (Each width below the floor still passes with probability α = 0.05; at this seed the
        // six-point function at 4096, 44/N² ≈ 3e-6, does, with p = 0.05: order 6 is not asserted on.)
        Path out = tmp.resolve("floor.json");
        CliHarness.Result r = reluWidths("2,4096", "2000", "1", out);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("fit: |L4|: no fit, 1 width above the noise floor of order 4"), r.out());
        assertTrue(r.out().contains("left out of |k4|/|W4|: 4096 (below the noise floor"), r.out());
        JsonNode fit = readJson(out).get("fits").get("normalised_kappa4");
        assertTrue(fit.get("exponent").isNull(), fit::toString);
        assertEquals(4096, fit.get("widths_left_out").get(0).get("width").asInt(), fit::toString);
        assertEquals(2, fit.get("widths_fitted").get(0).asInt(), fit::toString);
    }

    /** {@code nnft --widths} on one hidden relu layer with fan-in weights, the JSON into {@code out}. */
    private CliHarness.Result reluWidths(String widths, String members, String meshPoints, Path out) {
        return bayesrg(
                "nnft",
                "--widths",
                widths,
                "--members",
                members,
                "--mesh-points",
                meshPoints,
                "--set",
                "network.hidden=[{width: 8, activation: relu, bias: false}]",
                "--set",
                "network.init.scheme=fan-in",
                "--out",
                out.toString());
    }

    @Test
    void widthScalingRejectsBadWidthsAndAMixedInvocation() {
        CliHarness.Result zero = bayesrg("nnft", "--widths", "0,8", "--members", "100");
        assertEquals(2, zero.exitCode(), zero::toString);
        assertTrue(zero.err().contains("--widths"), zero.err());
        CliHarness.Result both = bayesrg("nnft", tmp.toString(), "--widths", "8");
        assertEquals(2, both.exitCode(), both::toString);
        CliHarness.Result thirteen = bayesrg("nnft", "--widths", "8,16", "--members", "100", "--mesh-points", "13");
        assertEquals(2, thirteen.exitCode(), thirteen::toString);
        assertTrue(thirteen.err().contains("--mesh-points"), thirteen.err());
        CliHarness.Result neither = bayesrg("nnft");
        assertEquals(2, neither.exitCode(), neither::toString);
    }

    @Test
    void lossesMeasureKappaFourAlongTrainingAndStateTheResult() throws IOException {
        Path out = tmp.resolve("losses.json");
        CliHarness.Result r = bayesrg(
                "nnft",
                "--losses",
                "mse,l1,cross-entropy",
                "--members",
                "20",
                "--threads",
                "1",
                "--set",
                "data.source=two-moons",
                "--set",
                "network.hidden[2].width=16",
                "--set",
                "network.init.scheme=fan-in",
                "--set",
                "train.learningRate=0.05",
                "--set",
                "train.epochs=20",
                "--set",
                "data.train=30",
                "--set",
                "data.test=10",
                "--set",
                "data.fisher=10",
                "--mesh-points",
                "3",
                "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("l1 vs mse after training") && r.out().contains("noise floor"), r.out());
        JsonNode json = readJson(out);
        assertEquals(3, json.get("mesh_points").asInt());
        assertEquals(3, json.get("losses").size());
        // ten checkpoints by default: epochs 0, 2, ..., 20
        assertEquals(11, json.get("losses").get(2).get("checkpoints").size());
        assertEquals("cross-entropy", json.get("losses").get(2).get("loss").asText());

        CliHarness.Result regression = bayesrg("nnft", "--losses", "cross-entropy", "--members", "20");
        assertEquals(2, regression.exitCode(), regression::toString);
        assertTrue(regression.err().contains("train.loss") && regression.err().contains("two-moons"), regression.err());
        CliHarness.Result unknown = bayesrg("nnft", "--losses", "hinge");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("--losses") && unknown.err().contains("hinge"), unknown.err());
    }
}
