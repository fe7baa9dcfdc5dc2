package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static dev.bayesrg.cli.CliHarness.readJson;
import static dev.bayesrg.cli.CliHarness.readNpy;
import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bayesrg run records the ensemble on the nnft mesh along the flow and during training. */
class NnftMeshTest {
    @TempDir
    Path tmp;

    private static boolean[] diverged(Path run, int members, int entries) throws IOException {
        List<String> rows = Files.readAllLines(run.resolve("members.csv"));
        boolean[] d = new boolean[members];
        for (int b = 0; b < members; b++) {
            d[b] = rows.get(1 + b * entries).split(",", -1)[6].equals("true");
        }
        return d;
    }

    @Test
    void aCsvMeshOfTestInputsRecordsExactlyTheTestPredictionsOfThosePoints() throws IOException {
        Path plain = tmp.resolve("plain");
        runSmall(plain);
        CliHarness.Npy x = readNpy(plain.resolve("test_inputs.npy"));
        int[] rows = {7, 2, 19};
        StringBuilder csv = new StringBuilder("x0,x1\n");
        for (int r : rows) {
            csv.append(Double.toString(x.at(r, 0)))
                    .append(',')
                    .append(Double.toString(x.at(r, 1)))
                    .append('\n');
        }
        Path file = tmp.resolve("mesh.csv");
        Files.writeString(file, csv);
        Path run = tmp.resolve("csv");
        runSmall(run, "--set", "nnft.mesh=csv", "--set", "nnft.csv=" + file);
        CliHarness.Npy pred = readNpy(plain.resolve("predictions.npy"));
        CliHarness.Npy mesh = readNpy(run.resolve("mesh_outputs.npy"));
        assertEquals(
                List.of(pred.shape()[0], pred.shape()[1], 3),
                List.of(mesh.shape()[0], mesh.shape()[1], mesh.shape()[2]));
        for (int b = 0; b < pred.shape()[0]; b++) {
            for (int k = 0; k < pred.shape()[1]; k++) {
                for (int j = 0; j < rows.length; j++) {
                    assertEquals(
                            pred.at(b, k, rows[j]),
                            mesh.at(b, k, j),
                            0.0,
                            "member " + b + " entry " + k + " point " + j);
                }
            }
        }
        CliHarness.Npy nnftMesh = readNpy(run.resolve("nnft/mesh.npy"));
        assertEquals(x.at(19, 1), nnftMesh.at(2, 1), 0.0, "nnft/ uses the recorded mesh");
        assertEquals(
                3,
                readJson(run.resolve("nnft/snapshots.json")).get("mesh_points").asInt());
        assertFalse(
                readJson(run.resolve("nnft/snapshots.json")).has("mesh_weight"),
                "CSV points are no lattice: no continuum couplings");
    }

    @Test
    void lineAndGridMeshesAreEvenlySpacedThroughInputSpace() throws IOException {
        Path line = tmp.resolve("line");
        runSmall(line, "--set", "nnft.mesh=line", "--set", "nnft.line={from: [-1, 0], to: [1, 4], points: 5}");
        CliHarness.Npy x = readNpy(line.resolve("mesh_inputs.npy"));
        assertEquals(List.of(5, 2), List.of(x.shape()[0], x.shape()[1]));
        assertEquals(0.0, x.at(2, 0), 1e-15);
        assertEquals(3.0, x.at(3, 1), 1e-15);
        // the line's quadrature weight is the distance between neighbouring mesh points, and the
        // continuum quartic coupling is the mesh one divided by w^4 (SPEC §3.3)
        JsonNode lineJson = readJson(line.resolve("nnft/snapshots.json"));
        double h = Math.hypot(x.at(1, 0) - x.at(0, 0), x.at(1, 1) - x.at(0, 1));
        assertEquals(h, lineJson.get("mesh_weight").asDouble(), 1e-15);
        JsonNode trained = lineJson.get("entries").get(0);
        assertEquals(
                trained.get("quartic_coupling_norm").asDouble() / Math.pow(h, 4),
                trained.get("quartic_coupling_norm_continuum").asDouble(),
                1e-12 * trained.get("quartic_coupling_norm_continuum").asDouble());
        Path grid = tmp.resolve("grid");
        runSmall(
                grid,
                "--set",
                "nnft.mesh=grid",
                "--set",
                "nnft.grid={origin: [0, 0], u: [2, 0], v: [0, 3], points: [3, 4]}");
        CliHarness.Npy g = readNpy(grid.resolve("mesh_inputs.npy"));
        assertEquals(12, g.shape()[0]);
        // point (i, j) = origin + i/2 u + j/3 v, row-major
        assertEquals(1.0, g.at(1 * 4 + 2, 0), 1e-15);
        assertEquals(2.0, g.at(1 * 4 + 2, 1), 1e-15);
        // a grid cell is 1 × 1 here (u/2 by v/3)
        assertEquals(
                1.0,
                readJson(grid.resolve("nnft/snapshots.json")).get("mesh_weight").asDouble(),
                1e-15);
        assertEquals(
                List.of(CliHarness.SMALL_MEMBERS, 26, 12),
                List.of(
                        readNpy(grid.resolve("mesh_outputs.npy")).shape()[0],
                        readNpy(grid.resolve("mesh_outputs.npy")).shape()[1],
                        readNpy(grid.resolve("mesh_outputs.npy")).shape()[2]));
    }

    @Test
    void aRayThroughTheOriginOfABiasFreeNetworkIsFlaggedAsASingularKernel() throws IOException {
        // f(t x) = t f(x) for a bias-free relu network: on a ray from 0 every member's field is one
        // number times a fixed shape, so K has rank one and its inverse rests on the jitter
        Path ray = tmp.resolve("ray");
        runSmall(ray, "--set", "nnft.mesh=line", "--set", "nnft.line={from: [0, 0], to: [2, 1], points: 5}");
        CliHarness.Result r = bayesrg("nnft", ray.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("singular"), r.err());
        assertFalse(
                bayesrg("nnft", ray.toString(), "--quiet").err().contains("singular"), "--quiet keeps stderr quiet");
        assertTrue(readJson(ray.resolve("nnft/snapshots.json"))
                        .get("entries")
                        .get(0)
                        .get("kernel_jitter")
                        .asDouble()
                > 0);
        // an off-origin segment across the plane has a full-rank kernel: no note
        Path segment = tmp.resolve("segment");
        runSmall(segment, "--set", "nnft.mesh=line", "--set", "nnft.line={from: [-1, 0.5], to: [1, 2], points: 3}");
        CliHarness.Result ok = bayesrg("nnft", segment.toString());
        assertEquals(0, ok.exitCode(), ok::toString);
        assertFalse(ok.err().contains("singular"), ok.err());
    }

    @Test
    void aGridOfMoreThan32PointsIsRefusedBeforeAnyOutput() {
        Path out = tmp.resolve("big");
        CliHarness.Result r = bayesrg(
                "run",
                "--members",
                "2",
                "--set",
                "nnft.mesh=grid",
                "--set",
                "nnft.grid={origin: [0, 0], u: [1, 0], v: [0, 1], points: [8, 8]}",
                "--out",
                out.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("nnft.grid.points"), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void trainingCheckpointsRunFromTheUntrainedToTheTrainedEnsembleAndTheTrainedEntryMatchesTheLastEpoch()
            throws IOException {
        Path run = tmp.resolve("run");
        // more members than mesh points, so that every kernel is non-singular and the KL well conditioned
        runSmall(
                run,
                "--set",
                "nnft.snapshotEvery=5",
                "--set",
                "train.divergenceLoss=3000",
                "--set",
                "ensemble.members=40");
        CliHarness.Npy training = readNpy(run.resolve("mesh_training.npy"));
        CliHarness.Npy flow = readNpy(run.resolve("mesh_outputs.npy"));
        int members = flow.shape()[0];
        int entries = flow.shape()[1];
        assertEquals(
                List.of(members, 5, 8),
                List.of(training.shape()[0], training.shape()[1], training.shape()[2]),
                "epochs 0, 5, 10, 15, 20");
        boolean[] diverged = diverged(run, members, entries);
        // independent truth for epoch 0: a run that does not train at all
        Path untrained = tmp.resolve("untrained");
        runSmall(
                untrained,
                "--set",
                "train.epochs=0",
                "--set",
                "train.divergenceLoss=3000",
                "--set",
                "ensemble.members=40");
        CliHarness.Npy initial = readNpy(untrained.resolve("mesh_outputs.npy"));
        for (int b = 0; b < members; b++) {
            for (int i = 0; i < 8; i++) {
                assertEquals(initial.at(b, 0, i), training.at(b, 0, i), 0.0, "epoch 0, member " + b);
                if (!diverged[b]) {
                    assertEquals(flow.at(b, 0, i), training.at(b, 4, i), 0.0, "epoch T is the trained member " + b);
                }
            }
        }
        JsonNode json = readJson(run.resolve("nnft/snapshots.json"));
        JsonNode t = json.get("training");
        assertEquals(5, t.get("checkpoints").size());
        assertEquals(20, t.get("checkpoints").get(4).get("epoch").asInt());
        assertEquals(entries, t.get("kl_cutoff_vs_epoch").size());
        assertEquals(0.0, t.get("kl_cutoff_vs_epoch").get(0).get(4).asDouble(), 1e-9);
        assertEquals(20, json.get("entries").get(0).get("best_matching_epoch").asInt());
        CliHarness.Npy kl = readNpy(run.resolve("nnft/kl_cutoff_vs_epoch.npy"));
        assertEquals(List.of(entries, 5), List.of(kl.shape()[0], kl.shape()[1]));
        for (int k = 0; k < entries; k++) {
            int best = json.get("entries").get(k).get("best_matching_epoch").asInt() / 5;
            for (int j = 0; j < 5; j++) {
                assertEquals(
                        t.get("kl_cutoff_vs_epoch").get(k).get(j).asDouble(),
                        kl.at(k, j),
                        1e-12 * Math.abs(kl.at(k, j)));
                assertTrue(kl.at(k, best) <= kl.at(k, j), "entry " + k + " best matches the smallest KL");
            }
        }
        CliHarness.Result r = bayesrg("nnft", run.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("best epoch"), r.out());
    }

    @Test
    void everyReadoutSolverRecordsTheSameTrainingCheckpointsOnTheMesh() throws IOException {
        CliHarness.Npy reference = null;
        for (String solver : List.of("iterate-primal", "iterate", "tridiagonal", "closed-form")) {
            Path run = tmp.resolve(solver);
            // width 64 > 40 training points, so that iterate runs in the dual space
            runSmall(
                    run,
                    "--set",
                    "network.hidden[2].width=64",
                    "--set",
                    "train.solver=" + solver,
                    "--set",
                    "nnft.snapshotEvery=6",
                    "--set",
                    "train.divergenceLoss=1e12");
            CliHarness.Npy training = readNpy(run.resolve("mesh_training.npy"));
            assertEquals(5, training.shape()[1], "epochs 0, 6, 12, 18, 20");
            if (reference == null) {
                reference = training;
                continue;
            }
            double diff = 0;
            double norm = 0;
            for (int k = 0; k < training.count(); k++) {
                diff += Math.pow(training.values()[k] - reference.values()[k], 2);
                norm += Math.pow(reference.values()[k], 2);
            }
            assertTrue(Math.sqrt(diff / norm) < 1e-9, solver + " vs iterate-primal: " + Math.sqrt(diff / norm));
        }
    }

    @Test
    void aTestSetSmallerThanTheTestMeshIsUsedWhole() throws IOException {
        Path run = tmp.resolve("few");
        runSmall(run, "--set", "data.test=5");
        assertEquals(5, readNpy(run.resolve("mesh_outputs.npy")).shape()[2]);
        assertEquals(
                5,
                readJson(run.resolve("nnft/snapshots.json")).get("mesh_points").asInt());
    }

    @Test
    void widthScalingAtInitialisationUsesTheConfiguredMesh() throws IOException {
        Path out = tmp.resolve("scaling.json");
        CliHarness.Result r = bayesrg(
                "nnft",
                "--widths",
                "4,8",
                "--members",
                "200",
                "--set",
                "nnft.mesh=line",
                "--set",
                "nnft.line={from: [0, 0], to: [1, 1], points: 3}",
                "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(3, readJson(out).get("mesh_points").asInt());
    }

    @Test
    void runsWrittenBeforeMeshesExistedFallBackToTheirTestInputs() throws IOException {
        Path run = tmp.resolve("old");
        runSmall(run);
        Files.delete(run.resolve("mesh_outputs.npy"));
        Files.delete(run.resolve("mesh_inputs.npy"));
        CliHarness.Result r = bayesrg("nnft", run.toString(), "--mesh-points", "12", "--quiet");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(
                12,
                readJson(run.resolve("nnft/snapshots.json")).get("mesh_points").asInt());
        CliHarness.Npy mesh = readNpy(run.resolve("nnft/mesh.npy"));
        assertEquals(readNpy(run.resolve("test_inputs.npy")).at(11, 1), mesh.at(11, 1), 0.0);
    }
}
