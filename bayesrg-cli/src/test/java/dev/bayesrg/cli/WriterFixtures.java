package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.args;
import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.ConfigLayers;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.io.RunDirectory;
import dev.bayesrg.run.ExperimentRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tiny run directories in every state a command that writes into one meets — finished, stopped
 * once its data files were written, stopped once its members were computed — two shards to merge,
 * and those commands, for the tests of what they may write and when.
 */
final class WriterFixtures {
    /** {@link CliHarness#TINY_EXPERIMENT} on one thread, quiet, figures drawn. */
    static final List<String> TINY = java.util.stream.Stream.concat(
                    CliHarness.TINY_EXPERIMENT.stream(), java.util.stream.Stream.of("--threads", "1", "--quiet"))
            .toList();

    private static Runs shared;

    private WriterFixtures() {}

    /** The commands that write into an existing run directory. */
    enum Writer {
        REPORT,
        NNFT,
        NNGP_COMPARE,
        RESUME;

        /** The command line that makes this command write into {@code dir}. */
        List<String> args(Path dir) {
            String d = dir.toString();
            return switch (this) {
                case REPORT -> List.of("report", d);
                case NNFT -> List.of("nnft", d, "--quiet");
                case NNGP_COMPARE -> List.of("nngp", "--compare", d, "--quiet", "--mc-draws", "100");
                case RESUME -> List.of("run", "--resume", d, "--quiet", "--threads", "1");
            };
        }
    }

    /** The states of a run directory, each with the commands that write into one in that state. */
    enum State {
        FINISHED,
        DATA_WRITTEN,
        MEMBERS_DONE;

        /** The commands that write into a directory in this state. */
        List<Writer> writers() {
            return switch (this) {
                case FINISHED -> List.of(Writer.REPORT, Writer.NNFT, Writer.NNGP_COMPARE);
                case DATA_WRITTEN -> List.of(Writer.REPORT, Writer.NNFT, Writer.NNGP_COMPARE, Writer.RESUME);
                case MEMBERS_DONE -> List.of(Writer.RESUME);
            };
        }
    }

    /** One run directory in each state, and two shards of the same run, under one root. */
    record Runs(Path root) {
        /**
         * The runs, made once for every test class of this JVM that asks (in a temporary directory
         * deleted when the JVM exits): they are only ever copied, never written.
         */
        static synchronized Runs shared() {
            if (shared == null) {
                try {
                    Path root = Files.createTempDirectory("bayesrg-writer-fixtures");
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
                    shared = makeIn(root);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return shared;
        }

        private static void deleteQuietly(Path root) {
            try {
                ReportTest.deleteTree(root);
            } catch (IOException e) {
                // a temporary directory: the system cleans it in the end
            }
        }

        static Runs makeIn(Path root) {
            Runs runs = new Runs(root);
            CliHarness.Result r = bayesrg(args(
                    List.of("run"),
                    TINY,
                    List.of("--out", runs.of(State.FINISHED).toString())));
            assertEquals(0, r.exitCode(), r::toString);
            stopped(runs.of(State.DATA_WRITTEN), ExperimentRun.WRITING);
            stopped(runs.of(State.MEMBERS_DONE), ExperimentRun.MEMBERS);
            for (int i = 0; i < 2; i++) {
                CliHarness.Result s = bayesrg(args(
                        List.of("run"),
                        TINY,
                        List.of(
                                "--no-report",
                                "--shard",
                                i + "/2",
                                "--out",
                                runs.shard(i).toString())));
                assertEquals(0, s.exitCode(), s::toString);
            }
            return runs;
        }

        Path of(State state) {
            return root.resolve(state.name().toLowerCase(java.util.Locale.ROOT));
        }

        Path shard(int index) {
            return root.resolve("shard-" + index);
        }
    }

    /** The tiny run stopped, as a kill stops it, once {@code phase} has ended (left resumable). */
    private static void stopped(Path dir, String phase) {
        ExperimentConfig config = ConfigLayers.of(Preset.PAPER)
                .withMembers(4)
                .withWidth(8)
                .withEpochs(20)
                .with("data.train=20")
                .with("data.test=10")
                .with("data.fisher=10")
                .resolve();
        IllegalStateException stop = new IllegalStateException("stopped after " + phase);
        RuntimeException thrown = assertThrows(
                RuntimeException.class,
                () -> ExperimentRun.of(config)
                        .threads(1)
                        .onPhaseEnd(p -> {
                            if (p.equals(phase)) {
                                throw stop;
                            }
                        })
                        .writeTo(dir));
        assertSame(stop, thrown);
        assertTrue(Files.exists(dir.resolve(RunDirectory.INCOMPLETE)));
    }
}
