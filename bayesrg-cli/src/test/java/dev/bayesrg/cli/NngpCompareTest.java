package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static dev.bayesrg.cli.CliHarness.readCsv;
import static dev.bayesrg.cli.CliHarness.readJson;
import static dev.bayesrg.cli.CliHarness.readNpy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import dev.bayesrg.net.Readout;
import dev.bayesrg.run.Experiment;
import dev.bayesrg.run.MemberPipeline;
import dev.bayesrg.train.ReadoutTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayesrg nngp --compare}: the analytic renormalized GP against measured ensembles. Case (A),
 * shared hidden layers, is exact and must agree at every cutoff; case (B), the paper's per-member
 * hidden layers, is checked through identities of the table it produces.
 */
class NngpCompareTest {
    /** Width 64, 50 training points, trained well (lr 1e-4: c·λ_max ≈ 0.6), cutoff 1e12 above every F_jj. */
    private static final List<String> SMALL = List.of(
            "--width",
            "64",
            "--epochs",
            "100",
            "--set",
            "train.learningRate=1e-4",
            "--set",
            "data.train=50",
            "--set",
            "data.test=20",
            "--set",
            "data.fisher=20",
            "--set",
            "brg.cutoffs=[0, 1, 10, 100, 1e12]",
            "--no-report",
            "--quiet");

    private static final int WIDTH = 64;
    private static final int ENTRIES = 6;

    @TempDir
    static Path tmp;

    static Path shared;
    static Path perMember;

    @BeforeAll
    static void runEnsembles() {
        shared = tmp.resolve("shared");
        perMember = tmp.resolve("per-member");
        run(shared, "--members", "256", "--set", "network.sharedHidden=true");
        run(perMember, "--members", "128");
    }

    private static void run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(SMALL);
        args.addAll(List.of(extra));
        args.addAll(List.of("--out", out.toString()));
        CliHarness.Result r = bayesrg(args);
        assertEquals(0, r.exitCode(), r::toString);
    }

    private static ExperimentConfig config(Path run) throws IOException {
        return ConfigLoader.fromTree(readJson(run.resolve("summary.json")).get("config"));
    }

    @Test
    void sharedHiddenLayersAgreeAtEveryCutoffAndTheIrEndIsThePriorGp() throws IOException {
        CliHarness.Result r = bayesrg("nngp", "--compare", shared.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("closed-form"), "the header names the hyperparameter source: " + r.out());
        JsonNode json = readJson(shared.resolve("nngp/corroboration.json"));
        assertEquals("closed-form", json.get("source").asText());
        assertEquals(ENTRIES, json.get("rows").size());
        for (JsonNode row : json.get("rows")) {
            assertTrue(row.get("agrees").asBoolean(), row::toString);
            assertEquals(
                    row.get("sloppy_fraction").asDouble(),
                    row.get("measured_sloppy_fraction").asDouble(),
                    0.0);
        }
        assertTrue(json.get("all_agree").asBoolean());
        // training moved the ensemble far from the prior, so agreement at the trained end is not trivial
        JsonNode trained = json.get("rows").get(0);
        JsonNode ir = json.get("rows").get(ENTRIES - 1);
        assertTrue(
                trained.get("predicted_variance").asDouble()
                        < 0.05 * ir.get("predicted_variance").asDouble(),
                json::toString);

        // above every F_jj every weight is a prior draw: the prior GP, mean 0 and kernel s² φ(x)·φ(y), exactly
        ExperimentConfig config = config(shared);
        CliHarness.Npy fisher = readNpy(shared.resolve("fisher.npy"));
        assertTrue(Arrays.stream(fisher.values()).max().orElseThrow() < 1e12);
        CliHarness.Npy mesh = readNpy(shared.resolve("nngp/mesh.npy"));
        CliHarness.Npy mean = readNpy(shared.resolve("nngp/gp_mean.npy"));
        CliHarness.Npy kernel = readNpy(shared.resolve("nngp/gp_kernel.npy"));
        int m = mesh.shape()[0];
        assertArrayEquals(new int[] {1 + 8, 2}, mesh.shape());
        assertArrayEquals(new int[] {ENTRIES, m, m}, kernel.shape());
        Architecture architecture = new Architecture(2, config.network());
        ParameterPrior prior = new ParameterPrior(architecture, config.network().init());
        double[][] points = new double[m][];
        for (int a = 0; a < m; a++) {
            points[a] = Arrays.copyOfRange(mesh.values(), 2 * a, 2 * a + 2);
        }
        FeatureMatrix phi = new Network(architecture)
                .features(
                        MemberPipeline.sharedHiddenParameters(config.ensemble().seed(), prior), points);
        double s2 = prior.variance(architecture.readoutOffset());
        for (int a = 0; a < m; a++) {
            assertEquals(0.0, mean.at(ENTRIES - 1, a), 0.0);
            for (int b = 0; b < m; b++) {
                double k = 0;
                for (int j = 0; j < WIDTH; j++) {
                    k += s2 * phi.get(a, j) * phi.get(b, j);
                }
                assertEquals(k, kernel.at(ENTRIES - 1, a, b), 1e-12 * k);
            }
        }
    }

    /**
     * The verdict has power: the same run, predicted with twice the prior variance for sloppy weights,
     * still agrees where nothing that matters is sloppy and disagrees at the all-sloppy end.
     */
    @Test
    void aWrongSloppyVarianceIsFlagged() throws IOException {
        Path out = tmp.resolve("wrong");
        CliHarness.Result r = bayesrg(
                "nngp", "--compare", shared.toString(), "--sloppy-variance", "2", "--out", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r::toString);
        CliHarness.Table t = readCsv(out.resolve("corroboration.csv"));
        assertEquals("true", t.cell(0, "agrees"));
        assertEquals("false", t.cell(ENTRIES - 1, "agrees"));
        assertTrue(Double.parseDouble(t.cell(ENTRIES - 1, "variance_z")) > 5, t.row(ENTRIES - 1)::toString);
    }

    /**
     * The members share their hidden layers (one Fisher diagonal) but not their read-out
     * initialisation, and readout.npy holds each member's trained read-out: the textbook GD loop on
     * the member's own initial parameters (a second algorithm to the run's solver) gives the same.
     */
    @Test
    void sharedRunSavesEachMembersTrainedReadout() throws IOException {
        ExperimentConfig config = config(shared);
        CliHarness.Npy fisher = readNpy(shared.resolve("fisher.npy"));
        CliHarness.Npy readout = readNpy(shared.resolve("readout.npy"));
        assertArrayEquals(new int[] {256, WIDTH}, readout.shape());
        for (int b = 1; b < 256; b++) {
            for (int j = 0; j < WIDTH; j++) {
                assertEquals(fisher.at(0, j), fisher.at(b, j), 0.0);
            }
        }
        DataSets data = Experiment.prepareData(config, Path.of(""));
        MemberPipeline pipeline = new MemberPipeline(config, data);
        Architecture architecture = pipeline.architecture();
        for (int b : new int[] {0, 1, 255}) {
            double[] initial = pipeline.initialParameters(b);
            FeatureMatrix train =
                    new Network(architecture).features(initial, data.train().inputs());
            double[] theta = new ReadoutTrainer(
                            train, data.train().targets(), new Readout(architecture), config.train())
                    .train(initial)
                    .theta();
            for (int j = 0; j < WIDTH; j++) {
                double expected = theta[architecture.readoutOffset() + j];
                assertEquals(expected, readout.at(b, j), 1e-9 * Math.max(1, Math.abs(expected)), "member " + b);
            }
        }
        assertNotEquals(readout.at(0, 0), readout.at(1, 0), "read-out initialisations are per member");
    }

    /**
     * μ_T, Σ_T of SPEC §5.4 on the run's shared features are the law of the members' GD: the
     * textbook GD loop (a second algorithm) is affine, a_T = M a_0 + b; iterated from a_0 = 0 it gives
     * b = μ_T (prior mean 0), from each unit vector with zero targets a column of M, and
     * Σ_T = s² M Mᵀ. Each member's saved read-out is M a_0 + b of its own initialisation.
     */
    @Test
    void closedFormPosteriorIsTheLawOfTheMembersIteratedGradientDescent() throws IOException {
        ExperimentConfig config = config(shared);
        DataSets data = Experiment.prepareData(config, Path.of(""));
        MemberPipeline pipeline = new MemberPipeline(config, data);
        Architecture architecture = pipeline.architecture();
        ParameterPrior prior = new ParameterPrior(architecture, config.network().init());
        int offset = architecture.readoutOffset();
        double[] theta = MemberPipeline.sharedHiddenParameters(config.ensemble().seed(), prior);
        FeatureMatrix train =
                new Network(architecture).features(theta, data.train().inputs());
        double[][] rows = new double[train.rows()][];
        for (int i = 0; i < train.rows(); i++) {
            rows[i] = Arrays.copyOfRange(train.values(), train.rowOffset(i), train.rowOffset(i) + WIDTH);
        }
        double s2 = prior.variance(offset);
        double[] zeros = new double[WIDTH];
        double[] variances = new double[WIDTH];
        Arrays.fill(variances, s2);
        dev.bayesrg.nngp.GradientDescentPosterior.Gaussian closed = dev.bayesrg.nngp.GradientDescentPosterior.of(
                rows,
                data.train().targets(),
                config.train().learningRate(),
                config.train().epochs(),
                zeros,
                variances);

        Readout readout = new Readout(architecture);
        ReadoutTrainer withTargets = new ReadoutTrainer(train, data.train().targets(), readout, config.train());
        ReadoutTrainer homogeneous = new ReadoutTrainer(train, new double[train.rows()], readout, config.train());
        double[] start = theta.clone();
        Arrays.fill(start, offset, offset + WIDTH, 0.0);
        double[] b = Arrays.copyOfRange(withTargets.train(start).theta(), offset, offset + WIDTH);
        double[][] m = new double[WIDTH][];
        for (int c = 0; c < WIDTH; c++) {
            double[] unit = start.clone();
            unit[offset + c] = 1;
            m[c] = Arrays.copyOfRange(homogeneous.train(unit).theta(), offset, offset + WIDTH); // column c
        }
        for (int i = 0; i < WIDTH; i++) {
            assertEquals(b[i], closed.mean()[i], 1e-9 * Math.max(1, Math.abs(b[i])), "mu_T[" + i + "]");
            for (int j = 0; j < WIDTH; j++) {
                double sigma = 0;
                for (int k = 0; k < WIDTH; k++) {
                    sigma += s2 * m[k][i] * m[k][j];
                }
                assertEquals(
                        sigma,
                        closed.covariance()[i][j],
                        1e-9 * Math.max(1, Math.abs(sigma)),
                        "Sigma_T[" + i + "][" + j + "]");
            }
        }
        CliHarness.Npy saved = readNpy(shared.resolve("readout.npy"));
        for (int member : new int[] {0, 100, 255}) {
            double[] a0 = Arrays.copyOfRange(pipeline.initialParameters(member), offset, offset + WIDTH);
            for (int i = 0; i < WIDTH; i++) {
                double a = b[i];
                for (int k = 0; k < WIDTH; k++) {
                    a += m[k][i] * a0[k];
                }
                assertEquals(a, saved.at(member, i), 1e-9 * Math.max(1, Math.abs(a)), "member " + member);
            }
        }
    }

    /**
     * Case (B) identities: the predicted sloppy fraction is the members' own; the trained entry is
     * eq. 73 in the exchangeable form with μ, Σ the mean and covariance of readout.npy and the table's
     * Monte Carlo Φ, Ψ_d, Ψ_o; above every F_jj it is the prior GP N σ² Ψ_d, which the measured
     * (prior-resampled) ensemble matches.
     */
    @Test
    void perMemberHiddenLayersUseTheEnsembleHyperparameters() throws IOException {
        CliHarness.Result r =
                bayesrg("nngp", "--compare", perMember.toString(), "--mc-draws", "400", "--mesh-points", "3");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("ensemble"), r.out());
        JsonNode json = readJson(perMember.resolve("nngp/corroboration.json"));
        assertEquals("ensemble", json.get("source").asText());
        CliHarness.Table t = readCsv(perMember.resolve("nngp/corroboration.csv"));
        assertEquals(ENTRIES, t.rows().size());
        assertEquals(19, t.header().size(), t.header()::toString);
        for (int k = 0; k < ENTRIES; k++) {
            assertEquals(
                    Double.parseDouble(t.cell(k, "measured_sloppy_fraction")),
                    Double.parseDouble(t.cell(k, "sloppy_fraction")),
                    1e-12);
        }
        JsonNode features = json.get("monte_carlo_features");
        assertEquals(400, features.get("draws").asInt());
        double phi = features.get("phi").get(0).asDouble();
        double psiD = features.get("psi_diagonal").get(0).get(0).asDouble();
        double psiO = features.get("psi_off_diagonal").get(0).get(0).asDouble();

        List<String> members = Files.readAllLines(perMember.resolve("members.csv"));
        CliHarness.Npy readout = readNpy(perMember.resolve("readout.npy"));
        List<double[]> used = new ArrayList<>();
        for (int b = 0; b < readout.shape()[0]; b++) {
            if (members.get(1 + b * ENTRIES).split(",", -1)[6].equals("false")) {
                used.add(Arrays.copyOfRange(readout.values(), b * WIDTH, (b + 1) * WIDTH));
            }
        }
        assertEquals(used.size(), json.get("members_used").asInt());
        double[] mu = new double[WIDTH];
        for (double[] a : used) {
            for (int j = 0; j < WIDTH; j++) {
                mu[j] += a[j] / used.size();
            }
        }
        double sum = 0;
        double squares = 0;
        double trace = 0;
        double all = 0;
        for (int j = 0; j < WIDTH; j++) {
            sum += mu[j];
            squares += mu[j] * mu[j];
            for (int l = 0; l < WIDTH; l++) {
                double c = 0;
                for (double[] a : used) {
                    c += (a[j] - mu[j]) * (a[l] - mu[l]);
                }
                c /= used.size() - 1;
                all += c;
                trace += j == l ? c : 0;
            }
        }
        // eq. 73 with Φ_j = Φ, Ψ_jj = Ψ_d, Ψ_j≠l = Ψ_o
        double variance = (trace + squares) * psiD + (all - trace + sum * sum - squares) * psiO - sum * sum * phi * phi;
        JsonNode trained = json.get("rows").get(0);
        assertEquals(sum * phi, trained.get("predicted_mean").asDouble(), 1e-9 * Math.abs(sum * phi));
        assertEquals(variance, trained.get("predicted_variance").asDouble(), 1e-9 * variance);

        JsonNode ir = json.get("rows").get(ENTRIES - 1);
        assertEquals(1.0, ir.get("sloppy_fraction").asDouble(), 0.0);
        assertEquals(0.0, ir.get("predicted_mean").asDouble(), 0.0);
        double s2 = json.get("sloppy_variance").asDouble();
        assertEquals(WIDTH * s2 * psiD, ir.get("predicted_variance").asDouble(), 1e-9 * WIDTH * s2 * psiD);
        assertTrue(ir.get("agrees").asBoolean(), ir::toString);
    }

    @Test
    void badCompareFlagsAreBadInputAndWriteNothing() throws IOException {
        Path incomplete = tmp.resolve("incomplete");
        Files.createDirectories(incomplete);
        Files.copy(shared.resolve("summary.json"), incomplete.resolve("summary.json"));
        Files.writeString(incomplete.resolve("INCOMPLETE"), "");
        Path out = tmp.resolve("never");
        String[][] cases = {
            {"--compare", tmp.resolve("nope").toString()},
            {"--compare", incomplete.toString()},
            {"--compare", shared.toString(), "--mesh-points", "-1"},
            {"--compare", shared.toString(), "--mc-draws", "99"},
            {"--compare", shared.toString(), "--sloppy-variance", "-1"},
            {"--compare", shared.toString(), "--sloppy-variance", "NaN"},
            {"--compare", shared.toString(), "--depth", "2"},
            {"--depth", "2", "--line", "0:1:3", "--sloppy-variance", "1"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("nngp"));
            args.addAll(List.of(c));
            args.addAll(List.of("--out", out.toString()));
            CliHarness.Result r = bayesrg(args);
            assertEquals(2, r.exitCode(), () -> args + ": " + r);
            assertEquals(1, r.errLines().size(), () -> args + ": " + r);
            assertFalse(Files.exists(out), () -> args + " wrote output");
        }
    }
}
