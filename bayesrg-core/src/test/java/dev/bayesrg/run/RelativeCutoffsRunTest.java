package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.Json;
import dev.bayesrg.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on a relative cutoff scale: what each member's recorded cutoffs and coarse-grained counts
 * are, and that the recorded cutoffs survive a resume and a shard merge and read back from older
 * directories.
 */
class RelativeCutoffsRunTest {
    private static final List<Double> QUANTILES = List.of(0.1, 0.25, 0.5, 1.0);

    private static ConfigLayers tiny(String scale, List<Double> cutoffs) {
        return ConfigLayers.of(Preset.PAPER)
                .withMembers(8)
                .withWidth(20)
                .withEpochs(10)
                .with("data.train=16")
                .with("data.test=10")
                .with("data.fisher=10")
                .with("train.divergenceLoss=3000")
                .with("brg.cutoffScale=" + scale)
                .with("brg.cutoffs=" + cutoffs);
    }

    @TempDir
    Path tmp;

    /**
     * Each member coarse grains ⌈c P⌉ of its P = 20 read-out weights at quantile c (more only where
     * its Fisher values tie with the last of them), counted in members.csv, whatever its Fisher scale.
     */
    @Test
    void aQuantileRunCoarseGrainsThatFractionOfEveryMembersParameters() throws Exception {
        ExperimentRun.Finished run = ExperimentRun.of(
                        tiny("quantile", QUANTILES).resolve())
                .threads(2)
                .writeTo(tmp.resolve("q"));
        RunFiles files = RunFiles.open(run.directory());
        double[][] fisher = RunFiles.rows(files.fisher());
        double[][] cutoffs = RunFiles.rows(files.memberCutoffs());
        MembersTable table = files.members();
        assertEquals(20, fisher[0].length);
        int[] softest = {2, 5, 10, 20}; // ⌈c × 20⌉ for c = 0.1, 0.25, 0.5, 1
        for (int m = 0; m < fisher.length; m++) {
            double[] sorted = fisher[m].clone();
            Arrays.sort(sorted);
            for (int k = 0; k < QUANTILES.size(); k++) {
                double jth = sorted[softest[k] - 1];
                long expected = Arrays.stream(fisher[m]).filter(f -> f <= jth).count();
                assertEquals(
                        expected, table.coarseGrained()[m][k + 1], "member " + m + ", quantile " + QUANTILES.get(k));
                assertTrue(cutoffs[m][k] > jth && Math.nextDown(cutoffs[m][k]) <= jth, "ε just above the j-th F_ii");
            }
        }
        assertEquals(
                "quantile",
                Json.read(run.directory().resolve(RunWriter.SUMMARY))
                        .get("cutoff_scale")
                        .asText());
        assertTrue(
                Json.read(run.directory().resolve(RunWriter.MANIFEST))
                        .at("/files/cutoffs.npy")
                        .asText()
                        .contains("'quantile'"),
                "the manifest says which scale the cutoffs are on");
    }

    @Test
    void aMeanEigenvalueRunRecordsCTimesEachMembersMeanFisherValue() throws Exception {
        List<Double> c = List.of(0.1, 1.0, 10.0);
        ExperimentRun.Finished run =
                ExperimentRun.of(tiny("mean-eigenvalue", c).resolve()).writeTo(tmp.resolve("m"));
        RunFiles files = RunFiles.open(run.directory());
        double[][] fisher = RunFiles.rows(files.fisher());
        double[][] cutoffs = RunFiles.rows(files.memberCutoffs());
        for (int m = 0; m < fisher.length; m++) {
            double mean = Arrays.stream(fisher[m]).sum() / fisher[m].length;
            for (int k = 0; k < c.size(); k++) {
                assertEquals(c.get(k) * mean, cutoffs[m][k], 1e-12 * c.get(k) * mean);
            }
        }
        assertTrue(cutoffs[0][1] != cutoffs[1][1], "members have their own cutoffs");
    }

    /** A run resumed from a checkpoint of four members, and its merged shards, write the same cutoffs.npy. */
    @Test
    void recordedCutoffsSurviveAResumeAndAShardMerge() throws Exception {
        ExperimentConfig config = tiny("quantile", QUANTILES).resolve();
        ExperimentRun.Finished whole = ExperimentRun.of(config).threads(1).writeTo(tmp.resolve("whole"));
        byte[] expected = Files.readAllBytes(whole.directory().resolve(RunWriter.CUTOFFS));

        ExperimentRun.Finished resumed =
                RunVariants.resumed(config, whole.result().members().subList(0, 4), tmp.resolve("broken"));
        assertArrayEquals(expected, Files.readAllBytes(resumed.directory().resolve(RunWriter.CUTOFFS)), "resumed");

        ShardMerge.Merged merged = RunVariants.merged(config, 3, tmp);
        assertArrayEquals(expected, Files.readAllBytes(tmp.resolve("merged").resolve(RunWriter.CUTOFFS)), "merged");
        assertEquals(whole.result().critical(), merged.run().critical());
    }

    /** A directory of format 2 has no cutoffs.npy and no cutoff scale: it ran on the absolute one. */
    @Test
    void anOlderDirectoryReadsAsTheAbsoluteScheduleForEveryMember() throws Exception {
        List<Double> cutoffs = List.of(0.01, 1.0, 100.0);
        ExperimentRun.Finished run =
                ExperimentRun.of(tiny("absolute", cutoffs).resolve()).writeTo(tmp.resolve("old"));
        Path dir = run.directory();
        Files.delete(dir.resolve(RunWriter.CUTOFFS));
        ObjectNode summary = (ObjectNode) Json.read(dir.resolve(RunWriter.SUMMARY));
        summary.put(RunFormat.KEY, 2);
        summary.remove("cutoff_scale");
        summary.remove("critical_interval");
        ((ObjectNode) summary.get("config").get("brg")).remove("cutoffScale");
        Json.write(dir.resolve(RunWriter.SUMMARY), summary);

        RunFiles files = RunFiles.open(dir);
        assertEquals(
                dev.bayesrg.config.BrgConfig.CutoffScale.ABSOLUTE,
                files.summary().config().brg().cutoffScale());
        assertEquals(null, files.summary().criticalInterval());
        Npy.Array read = files.memberCutoffs();
        assertArrayEquals(new int[] {8, 3}, read.shape());
        for (double[] row : RunFiles.rows(read)) {
            assertArrayEquals(new double[] {0.01, 1.0, 100.0}, row);
        }
    }
}
