package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import dev.bayesrg.data.Dataset;
import dev.bayesrg.data.NpyData;
import dev.bayesrg.ingest.ImportedEnsemble;
import dev.bayesrg.io.Npy;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Layer;
import dev.bayesrg.net.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a bayesrg-trained ensemble as an ensemble directory of docs/import.md, as another framework
 * would: the data, and every member's trained and initial parameters ({@code mlp}) or its features and
 * read-out ({@code readout}), or (from a finished run) its outputs on the mesh ({@code outputs}).
 * Public, in the test jar, for the command line's tests.
 */
public final class EnsembleExport {
    private EnsembleExport() {}

    /** Every layer's weights, in PyTorch's [out, in] layout, with the initial ones. */
    public static void mlp(ExperimentConfig config, Path directory) throws IOException {
        DataSets data = Experiment.prepareData(config, Path.of(""));
        MemberPipeline pipeline = new MemberPipeline(config, data);
        Architecture architecture = pipeline.architecture();
        int members = config.ensemble().members();
        Files.createDirectories(directory);
        manifest(directory, "mlp", members);
        data(directory, data);
        List<Layer> layers = architecture.layers();
        double[][] trained = new double[members][];
        double[][] initial = new double[members][];
        for (int m = 0; m < members; m++) {
            trained[m] = pipeline.trainedParameters(m);
            initial[m] = pipeline.initialParameters(m);
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            for (boolean start : new boolean[] {false, true}) {
                double[][] thetas = start ? initial : trained;
                String suffix = start ? ImportedEnsemble.INITIAL : "";
                Npy.write(
                        directory.resolve("layer" + i + "_weight" + suffix + ".npy"),
                        rows(thetas, layer.offset(), layer.weightCount()),
                        members,
                        layer.outputs(),
                        layer.inputs());
                if (layer.bias()) {
                    Npy.write(
                            directory.resolve("layer" + i + "_bias" + suffix + ".npy"),
                            rows(thetas, layer.biasOffset(), layer.outputs()),
                            members,
                            layer.outputs());
                }
            }
        }
    }

    /** Every member's last-hidden features on the data and its trained read-out (no bias). */
    public static void readout(ExperimentConfig config, Path directory) throws IOException {
        DataSets data = Experiment.prepareData(config, Path.of(""));
        MemberPipeline pipeline = new MemberPipeline(config, data);
        Architecture architecture = pipeline.architecture();
        Network network = new Network(architecture);
        int members = config.ensemble().members();
        int width = architecture.featureWidth();
        Files.createDirectories(directory);
        manifest(directory, "readout", members);
        data(directory, data);
        double[] train = new double[members * data.train().size() * width];
        double[] test = new double[members * data.test().size() * width];
        double[] fisher = new double[members * data.fisher().size() * width];
        double[] probe = new double[members * width];
        double[][] thetas = new double[members][];
        for (int m = 0; m < members; m++) {
            thetas[m] = pipeline.trainedParameters(m);
            Network.FrozenLayers hidden = network.frozen(thetas[m]);
            place(hidden.features(data.train().inputs()).values(), train, m);
            place(hidden.features(data.test().inputs()).values(), test, m);
            place(hidden.features(data.fisher().inputs()).values(), fisher, m);
            place(hidden.features(new double[][] {data.probe()}).values(), probe, m);
        }
        Npy.write(
                directory.resolve("features_train.npy"),
                train,
                members,
                data.train().size(),
                width);
        Npy.write(
                directory.resolve("features_test.npy"),
                test,
                members,
                data.test().size(),
                width);
        Npy.write(
                directory.resolve("features_fisher.npy"),
                fisher,
                members,
                data.fisher().size(),
                width);
        Npy.write(directory.resolve("features_probe.npy"), probe, members, width);
        Npy.write(
                directory.resolve("readout_weight.npy"),
                rows(thetas, architecture.readoutOffset(), width),
                members,
                width);
    }

    /**
     * The outputs of the finished run {@code run} on its nnft mesh as an {@code outputs} ensemble:
     * {@code outputs} its mesh_training.npy [M, C, P] (the checkpoints along training, the last the
     * trained network), or without checkpoints its trained entry of mesh_outputs.npy [M, P];
     * {@code mesh_inputs} its mesh_inputs.npy; {@code epochs} the checkpoints' epochs when
     * {@code withEpochs}.
     */
    public static void outputs(Path run, Path directory, boolean withEpochs) throws IOException {
        RunFiles files = RunFiles.open(run);
        ExperimentConfig config = files.summary().config();
        Npy.Array mesh = Npy.read(run.resolve(RunWriter.MESH_INPUTS));
        Files.createDirectories(directory);
        int members = files.summary().members();
        int points = mesh.shape()[0];
        manifest(directory, "outputs", members);
        Npy.write(directory.resolve(NpyData.MESH_INPUTS + ".npy"), mesh.values(), mesh.shape());
        Path training = run.resolve(RunWriter.MESH_TRAINING);
        if (Files.exists(training)) {
            Npy.Array outputs = Npy.read(training);
            int checkpoints = outputs.shape()[1];
            Npy.write(directory.resolve("outputs.npy"), outputs.values(), outputs.shape());
            if (withEpochs) {
                double[] epochs = new double[checkpoints];
                for (int j = 0; j < checkpoints; j++) {
                    epochs[j] = dev.bayesrg.train.TrainingCheckpoints.epoch(
                            j, config.train().epochs(), config.nnft().snapshotEvery());
                }
                Npy.write(directory.resolve("epochs.npy"), epochs, checkpoints);
            }
        } else {
            Npy.Array flow = Npy.read(run.resolve(RunWriter.MESH_OUTPUTS));
            int entries = flow.shape()[1];
            double[] trained = new double[members * points];
            for (int m = 0; m < members; m++) {
                System.arraycopy(flow.values(), m * entries * points, trained, m * points, points);
            }
            Npy.write(directory.resolve("outputs.npy"), trained, members, points);
        }
    }

    private static void place(double[] member, double[] all, int m) {
        System.arraycopy(member, 0, all, m * member.length, member.length);
    }

    private static double[] rows(double[][] thetas, int offset, int length) {
        double[] values = new double[thetas.length * length];
        for (int m = 0; m < thetas.length; m++) {
            System.arraycopy(thetas[m], offset, values, m * length, length);
        }
        return values;
    }

    private static void manifest(Path directory, String kind, int members) throws IOException {
        Files.writeString(
                directory.resolve("ensemble.json"),
                "{\"format\": \"bayesrg-ensemble\", \"format_version\": 1, \"kind\": \"" + kind + "\", \"members\": "
                        + members + ", \"source\": \"bayesrg's own run (EnsembleExport)\"}\n");
    }

    private static void data(Path directory, DataSets data) throws IOException {
        set(directory, NpyData.TRAIN_INPUTS, NpyData.TRAIN_TARGETS, data.train());
        set(directory, NpyData.TEST_INPUTS, NpyData.TEST_TARGETS, data.test());
        double[][] x = data.fisher().inputs();
        Npy.write(directory.resolve(NpyData.FISHER_INPUTS + ".npy"), flat(x), x.length, x[0].length);
        Npy.write(directory.resolve(ImportedEnsemble.PROBE_INPUT + ".npy"), data.probe(), data.probe().length);
    }

    private static void set(Path directory, String inputs, String targets, Dataset set) throws IOException {
        double[][] x = set.inputs();
        Npy.write(directory.resolve(inputs + ".npy"), flat(x), x.length, x[0].length);
        Npy.write(directory.resolve(targets + ".npy"), set.targets(), set.size());
    }

    private static double[] flat(double[][] rows) {
        double[] values = new double[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, values, i * rows[0].length, rows[0].length);
        }
        return values;
    }
}
