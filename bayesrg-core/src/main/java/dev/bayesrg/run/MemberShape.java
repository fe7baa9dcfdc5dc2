package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;

/**
 * The array lengths every member of a run has, fixed by its configuration and data: a member read
 * back from a checkpoint must have them, or it was computed for another run.
 *
 * @param entries      flow entries (the trained member and one per cutoff)
 * @param testPoints   test inputs
 * @param trainable    flowed parameters (Fisher diagonal; coarse-graining entries in the diagonal basis)
 * @param fisherInputs the metric's spectrum length: the Fisher inputs, or for an ensemble-average
 *                     metric min(P, M n_F) (coarse-graining entries in the eigenbasis)
 * @param eigenbasis   whether the flow runs in the Fisher eigenbasis
 * @param fisher       which members measure the Fisher geometry
 * @param readout      read-out parameters
 * @param meshPoints   nnft mesh points
 * @param trainingRows recorded training checkpoints on the mesh
 * @param duringTraining whether every member runs the flow at its training checkpoints
 */
record MemberShape(
        int entries,
        int testPoints,
        int trainable,
        int fisherInputs,
        boolean eigenbasis,
        dev.bayesrg.config.FisherConfig fisher,
        int readout,
        int meshPoints,
        int trainingRows,
        boolean duringTraining) {

    static MemberShape of(ExperimentConfig config, DataSets data) {
        MemberPipeline pipeline = new MemberPipeline(config, data);
        return new MemberShape(
                config.brg().cutoffs().size() + 1,
                data.test().size() * config.outputsPerPoint(),
                pipeline.flowedCount(),
                EnsembleMetric.spectrumLength(config, data.fisher().size(), pipeline.flowedCount()),
                config.brg().basis() == dev.bayesrg.config.BrgConfig.Basis.EIGEN,
                config.fisher(),
                MemberPipeline.readoutCount(config, pipeline.architecture()),
                data.mesh().length * config.outputsPerPoint(),
                MeshRecording.trainingRows(config, data.mesh().length).length,
                config.brg().duringTraining());
    }

    /**
     * What of {@code m} has another length than this shape's, or null if nothing.
     *
     * @param legacy {@code m} comes from a checkpoint written before records carried the read-out and
     *               mesh outputs, which it may then lack
     */
    String mismatch(MemberResult m, boolean legacy) {
        if (m.predictions().length != entries
                || m.testMse().length != entries
                || m.probe().length != entries
                || m.coarseGrained().length != entries) {
            return "has " + m.predictions().length + " flow entries, this run " + entries;
        }
        for (double[] row : m.predictions()) {
            if (row.length != testPoints) {
                return "has predictions at " + row.length + " test points, this run " + testPoints;
            }
        }
        if (m.fisherDiagonal().length != trainable) {
            return "has " + m.fisherDiagonal().length + " Fisher entries, this run " + trainable + " flowed parameters";
        }
        int directions = eigenbasis ? fisherInputs : trainable;
        if (m.coarseGrainedAt().length != directions) {
            return "has " + m.coarseGrainedAt().length + " coarse-graining entries, this run " + directions;
        }
        if (legacy && m.trainedReadout().length == 0 && m.mesh().flow().length == 0) {
            return null;
        }
        // a legacy record may lack the cutoffs (then the absolute schedule's, RunWriter writes those)
        if (m.cutoffs().length != entries - 1 && !(legacy && m.cutoffs().length == 0)) {
            return "has " + m.cutoffs().length + " cutoffs, this run " + (entries - 1);
        }
        if (m.trainedReadout().length != readout) {
            return "has " + m.trainedReadout().length + " read-out parameters, this run " + readout;
        }
        if (!rows(m.mesh().flow(), entries, meshPoints) || !rows(m.mesh().training(), trainingRows, meshPoints)) {
            return "has mesh outputs of another shape than this run's " + meshPoints + " mesh points";
        }
        String training = trainingFlowMismatch(m.trainingFlow());
        if (training != null) {
            return training;
        }
        if ((m.geometry() == null) == fisher.measuresGeometry(m.member())) {
            return m.geometry() == null
                    ? "has no Fisher geometry, which this run measures"
                    : "has a Fisher geometry, which this run does not measure";
        }
        if (m.geometry() == null) {
            return null;
        }
        if (m.geometry().geometry().spectrum().length != fisherInputs
                || m.geometry().row().length != (entries - 1) * MemberGeometry.COLUMNS) {
            return "has a Fisher geometry of another shape than this run's " + fisherInputs + " eigenvalues and "
                    + (entries - 1) + " cutoffs";
        }
        return null;
    }

    /** What of a member's flow during training does not fit this run, or null. */
    private String trainingFlowMismatch(TrainingFlow t) {
        if ((t == null) == duringTraining) {
            return t == null
                    ? "has no flow during training, which this run measures"
                    : "has a flow during training, which this run does not measure";
        }
        if (t != null && (t.fisherRank().length != trainingRows || !rows(t.testMse(), trainingRows, entries))) {
            return "has a flow during training of another shape than this run's " + trainingRows + " checkpoints and "
                    + entries + " flow entries";
        }
        return null;
    }

    private static boolean rows(double[][] rows, int count, int length) {
        if (rows.length != count) {
            return false;
        }
        for (double[] row : rows) {
            if (row.length != length) {
                return false;
            }
        }
        return true;
    }
}
