package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.net.FeatureMatrix;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.Readout;
import dev.bayesrg.train.TrainingCheckpoints;
import java.util.Arrays;

/**
 * A member's outputs on the nnft mesh during training (config {@code nnft.snapshotEvery}): one row
 * per training checkpoint, NaN where training diverged before it.
 */
final class MeshRecording {
    /** The outputs at parameters θ into {@code row}. */
    @FunctionalInterface
    interface Evaluation {
        void outputs(double[] theta, double[] row);
    }

    private MeshRecording() {}

    /** [checkpoints][M], NaN until recorded. */
    static double[][] trainingRows(ExperimentConfig config, int meshPoints) {
        int count =
                TrainingCheckpoints.count(config.train().epochs(), config.nnft().snapshotEvery());
        double[][] rows = new double[count][meshPoints];
        for (double[] row : rows) {
            Arrays.fill(row, Double.NaN);
        }
        return rows;
    }

    /**
     * Records the outputs at every checkpoint into {@code rows} and hands θ on to {@code also} (null:
     * nobody else wants it).
     */
    static TrainingCheckpoints checkpoints(
            ExperimentConfig config, double[][] rows, Evaluation evaluation, TrainingCheckpoints.Sink also) {
        int every = config.nnft().snapshotEvery();
        return every == 0
                ? TrainingCheckpoints.NONE
                : new TrainingCheckpoints(every, (index, theta) -> {
                    evaluation.outputs(theta, rows[index]);
                    if (also != null) {
                        also.at(index, theta);
                    }
                });
    }

    static void readoutOutputs(Readout readout, double[] theta, FeatureMatrix mesh, double[] row) {
        int classes = readout.outputsPerPoint();
        if (classes > 1) { // K logits per mesh point, point-major
            for (int i = 0; i < mesh.rows(); i++) {
                SoftmaxReadoutMeasurement.logits(readout, theta, mesh, i, row, i * classes);
            }
            return;
        }
        for (int i = 0; i < row.length; i++) {
            row[i] = readout.output(theta, mesh, i);
        }
    }

    static void networkOutputs(Network network, double[] theta, double[][] mesh, double[] row) {
        network.outputs(theta, mesh, row);
    }
}
