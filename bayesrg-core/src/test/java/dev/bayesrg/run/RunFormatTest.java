package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunFormatTest {
    private static ObjectNode summaryOf(ExperimentConfig config) {
        ObjectNode s = Json.object();
        s.set("config", ConfigLoader.toTree(config));
        return s;
    }

    @Test
    void unstampedSummaryWithoutSharedHiddenReadsBackAsPerMemberHiddenLayers() {
        ExperimentConfig shared = ConfigLoader.fromPreset(Preset.PAPER)
                .with("network.sharedHidden=true")
                .load();
        ObjectNode old = summaryOf(shared);
        ((ObjectNode) old.get("config").get("network")).remove("sharedHidden");
        assertEquals(1, RunFormat.versionOf(old));
        ObjectNode migrated = RunFormat.migrate(old, "summary.json");
        assertEquals(RunFormat.CURRENT, RunFormat.versionOf(migrated));
        assertFalse(ConfigLoader.fromTree(migrated.get("config")).network().sharedHidden());
        // the input tree is left alone
        assertFalse(old.get("config").get("network").has("sharedHidden"));
    }

    @Test
    void unstampedSummaryWithoutNnftSectionGetsTheDefaultMesh() {
        ExperimentConfig paper = ConfigLoader.fromPreset(Preset.PAPER).load();
        ObjectNode old = summaryOf(paper);
        ((ObjectNode) old.get("config")).remove("nnft");
        ExperimentConfig back =
                ConfigLoader.fromTree(RunFormat.migrate(old, "summary.json").get("config"));
        assertEquals(paper.nnft(), back.nnft());
        assertEquals(paper, back);
    }

    @Test
    void currentSummaryIsNotChangedByTheMigration() {
        ExperimentConfig shared = ConfigLoader.fromPreset(Preset.REFERENCE_CODE)
                .with("network.sharedHidden=true")
                .load();
        ObjectNode current = summaryOf(shared);
        current.put(RunFormat.KEY, RunFormat.CURRENT);
        assertEquals(current, RunFormat.migrate(current, "summary.json"));
    }

    /** brg.duringTraining came within format 3: a format-3 configuration without it measured nothing in training. */
    @Test
    void aFormatThreeSummaryWithoutTheFlowDuringTrainingReadsAsWithout() {
        ObjectNode old = summaryOf(ConfigLoader.fromPreset(Preset.PAPER)
                .with("nnft.snapshotEvery=10")
                .load());
        old.put(RunFormat.KEY, 3);
        ((ObjectNode) old.get("config").get("brg")).remove("duringTraining");
        ExperimentConfig back =
                ConfigLoader.fromTree(RunFormat.migrate(old, "summary.json").get("config"));
        assertFalse(back.brg().duringTraining());
        ObjectNode on = summaryOf(ConfigLoader.fromPreset(Preset.PAPER)
                .with("nnft.snapshotEvery=10")
                .with("brg.duringTraining=true")
                .load());
        on.put(RunFormat.KEY, 3);
        assertEquals(on, RunFormat.migrate(on, "summary.json"), "a summary that says so keeps it");
    }

    /** fisher.at came within format 3: a format-3 configuration without it ranked each member by its own metric. */
    @Test
    void aFormatThreeSummaryWithoutFisherAtReadsAsEachMembersOwnMetric() {
        ObjectNode old = summaryOf(ConfigLoader.fromPreset(Preset.PAPER).load());
        old.put(RunFormat.KEY, 3);
        ((ObjectNode) old.get("config").get("fisher")).remove("at");
        ExperimentConfig back =
                ConfigLoader.fromTree(RunFormat.migrate(old, "summary.json").get("config"));
        assertEquals(dev.bayesrg.config.FisherConfig.At.MEMBER, back.fisher().at());
        ObjectNode average = summaryOf(ConfigLoader.fromPreset(Preset.PAPER)
                .with("fisher.at=ensemble-average")
                .load());
        average.put(RunFormat.KEY, 3);
        assertEquals(average, RunFormat.migrate(average, "summary.json"), "a summary that says so keeps it");
    }

    /** train.loss came within format 3: a configuration without it trained on the squared error. */
    @Test
    void aFormatThreeSummaryWithoutTrainLossReadsAsTheSquaredError() {
        ObjectNode old = summaryOf(ConfigLoader.fromPreset(Preset.PAPER).load());
        old.put(RunFormat.KEY, 3);
        ((ObjectNode) old.get("config").get("train")).remove(List.of("loss", "huberDelta"));
        ExperimentConfig back =
                ConfigLoader.fromTree(RunFormat.migrate(old, "summary.json").get("config"));
        assertEquals(dev.bayesrg.config.TrainConfig.Loss.MSE, back.train().loss());
        assertEquals(ConfigLoader.fromPreset(Preset.PAPER).load(), back);
        ObjectNode huber = summaryOf(
                ConfigLoader.fromPreset(Preset.PAPER).with("train.loss=huber").load());
        huber.put(RunFormat.KEY, 3);
        assertEquals(huber, RunFormat.migrate(huber, "summary.json"), "a summary that says so keeps it");
    }

    @Test
    void summaryOfANewerFormatIsRefusedNamingTheFile() {
        ObjectNode future = summaryOf(ConfigLoader.fromPreset(Preset.PAPER).load());
        future.put(RunFormat.KEY, RunFormat.CURRENT + 1);
        ConfigException e = assertThrows(ConfigException.class, () -> RunFormat.migrate(future, "runs/x/summary.json"));
        assertEquals("runs/x/summary.json", e.field());
        assertTrue(e.getMessage().contains("format " + (RunFormat.CURRENT + 1)), e.getMessage());
    }

    @Test
    void formatTwoSummaryFlowedOnTheDiagonalAndMeasuredNoGeometry() {
        ObjectNode old = summaryOf(ConfigLoader.fromPreset(Preset.PAPER).load());
        old.put(RunFormat.KEY, 2);
        ObjectNode brg = (ObjectNode) old.get("config").get("brg");
        brg.remove(List.of("basis", "scope", "cutoffScale"));
        ((ObjectNode) old.get("config").get("fisher")).remove("geometryMembers");
        ExperimentConfig back =
                ConfigLoader.fromTree(RunFormat.migrate(old, "summary.json").get("config"));
        assertEquals(dev.bayesrg.config.BrgConfig.Basis.DIAGONAL, back.brg().basis());
        assertEquals(null, back.brg().scope());
        assertEquals(0, back.fisher().geometryMembers());
        assertFalse(back.fisher().measuresGeometry(0));
    }
}
