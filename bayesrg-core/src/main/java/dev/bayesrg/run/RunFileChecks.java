package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.io.Npy;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The files of a run directory checked against each other before anything is drawn or merged from
 * them: {@code summary.json} against its own configuration (member count of its shard, trainable
 * parameters of its network, cutoffs, probe dimension), every {@code .npy} header against
 * {@code summary.json} (and its length against its header), {@code flow.csv} cell by cell against
 * {@code summary.json}'s flow. A disagreement is one {@link ConfigException} naming the two files
 * (or the file and the configuration key) that disagree; headers and the small files only are read,
 * so the check costs nothing next to what the readers then do.
 */
final class RunFileChecks {
    /** flow.csv's columns, in the order written. */
    static final List<String> FLOW_COLUMNS = List.of(
            "entry",
            "cutoff",
            "sloppy_fraction",
            "test_mse_mean",
            "test_mse_median",
            "test_mse_q25",
            "test_mse_q75",
            "probe_mean",
            "probe_variance",
            "probe_excess_kurtosis",
            "members_used");

    /**
     * flow.csv's columns written after {@link #FLOW_COLUMNS}, in that order: the training MSE along the
     * flow and the predictive quality ({@link PredictiveQuality}). Directories written before them
     * lack them; {@link RunFiles#flow()} reads them as NaN there.
     */
    static final List<String> PREDICTIVE_COLUMNS = List.of(
            "train_mse_mean",
            "train_mse_median",
            "generalisation_gap",
            "predictive_nll",
            "coverage_50",
            "coverage_90",
            "coverage_95",
            "bias_squared",
            "ensemble_variance");

    private RunFileChecks() {}

    /** The trainable parameters per member of a run of {@code config}: the columns of its fisher.npy. */
    static int trainableParameters(ExperimentConfig config) {
        return MemberPipeline.flowedCount(config, architecture(config));
    }

    private static Architecture architecture(ExperimentConfig config) {
        return Architecture.of(config.data().inputDimension(), config);
    }

    /** summary.json against its own configuration. */
    static void checkSummary(RunSummary s, Path file) {
        ExperimentConfig config = s.config();
        int expected = s.shard().members(config.ensemble().members()).length;
        if (s.members() != expected) {
            throw new ConfigException(
                    file.toString(),
                    "'members' is " + s.members() + ", but shard " + s.shard() + " of its config's ensemble.members "
                            + config.ensemble().members() + " holds " + expected);
        }
        if (s.membersDiverged() > s.members()) {
            throw new ConfigException(
                    file.toString(),
                    "'members_diverged' is " + s.membersDiverged() + ", more than its " + s.members() + " members");
        }
        int trainable = trainableParameters(config);
        if (s.trainableParameters() != trainable) {
            throw new ConfigException(
                    file.toString(),
                    "'trainable_parameters' is " + s.trainableParameters() + ", but the network of its config has "
                            + trainable);
        }
        if (!s.cutoffs().equals(config.brg().cutoffs())) {
            throw new ConfigException(
                    file.toString(),
                    "'cutoffs' " + s.cutoffs() + " differ from its config's brg.cutoffs "
                            + config.brg().cutoffs());
        }
        if (s.probeInput().length != config.data().inputDimension()) {
            throw new ConfigException(
                    file.toString(),
                    "'probe.input' has " + s.probeInput().length + " coordinates, its config's data.probe "
                            + config.data().inputDimension());
        }
        oneOfTheCutoffs("critical_cutoff", s.criticalCutoff(), s, file);
        oneOfTheCutoffs("knee_cutoff", s.kneeCutoff(), s, file);
        CriticalInterval ci = s.criticalInterval();
        if (ci != null) {
            oneOfTheCutoffs("critical_interval.lower", ci.lower(), s, file);
            oneOfTheCutoffs("critical_interval.upper", ci.upper(), s, file);
            if (ci.lower() != null && ci.upper() != null && ci.lower() > ci.upper()) {
                throw new ConfigException(
                        file.toString(),
                        "'critical_interval.lower' " + ci.lower() + " is above its 'upper' " + ci.upper());
            }
            if (ci.withoutCrossing() > ci.resamples()) {
                throw new ConfigException(
                        file.toString(),
                        "'critical_interval.resamples_without_crossing' is " + ci.withoutCrossing() + ", more than its "
                                + ci.resamples() + " resamples");
            }
        }
        if (s.lossEvery() != config.train().lossEvery()) {
            throw new ConfigException(
                    file.toString(),
                    "'training.loss_every' is " + s.lossEvery() + ", its config's train.lossEvery "
                            + config.train().lossEvery());
        }
    }

    /** A cutoff summary.json names (null: none) must be one of its schedule's. */
    private static void oneOfTheCutoffs(String key, Double c, RunSummary s, Path file) {
        if (c != null && !s.cutoffs().contains(c)) {
            throw new ConfigException(file.toString(), "'" + key + "' is " + c + ", not one of its cutoffs");
        }
    }

    /** Every .npy file of the directory that is there, its header against summary.json. */
    static void checkArrays(Path dir, RunSummary s) {
        checkMemberArrays(dir, s, s.members(), meshPoints(dir, s), RunWriter.SUMMARY);
        ExperimentConfig config = s.config();
        int test = config.data().test();
        int d = config.data().inputDimension();
        String testWhy =
                " (" + RunWriter.SUMMARY + "'s config: data.test " + test + ", data.probe of dimension " + d + ")";
        expect(dir, RunWriter.TEST_INPUTS, new int[] {test, d}, testWhy);
        expect(dir, RunWriter.TEST_TARGETS, new int[] {test}, testWhy);
    }

    /**
     * The points of the nnft mesh of run directory {@code dir} (its mesh_inputs.npy [M, d]), or
     * empty if it recorded none.
     */
    static java.util.OptionalInt meshPoints(Path dir, RunSummary s) {
        java.util.Optional<int[]> mesh = shapeOf(dir, RunWriter.MESH_INPUTS);
        if (mesh.isEmpty()) {
            return java.util.OptionalInt.empty();
        }
        int[] shape = mesh.get();
        int d = s.config().data().inputDimension();
        if (shape.length != 2 || shape[1] != d) {
            throw new ConfigException(
                    dir.resolve(RunWriter.MESH_INPUTS).toString(),
                    "has shape " + Arrays.toString(shape) + ", expected [mesh points, " + d + "] (" + RunWriter.SUMMARY
                            + "'s config: data.probe of dimension " + d + ")");
        }
        return java.util.OptionalInt.of(shape[0]);
    }

    /**
     * The per-member arrays in {@code dir} that are there ({@link RunWriter#memberArrays}), their
     * headers against {@code m} members of a run of summary {@code s} with {@code meshPoints}.
     *
     * @param whose where {@code m} comes from, for the messages: summary.json, or the shards'
     *              ensemble of a merge whose shards placed their rows in one set of files
     */
    static void checkMemberArrays(Path dir, RunSummary s, int m, java.util.OptionalInt meshPoints, String whose) {
        ExperimentConfig config = s.config();
        int entries = s.cutoffs().size() + 1;
        int test = config.data().test() * config.outputsPerPoint();
        String why = " (" + m + " members, " + entries + " flow entries, " + test + " test "
                + (config.outputsPerPoint() > 1 ? "input-class pairs" : "points") + " of " + whose + ")";
        expect(dir, RunWriter.PREDICTIONS, new int[] {m, entries, test}, why);
        expect(
                dir,
                RunWriter.FISHER,
                new int[] {m, s.trainableParameters()},
                " (" + whose + ": " + m + " members of " + s.trainableParameters() + " trainable parameters)");
        expect(
                dir,
                RunWriter.CUTOFFS,
                new int[] {m, s.cutoffs().size()},
                " (" + whose + ": " + m + " members, " + s.cutoffs().size() + " cutoffs)");
        expect(
                dir,
                RunWriter.READOUT,
                new int[] {m, MemberPipeline.readoutCount(config, architecture(config))},
                " (" + m + " members of " + whose + ", the read-out of its config's network)");
        int points = TrainingResult.lossCurvePoints(config.train());
        // a shard without members has no curve to size its rows by
        int[] lossShape = m == 0
                        && shapeOf(dir, RunWriter.LOSS_CURVES)
                                .map(a -> a.length == 2 && a[1] == 0)
                                .orElse(false)
                ? new int[] {0, 0}
                : new int[] {m, points};
        expect(
                dir,
                RunWriter.LOSS_CURVES,
                lossShape,
                " (" + m + " members of " + whose + ", " + points
                        + " points: its config's train.epochs / train.lossEvery)");
        int fisherInputs = EnsembleMetric.spectrumLength(config, config.data().fisher(), s.trainableParameters());
        String geometryWhy = " (" + m + " members of " + whose + ", its config's data.fisher "
                + config.data().fisher() + ", fisher.at " + config.fisher().at().id() + " and "
                + s.cutoffs().size()
                + " cutoffs)";
        expect(dir, RunWriter.FISHER_SPECTRUM, new int[] {m, fisherInputs}, geometryWhy);
        expect(dir, RunWriter.FISHER_GEOMETRY, new int[] {m, s.cutoffs().size(), MemberGeometry.COLUMNS}, geometryWhy);
        trainingFlow(dir, s, m, whose);
        if (meshPoints.isPresent()) {
            // a classifier's field lives on the pairs of mesh point and class
            int points0 = meshPoints.getAsInt() * config.outputsPerPoint();
            String meshWhy = " (" + m + " members of " + whose + " and " + entries + " flow entries of "
                    + RunWriter.SUMMARY + ", " + points0 + " mesh points of " + RunWriter.MESH_INPUTS + ")";
            expect(dir, RunWriter.MESH_OUTPUTS, new int[] {m, entries, points0}, meshWhy);
            expect(
                    dir,
                    RunWriter.MESH_TRAINING,
                    new int[] {m, MeshWriter.trainingCheckpoints(config), points0},
                    " (" + m + " members of " + whose + ", the checkpoints of its config's" + " nnft.snapshotEvery, "
                            + points0 + " mesh points of " + RunWriter.MESH_INPUTS + ")");
        } else {
            for (String file : List.of(RunWriter.MESH_OUTPUTS, RunWriter.MESH_TRAINING)) {
                if (Files.exists(dir.resolve(file))) {
                    throw new ConfigException(
                            dir.resolve(file).toString(), "has no " + RunWriter.MESH_INPUTS + " beside it");
                }
            }
        }
    }

    /** The flow during training: its arrays only with {@code brg.duringTraining}, one row per checkpoint. */
    private static void trainingFlow(Path dir, RunSummary s, int m, String whose) {
        ExperimentConfig config = s.config();
        if (!config.brg().duringTraining()) {
            for (String file : List.of(RunWriter.TRAINING_FLOW, RunWriter.TRAINING_FISHER_RANK)) {
                if (Files.exists(dir.resolve(file))) {
                    throw new ConfigException(
                            dir.resolve(file).toString(),
                            "is there, but " + RunWriter.SUMMARY + "'s config has brg.duringTraining false");
                }
            }
            return;
        }
        boolean flow = Files.exists(dir.resolve(RunWriter.TRAINING_FLOW));
        if (flow != Files.exists(dir.resolve(RunWriter.TRAINING_FISHER_RANK))) {
            // one without the other is half a measurement: refused, not read as none
            throw new ConfigException(
                    dir.toString(),
                    "has " + (flow ? RunWriter.TRAINING_FLOW : RunWriter.TRAINING_FISHER_RANK) + " but not "
                            + (flow ? RunWriter.TRAINING_FISHER_RANK : RunWriter.TRAINING_FLOW)
                            + "; allowed both or neither");
        }
        int checkpoints = MeshWriter.trainingCheckpoints(config);
        String why = " (" + m + " members of " + whose + ", the " + checkpoints
                + " checkpoints of its config's nnft.snapshotEvery and "
                + s.cutoffs().size() + " cutoffs)";
        expect(
                dir,
                RunWriter.TRAINING_FLOW,
                new int[] {m, checkpoints, s.cutoffs().size() + 1},
                why);
        expect(dir, RunWriter.TRAINING_FISHER_RANK, new int[] {m, checkpoints}, why);
    }

    private static void expect(Path dir, String name, int[] expected, String why) {
        shapeOf(dir, name).ifPresent(shape -> {
            if (!Arrays.equals(shape, expected)) {
                throw new ConfigException(
                        dir.resolve(name).toString(),
                        "has shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(expected) + why);
            }
        });
    }

    /** The shape in the header of {@code name}, after checking the file's length; empty if it is absent. */
    static java.util.Optional<int[]> shapeOf(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try (Npy.Rows rows = Npy.Rows.open(file)) {
            return java.util.Optional.of(rows.shape());
        } catch (IOException e) {
            throw RunFiles.unreadable(file, e);
        }
    }

    /** flow.csv against summary.json: its columns, cutoffs, members used and every statistic. */
    static void checkFlow(RunFiles.FlowTable table, RunSummary s, JsonNode summaryFlow, Path file) {
        for (String column : FLOW_COLUMNS) {
            if (!table.header().contains(column)) {
                throw new ConfigException(file.toString(), "has no column '" + column + "'");
            }
        }
        boolean compare = summaryFlow != null && summaryFlow.isArray() && summaryFlow.size() == table.size();
        if (summaryFlow != null && !compare) {
            throw new ConfigException(
                    file.toString(),
                    "has " + table.size() + " entries, " + RunWriter.SUMMARY + "'s 'flow' "
                            + (summaryFlow.isArray() ? summaryFlow.size() + " entries" : "is not an array"));
        }
        for (int k = 0; k < table.size(); k++) {
            String line = file + ":" + (k + 2);
            for (String column : FLOW_COLUMNS) {
                String cell = cell(table, k, column);
                try {
                    dev.bayesrg.io.Csv.parse(cell);
                } catch (NumberFormatException e) {
                    throw new ConfigException(line, column + " is '" + cell + "', not a number");
                }
            }
            double entry = table.number(k, "entry");
            double cutoff = table.number(k, "cutoff");
            if (entry != k) {
                throw new ConfigException(line, "is entry '" + cell(table, k, "entry") + "', expected " + k);
            }
            boolean cutoffAgrees =
                    k == 0 ? Double.isNaN(cutoff) : cutoff == s.cutoffs().get(k - 1);
            if (!cutoffAgrees) {
                throw new ConfigException(
                        line,
                        "has cutoff '" + cell(table, k, "cutoff") + "', " + RunWriter.SUMMARY + "'s cutoffs give "
                                + (k == 0
                                        ? "none (the trained ensemble)"
                                        : s.cutoffs().get(k - 1)));
            }
            double used = table.number(k, "members_used");
            if (used != Math.rint(used) || used < 0 || used > s.members()) {
                throw new ConfigException(
                        line,
                        "has members_used '" + cell(table, k, "members_used") + "', allowed an integer 0 to "
                                + s.members() + " (the members of " + RunWriter.SUMMARY + ")");
            }
            List<String> checked = new java.util.ArrayList<>(FLOW_COLUMNS.subList(2, FLOW_COLUMNS.size()));
            for (String column : PREDICTIVE_COLUMNS) {
                if (table.header().contains(column)) {
                    checked.add(column);
                }
            }
            for (String column : checked) {
                double v;
                try {
                    v = table.number(k, column);
                } catch (ConfigException e) {
                    throw new ConfigException(line, column + " is '" + cell(table, k, column) + "', not a number");
                }
                if (compare && !agrees(v, summaryFlow.get(k).get(column))) {
                    throw new ConfigException(
                            line,
                            column + " is '" + cell(table, k, column) + "', " + RunWriter.SUMMARY + "'s flow[" + k
                                    + "]." + column + " " + summaryFlow.get(k).get(column));
                }
            }
        }
    }

    private static String cell(RunFiles.FlowTable table, int k, String column) {
        return table.cells().get(k).get(table.header().indexOf(column));
    }

    /** Whether a flow.csv number and summary.json's value are the same (JSON holds non-finite ones as null). */
    private static boolean agrees(double csv, JsonNode json) {
        if (json == null || json.isNull()) {
            return !Double.isFinite(csv);
        }
        return json.isNumber() && json.asDouble() == csv;
    }

    /** members.csv against summary.json: its members are the shard's, as many diverged as it says. */
    static void checkMembers(MembersTable table, RunSummary s, Path file) {
        int[] ids = s.shard().members(s.config().ensemble().members());
        int diverged = 0;
        for (int i = 0; i < table.size(); i++) {
            if (table.members()[i] != ids[i]) {
                throw new ConfigException(
                        file.toString(),
                        "has member " + table.members()[i] + " where shard " + s.shard() + " of " + RunWriter.SUMMARY
                                + " has member " + ids[i]);
            }
            for (int c : table.coarseGrained()[i]) {
                if (c < 0 || c > s.trainableParameters()) {
                    throw new ConfigException(
                            file.toString(),
                            "member " + ids[i] + " has coarse_grained " + c + ", allowed 0 to "
                                    + s.trainableParameters() + " (the trainable parameters of " + RunWriter.SUMMARY
                                    + ")");
                }
            }
            diverged += table.diverged()[i] ? 1 : 0;
        }
        if (diverged != s.membersDiverged()) {
            throw new ConfigException(
                    file.toString(),
                    "has " + diverged + " diverged members, " + RunWriter.SUMMARY + " " + s.membersDiverged());
        }
    }
}
