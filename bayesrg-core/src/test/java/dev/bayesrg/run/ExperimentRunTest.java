package dev.bayesrg.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole run from Java, without the command line: written, read back, interrupted and resumed. */
class ExperimentRunTest {
    private static final ExperimentConfig SMALL = ConfigLayers.of(Preset.PAPER)
            .withMembers(10)
            .withWidth(48)
            .withEpochs(40)
            .with("data.train=30")
            .with("data.test=20")
            .with("data.fisher=20")
            .with("train.divergenceLoss=3000")
            .resolve();

    @Test
    void runWrittenFromJavaReadsBackAsTheResultItReturned(@TempDir Path tmp) throws Exception {
        List<String> phases = new ArrayList<>();
        ExperimentRun.Finished run =
                ExperimentRun.of(SMALL).threads(2).onPhaseEnd(phases::add).writeTo(tmp.resolve("run"));
        assertEquals(
                List.of(ExperimentRun.DATA, ExperimentRun.MEMBERS, ExperimentRun.WRITING, ExperimentRun.COMPLETION),
                phases);
        RunFiles files = RunFiles.open(run.directory());
        assertEquals(RunFormat.CURRENT, files.summary().formatVersion());
        assertEquals(SMALL, files.summary().config());
        assertEquals(10, files.summary().members());
        assertEquals(run.result().divergedCount(), files.summary().membersDiverged());
        // flow.csv holds every statistic exactly (shortest round-trip decimal)
        assertEquals(run.result().flow(), files.flow());
        assertEquals(run.result().critical().criticalCutoff(), files.summary().criticalCutoff());
        assertArrayEquals(
                run.result().members().get(3).fisherDiagonal(),
                row(files.fisher().values(), 3, 48));
        // the field theory along the flow was written and reads back: one snapshot per flow entry
        NnftFile nnft = files.nnft().orElseThrow();
        assertEquals(SMALL.brg().cutoffs().size() + 1, nnft.entries().size());
        assertEquals(run.result().members().size() - run.result().divergedCount(), nnft.membersUsed());
        assertFalse(Files.exists(run.directory().resolve(RunDirectory.INCOMPLETE)));
    }

    @Test
    void interruptedRunResumedFromJavaWritesTheFilesOfAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        ExperimentRun.Finished whole = ExperimentRun.of(SMALL).threads(1).writeTo(tmp.resolve("whole"));
        Path broken = tmp.resolve("broken");
        // a run stopped as soon as its directory exists, then given a checkpoint of four finished
        // members (as a run killed after its fourth member leaves it)
        RuntimeException stop = assertThrows(
                IllegalStateException.class,
                () -> ExperimentRun.of(SMALL)
                        .onRunDirectory(dir -> {
                            throw new IllegalStateException("stopped");
                        })
                        .writeTo(broken));
        assertEquals("stopped", stop.getMessage());
        assertTrue(Files.exists(broken.resolve(RunDirectory.INCOMPLETE)));
        String identity = ResumeState.read(broken).identity();
        try (Checkpoint checkpoint = Checkpoint.append(broken.resolve(Checkpoint.FILE), 0, identity)) {
            for (MemberResult m : whole.result().members().subList(0, 4)) {
                checkpoint.record(m);
            }
        }
        int kept = ExperimentRun.finishedMembers(broken);
        assertEquals(4, kept);
        ConfigException unfinished = assertThrows(ConfigException.class, () -> RunFiles.open(broken));
        assertEquals(broken.toString(), unfinished.field());

        List<Integer> progress = new ArrayList<>();
        ExperimentRun.Finished resumed =
                ExperimentRun.resume(broken, ExperimentRun.of(SMALL).threads(2).onMemberDone(progress::add));
        assertEquals(10, progress.stream().mapToInt(Integer::intValue).max().orElse(0));
        assertEquals(10 - kept, progress.size(), progress::toString);
        assertTrue(progress.stream().allMatch(done -> done > kept), progress::toString);
        for (String file : List.of(RunWriter.PREDICTIONS, RunWriter.FISHER, RunWriter.FLOW, RunWriter.MEMBERS)) {
            assertArrayEquals(
                    Files.readAllBytes(whole.directory().resolve(file)),
                    Files.readAllBytes(resumed.directory().resolve(file)),
                    file);
        }
    }

    @Test
    void directoryThatIsNotEmptyIsRefusedBeforeAnythingIsComputed(@TempDir Path tmp) throws Exception {
        Path used = tmp.resolve("used");
        Files.createDirectories(used);
        Files.writeString(used.resolve("note.txt"), "mine");
        List<String> phases = new ArrayList<>();
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ExperimentRun.of(SMALL).onPhaseEnd(phases::add).writeTo(used));
        assertEquals(used.toString(), e.field());
        assertEquals(List.of(), phases);
        try (java.util.stream.Stream<Path> left = Files.list(used)) {
            assertEquals(List.of(used.resolve("note.txt")), left.toList());
        }
    }

    private static double[] row(double[] values, int row, int width) {
        return java.util.Arrays.copyOfRange(values, row * width, (row + 1) * width);
    }
}
