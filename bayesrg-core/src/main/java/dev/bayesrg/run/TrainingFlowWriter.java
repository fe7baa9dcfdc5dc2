package dev.bayesrg.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.io.Csv;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the flow during training ({@code brg.duringTraining}): training_flow.npy [members,
 * checkpoints, K + 1] and training_fisher_rank.npy [members, checkpoints] from the members in
 * memory, and the ensemble's table (training_flow.csv and summary.json's {@code training_flow}).
 */
final class TrainingFlowWriter {
    private TrainingFlowWriter() {}

    /** training_flow.npy or training_fisher_rank.npy of the members in memory (NaN rows for one without). */
    static void writeArray(OutputStream out, RunResult run, String file) throws IOException {
        int checkpoints = MeshWriter.trainingCheckpoints(run.config());
        int entries = run.config().brg().cutoffs().size() + 1;
        boolean ranks = file.equals(RunWriter.TRAINING_FISHER_RANK);
        out.write(
                ranks
                        ? Npy.header(run.members().size(), checkpoints)
                        : Npy.header(run.members().size(), checkpoints, entries));
        TrainingFlow missing = TrainingFlow.unmeasured(checkpoints, entries);
        for (MemberResult m : run.members()) {
            TrainingFlow t = m.trainingFlow() == null ? missing : m.trainingFlow();
            Npy.writeValues(out, ranks ? t.fisherRank() : t.flatTestMse());
        }
    }

    /** training_flow.csv: one row per checkpoint. */
    static String csv(TrainingFlowStatistics s) {
        int entries = s.checkpoints().isEmpty() ? 0 : s.checkpoints().get(0).testMse().length;
        StringBuilder b = new StringBuilder("checkpoint,epoch,fisher_rank_median,critical_cutoff,members_used");
        for (int k = 0; k < entries; k++) {
            b.append(",test_mse_median_").append(k);
        }
        b.append('\n');
        for (TrainingFlowStatistics.Row r : s.checkpoints()) {
            b.append(r.checkpoint())
                    .append(',')
                    .append(r.epoch())
                    .append(',')
                    .append(Csv.number(r.fisherRank()))
                    .append(',')
                    .append(Csv.number(r.criticalCutoff()))
                    .append(',')
                    .append(s.members());
            for (double v : r.testMse()) {
                b.append(',').append(Csv.number(v));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** summary.json's {@code training_flow}: the rows of training_flow.csv. */
    static ObjectNode json(TrainingFlowStatistics s) {
        ObjectNode o = Json.object();
        o.put("members_used", s.members());
        ArrayNode rows = o.putArray("checkpoints");
        for (TrainingFlowStatistics.Row r : s.checkpoints()) {
            ObjectNode row = rows.addObject();
            row.put("checkpoint", r.checkpoint());
            row.put("epoch", r.epoch());
            Json.put(row, "fisher_rank_median", r.fisherRank());
            Json.put(row, "critical_cutoff", r.criticalCutoff());
            ArrayNode mse = row.putArray("test_mse_median");
            for (double v : r.testMse()) {
                Json.add(mse, v);
            }
        }
        return o;
    }

    /** The manifest's lines for the two arrays and the table. */
    static void describe(ObjectNode files) {
        files.put(
                RunWriter.TRAINING_FLOW,
                "float64 [members, checkpoints, cutoffs + 1]: test MSE along the flow from θ_t at every training"
                        + " checkpoint (epochs 0, k, 2k, ..., T; k = nnft.snapshotEvery); entry 0 = θ_t");
        files.put(
                RunWriter.TRAINING_FISHER_RANK,
                "float64 [members, checkpoints]: Spearman rank correlation of the Fisher diagonal at θ_t with the"
                        + " trained one");
        files.put(
                RunWriter.TRAINING_TABLE,
                "per training checkpoint: the median rank correlation, ε_c(t) and the median test MSE per flow entry");
    }
}
