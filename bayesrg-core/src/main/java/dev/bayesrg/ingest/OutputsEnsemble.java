package dev.bayesrg.ingest;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ConfigValidator;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.NnftConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.data.NpyData;
import dev.bayesrg.io.NumpyArrays;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kind {@code outputs} of docs/import.md: each member's outputs on P mesh points
 * ({@code outputs} [M, P], or [M, C, P] at C checkpoints along training, the last the trained
 * network), the points ({@code mesh_inputs} [P, d], optionally their targets {@code mesh_targets}
 * [P]) and optionally the checkpoints' epochs ({@code epochs} [C]). Such an ensemble has no
 * parameters: the run it becomes has no Fisher metric and no flow, only the trained ensemble and the
 * field theory on the mesh, there and along the checkpoints.
 *
 * <p>A run directory records checkpoint j at epoch min(jk, T) (k = {@code nnft.snapshotEvery},
 * T = {@code train.epochs}), so the epochs must be 0, k, 2k, …, (C − 2)k and a last one T with
 * (C − 2)k &lt; T ≤ (C − 1)k; without {@code epochs} the checkpoints are epochs 0, 1, …, C − 1.
 */
final class OutputsEnsemble {
    private OutputsEnsemble() {}

    /** The outputs array's layout: C checkpoints (1 for [M, P]) of P points. */
    private record Layout(NumpyArrays.Entry outputs, int checkpoints, int points) {}

    /** What {@link #check} found: the checkpoints C, and which mesh point the probe is. */
    record Checked(int checkpoints, int probeIndex) {}

    /**
     * Sets the keys an outputs ensemble fixes, after checking its arrays' shapes and epochs: the test
     * set is the mesh points ({@code data.test} = P, the targets {@code mesh_targets} or unknown), and
     * the training and Fisher sets, which such an ensemble does not have and nothing of its run uses,
     * are the same points ({@code data.train}, {@code data.fisher} = P); the mesh is the whole test set
     * ({@code nnft.mesh: test}, {@code nnft.points} = P); the probe its first point; no flow
     * ({@code brg.cutoffs: []}) and no Fisher geometry ({@code fisher.geometryMembers: 0}); the
     * checkpoints as {@code train.epochs} T and {@code nnft.snapshotEvery} k (class comment), none
     * with C = 1 (T the one epoch given, else 0).
     */
    static ConfigLoader settle(ConfigLoader loader, EnsembleManifest manifest, NumpyArrays arrays) throws IOException {
        Layout layout = layout(arrays, manifest.members());
        int points = layout.points();
        double[] mesh = meshInputs(arrays, points);
        int d = mesh.length / points;
        int[] schedule = schedule(arrays, layout.checkpoints());
        List<Double> probe = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            probe.add(mesh[i]);
        }
        loader.set("data.train", points);
        loader.set("data.test", points);
        loader.set("data.fisher", points);
        loader.set("data.probe", probe);
        loader.set("nnft.mesh", "test");
        loader.set("nnft.points", points);
        loader.set("train.epochs", schedule[0]);
        loader.set("nnft.snapshotEvery", schedule[1]);
        loader.set("brg.cutoffs", List.of());
        loader.set("fisher.geometryMembers", 0);
        return loader;
    }

    /**
     * Checks the arrays against a run's configuration and data (which {@link #settle} made, or a
     * configuration given otherwise): P the test set's size and the mesh's, C the checkpoints of
     * {@code train.epochs} and {@code nnft.snapshotEvery}, {@code epochs} theirs, the probe one of the
     * mesh points.
     */
    static Checked check(ExperimentConfig config, DataSets data, EnsembleManifest manifest, NumpyArrays arrays)
            throws IOException {
        Layout layout = layout(arrays, manifest.members());
        NumpyArrays.Entry outputs = layout.outputs();
        int points = layout.points();
        if (points != data.test().size() || points != data.mesh().length) {
            throw new ConfigException(
                    outputs.origin(),
                    "shape " + outputs.shapeText() + " has " + points + " mesh points, but the run's test set has "
                            + data.test().size() + " (data.test) and its mesh " + data.mesh().length
                            + " (nnft.points): both are the mesh points for an outputs ensemble");
        }
        int every = config.nnft().snapshotEvery();
        int epochs = config.train().epochs();
        int expected = every == 0 ? 1 : (epochs + every - 1) / every + 1; // ⌈T/k⌉ + 1
        if (layout.checkpoints() != expected) {
            throw new ConfigException(
                    outputs.origin(),
                    "shape " + outputs.shapeText() + " has " + layout.checkpoints() + " checkpoints, but train.epochs "
                            + epochs + " and nnft.snapshotEvery " + every + " give " + expected);
        }
        if (arrays.find(ImportedEnsemble.EPOCHS).isPresent()) {
            double[] given = epochs(arrays, layout.checkpoints());
            for (int j = 0; j < given.length; j++) {
                long configured = every == 0 ? epochs : Math.min((long) j * every, epochs); // min(jk, T)
                if (given[j] != configured) {
                    throw new ConfigException(
                            arrays.find(ImportedEnsemble.EPOCHS).orElseThrow().origin(),
                            "entry " + j + " is " + number(given[j]) + ", but train.epochs " + epochs
                                    + " and nnft.snapshotEvery " + every + " put checkpoint " + j + " at epoch "
                                    + configured);
                }
            }
        }
        int probe = -1;
        double[][] test = data.test().inputs();
        for (int i = 0; i < test.length && probe < 0; i++) {
            if (Arrays.equals(test[i], data.probe())) {
                probe = i;
            }
        }
        if (probe < 0) {
            throw new ConfigException(
                    "data.probe",
                    "got " + Arrays.toString(data.probe()) + ", allowed one of the mesh points (" + NpyData.MESH_INPUTS
                            + "), where an outputs ensemble's outputs are known");
        }
        return new Checked(layout.checkpoints(), probe);
    }

    private static Layout layout(NumpyArrays arrays, int members) {
        NumpyArrays.Entry outputs = ImportedEnsemble.required(arrays, ImportedEnsemble.OUTPUTS);
        int[] shape = outputs.shape();
        if (shape.length != 2 && shape.length != 3) {
            throw new ConfigException(
                    outputs.origin(),
                    "shape " + outputs.shapeText() + " has " + shape.length + " dimensions, allowed [members, P] or"
                            + " [members, C, P] (P mesh points, C checkpoints along training)");
        }
        if (shape[0] != members) {
            throw new ConfigException(
                    outputs.origin(),
                    "shape " + outputs.shapeText() + ": dimension 0 is " + shape[0] + ", but ensemble.json has "
                            + members + " members");
        }
        int points = shape[shape.length - 1];
        int checkpoints = shape.length == 3 ? shape[1] : 1;
        if (points < 1 || checkpoints < 1) {
            throw new ConfigException(
                    outputs.origin(),
                    "shape " + outputs.shapeText() + " has no " + (points < 1 ? "mesh points" : "checkpoints")
                            + ", allowed at least one");
        }
        if (points > NnftConfig.MAX_POINTS) {
            throw new ConfigException(
                    outputs.origin(),
                    "shape " + outputs.shapeText() + " has " + points + " mesh points, allowed at most "
                            + NnftConfig.MAX_POINTS + " (the field theory's limit: its quartic coupling has P⁴"
                            + " entries); export the outputs on fewer points");
        }
        return new Layout(outputs, checkpoints, points);
    }

    /** mesh_inputs [P, d] (its values are checked when the data are read), and mesh_targets' shape. */
    private static double[] meshInputs(NumpyArrays arrays, int points) throws IOException {
        NumpyArrays.Entry inputs = ImportedEnsemble.required(arrays, NpyData.MESH_INPUTS);
        int[] shape = inputs.shape();
        if (shape.length != 2 || shape[0] != points || shape[1] < 1) {
            throw new ConfigException(
                    inputs.origin(),
                    "shape " + inputs.shapeText() + ", expected [" + points + ", d]: one row per mesh point of "
                            + ImportedEnsemble.OUTPUTS + " (" + points + "), d ≥ 1 input coordinates");
        }
        NumpyArrays.Entry targets = arrays.find(NpyData.MESH_TARGETS).orElse(null);
        if (targets != null && (targets.shape().length != 1 || targets.shape()[0] != points)) {
            throw new ConfigException(
                    targets.origin(),
                    "shape " + targets.shapeText() + ", expected [" + points + "]: one target per mesh point");
        }
        return arrays.readAll(NpyData.MESH_INPUTS);
    }

    /**
     * The run's training schedule {T, k} of C checkpoints: from {@code epochs} when given (the
     * class comment's rule), else epochs 0, 1, …, C − 1; C = 1 is no checkpoints (k = 0).
     */
    private static int[] schedule(NumpyArrays arrays, int checkpoints) throws IOException {
        boolean given = arrays.find(ImportedEnsemble.EPOCHS).isPresent();
        if (!given) {
            return new int[] {checkpoints - 1, checkpoints == 1 ? 0 : 1};
        }
        double[] epochs = epochs(arrays, checkpoints);
        if (checkpoints == 1) {
            return new int[] {(int) epochs[0], 0};
        }
        int every = (int) epochs[1];
        int last = (int) epochs[checkpoints - 1];
        boolean expressible = epochs[0] == 0;
        for (int j = 1; j < checkpoints - 1 && expressible; j++) {
            expressible = epochs[j] == (double) j * every;
        }
        expressible = expressible && last <= (long) (checkpoints - 1) * every;
        if (!expressible) {
            throw new ConfigException(
                    arrays.find(ImportedEnsemble.EPOCHS).orElseThrow().origin(),
                    "got " + text(epochs) + ", allowed 0, k, 2k, …, (C−2)k and a last epoch T with (C−2)k < T ≤ (C−1)k"
                            + " (evenly spaced from 0, the last possibly sooner: the checkpoints a run directory"
                            + " records, nnft.snapshotEvery k); leave out or thin the other checkpoints");
        }
        return new int[] {last, every};
    }

    /** {@code epochs} [C]: whole numbers in [0, MAX_EPOCHS], strictly increasing. */
    private static double[] epochs(NumpyArrays arrays, int checkpoints) throws IOException {
        NumpyArrays.Entry entry = arrays.find(ImportedEnsemble.EPOCHS).orElseThrow();
        if (entry.shape().length != 1 || entry.shape()[0] != checkpoints) {
            throw new ConfigException(
                    entry.origin(),
                    "shape " + entry.shapeText() + ", expected [" + checkpoints + "]: one epoch per checkpoint of "
                            + ImportedEnsemble.OUTPUTS);
        }
        double[] epochs = arrays.readAll(ImportedEnsemble.EPOCHS);
        for (int j = 0; j < epochs.length; j++) {
            double e = epochs[j];
            if (!(e >= 0 && e <= ConfigValidator.MAX_EPOCHS) || e != Math.rint(e)) {
                throw new ConfigException(
                        entry.origin(),
                        "entry " + j + " is " + e + ", allowed whole numbers in [0, " + ConfigValidator.MAX_EPOCHS
                                + "]");
            }
            if (j > 0 && !(e > epochs[j - 1])) {
                throw new ConfigException(
                        entry.origin(),
                        "entry " + j + " is " + number(e) + ", not above entry " + (j - 1) + "'s "
                                + number(epochs[j - 1]) + ": allowed increasing epochs");
            }
        }
        return epochs;
    }

    private static String number(double wholeNumber) {
        return Long.toString((long) wholeNumber);
    }

    private static String text(double[] wholeNumbers) {
        List<String> parts = new ArrayList<>();
        for (double v : wholeNumbers) {
            parts.add(number(v));
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
