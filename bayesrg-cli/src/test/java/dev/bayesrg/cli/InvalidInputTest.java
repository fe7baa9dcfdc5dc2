package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.SMALL;
import static dev.bayesrg.cli.CliHarness.args;
import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.cli.CliHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input is exit code 2 with one line on stderr that names the offending flag or field, no stack
 * trace, and no run directory (SPEC A.2; the CLI's contract in {@code dev.bayesrg.cli}).
 */
class InvalidInputTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> badFlagsAndFields() {
        return Stream.of(
                bad("--members 0", "--members"),
                bad("--members -3", "--members"),
                bad("--members abc", "--members"),
                bad("--epochs -1", "--epochs"),
                bad("--width 0", "--width"),
                bad("--width -5", "--width"),
                bad("--threads 0", "--threads"),
                bad("--threads -2", "--threads"),
                bad("--preset nope", "preset", "nope"),
                bad("--set train.learningRate=-1", "train.learningRate"),
                bad("--set train.learningRate=abc", "train.learningRate"),
                bad("--set train.learningRate=.nan", "train.learningRate"),
                bad("--set train.solver=tridiagonal --set train.optimizer=sgd", "train.solver", "tridiagonal", "gd"),
                bad(
                        "--set train.solver=closed-form --set network.outputActivation=tanh",
                        "train.solver",
                        "closed-form",
                        "identity"),
                bad("--set train.solver=fast", "train.solver", "fast"),
                bad("--set brg.cutoffs=[1,0.5]", "brg.cutoffs"),
                bad("--set ensemble.importKind=mlp", "ensemble.importKind", "importFrom"),
                bad("--set brg.cutoffs=[-1,2]", "brg.cutoffs"),
                bad("--set brg.mode=foo", "brg.mode", "foo"),
                bad("--set network.hidden[1].activation=swish", "network.hidden[1].activation", "swish"),
                bad("--set network.hidden[7].width=3", "network.hidden[7]"),
                bad("--set network.sharedHidden=maybe", "network.sharedHidden"),
                bad("--set network.hidden=[] --set network.sharedHidden=true", "network.sharedHidden"),
                bad("--set nosuch.key=1", "nosuch"),
                bad("--set train.epoch=5", "train.epoch", "did you mean", "epochs"),
                bad("--set data.probe=[1,2,3]", "data.probe"),
                bad("--set data.inputCovariance=[[1,2],[2,1]]", "data.inputCovariance"),
                bad("--set data.inputCovariance=[[1,0.5],[0.4,1]]", "data.inputCovariance"),
                bad("--set data.train=0", "data.train"),
                bad("--set brg.criticalFactor=0", "brg.criticalFactor"),
                bad("--set brg.cutoffScale=quantile", "brg.cutoffs[10]", "(0, 1]", "quantile"),
                bad("--set brg.cutoffScale=quantile --set brg.cutoffs=[0,0.5]", "brg.cutoffs[0]", "(0, 1]"),
                bad("--set brg.cutoffScale=quantile --set brg.cutoffs=[0.5,0.4]", "brg.cutoffs[1]", "ascending"),
                bad("--set brg.cutoffScale=mean-eigenvalue --set brg.cutoffs=[0,1]", "brg.cutoffs[0]", "> 0"),
                bad("--set brg.cutoffScale=eigen", "brg.cutoffScale", "eigen", "mean-eigenvalue"),
                bad("--set missing-equals-sign", "--set"),
                bad("--set nnft.mesh=sphere", "nnft.mesh", "sphere"),
                bad("--set nnft.mesh=line", "nnft.line"),
                bad("--set nnft.mesh=csv", "nnft.csv"),
                bad("--set nnft.mesh=csv --set nnft.csv=no-such-mesh.csv", "nnft.csv", "no-such-mesh.csv"),
                bad("--set nnft.points=33", "nnft.points"),
                bad("--set nnft.snapshotEvery=-1", "nnft.snapshotEvery"),
                bad("--set brg.duringTraining=true", "brg.duringTraining", "nnft.snapshotEvery > 0"),
                bad("--set brg.duringTraining=maybe", "brg.duringTraining"),
                bad("--set fisher.at=map", "fisher.at", "member", "ensemble-mean", "ensemble-average"),
                bad("--set fisher.at=ensemble-mean", "fisher.at", "network.sharedHidden true"),
                bad(
                        "--set fisher.at=ensemble-average --set network.hidden[2].width=4097 --set data.fisher=200"
                                + " --set ensemble.members=200",
                        "fisher.at",
                        "4097 x 4097",
                        "4096"),
                bad("--set train.loss=cross-entropy", "train.loss", "data.source gaussian", "quadratic", "two-moons"),
                bad("--set train.loss=huber --set train.solver=closed-form", "train.solver", "train.loss mse"),
                bad("--set train.loss=l1 --set train.solver=tridiagonal", "train.solver", "train.loss mse"),
                bad("--set train.loss=huber --set train.huberDelta=0", "train.huberDelta", "> 0"),
                bad("--set train.loss=hinge", "train.loss", "hinge"),
                bad(
                        "--set posterior.method=exact --set network.trainable=all",
                        "posterior.method",
                        "network.trainable"),
                bad(
                        "--set posterior.method=laplace --set network.outputActivation=tanh",
                        "posterior.method",
                        "network.outputActivation"),
                bad("--set posterior.method=mcmc", "posterior.method", "gd-ensemble", "exact", "laplace", "langevin"),
                bad(
                        "--set posterior.method=langevin --set network.trainable=all",
                        "posterior.langevin.stepSize",
                        "network.trainable all"),
                bad("--set posterior.method=langevin --set train.loss=huber", "posterior.method", "train.loss mse"),
                bad("--frobnicate", "--frobnicate"));
    }

    private static Arguments bad(String flags, String... mentions) {
        return Arguments.of(flags, Arrays.asList(mentions));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badFlagsAndFields")
    void badFlagOrFieldIsExitTwoWithOneLineNamingItAndNoRunDirectory(String flags, List<String> mentions) {
        List<String> extra = new ArrayList<>(List.of(flags.split(" ")));
        assertRejected(extra, mentions);
    }

    @Test
    void crossEntropyOnACsvOfRealValuedTargetsIsExitTwoNamingTheFields() throws IOException {
        Path csv = tmp.resolve("real.csv");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            rows.append(i * 0.01)
                    .append(',')
                    .append(1 - i * 0.01)
                    .append(',')
                    .append(0.25 * (i % 5))
                    .append('\n');
        }
        Files.writeString(csv, rows.toString());
        assertRejected(
                List.of("--set", "data.source=csv", "--set", "data.csv=" + csv, "--set", "train.loss=cross-entropy"),
                List.of("data.csv", "train.loss cross-entropy", "labels 0 or 1"));
    }

    @Test
    void missingConfigFileIsExitTwoNamingTheFile() {
        Path missing = tmp.resolve("missing.yaml");
        assertRejected(List.of("--config", missing.toString()), List.of("--config", "missing.yaml"));
    }

    @Test
    void configFileWithInvalidYamlSyntaxIsExitTwoWithOneLineNamingTheFile() throws IOException {
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, "data:\n  train: [1, 2\n  test: 3\n");
        assertRejected(List.of("--config", broken.toString()), List.of("broken.yaml"));
    }

    @Test
    void configFileWithTabIndentationIsExitTwoWithOneLineNamingTheFile() throws IOException {
        Path tabs = tmp.resolve("tabs.yaml");
        Files.writeString(tabs, "data:\n\ttrain: 5\n");
        assertRejected(List.of("--config", tabs.toString()), List.of("tabs.yaml"));
    }

    @Test
    void configFileThatIsNotAMapIsExitTwoNamingTheFile() throws IOException {
        Path list = tmp.resolve("list.yaml");
        Files.writeString(list, "- 1\n- 2\n");
        assertRejected(List.of("--config", list.toString()), List.of("list.yaml"));
    }

    @Test
    void configFileWithUnknownKeyIsExitTwoNamingTheKeyPath() throws IOException {
        Path typo = tmp.resolve("typo.yaml");
        Files.writeString(typo, "train:\n  learningrate: 1.0e-5\n");
        assertRejected(List.of("--config", typo.toString()), List.of("train.learningrate", "learningRate"));
    }

    /**
     * When --set overrides a shortcut flag's field, a bad value came from the --set, so the message
     * must not blame the flag the user typed correctly.
     */
    @Test
    void badSetOverridingAShortcutFlagDoesNotBlameTheFlag() {
        Result r = assertRejected(List.of("--set", "ensemble.members=0"), List.of("ensemble.members"));
        // SMALL contains "--members 6", which is valid; the 0 came from --set.
        assertFalse(
                r.errLines().get(0).contains("--members"),
                "the error blames --members although --members 6 is valid and the 0 came from --set: " + r);
    }

    /**
     * Runs {@code bayesrg run SMALL extra --out <absent>} and checks the bad-input contract. The
     * --out path is absolute (inside @TempDir), so the check does not depend on the working directory;
     * the working directory's default {@code runs/} must not appear either.
     */
    private Result assertRejected(List<String> extra, List<String> mentions) {
        Path parent = tmp.resolve("never-created");
        Path out = parent.resolve("run");
        boolean defaultRunsExisted = Files.exists(Path.of("runs"));
        Result r = bayesrg(args(List.of("run"), SMALL, extra, List.of("--out", out.toString())));

        assertEquals(2, r.exitCode(), () -> "exit code for bad input: " + r);
        List<String> lines = messageLines(r);
        assertEquals(1, lines.size(), () -> "exactly one error line expected: " + r);
        String line = lines.get(0);
        for (String m : mentions) {
            assertTrue(line.contains(m), () -> "the message should mention '" + m + "': " + r);
        }
        assertFalse(
                r.err().contains("\tat ") || r.err().contains("Exception"),
                () -> "stack trace or exception name: " + r);
        assertEquals("", r.out().strip(), () -> "nothing on stdout for bad input: " + r);
        assertFalse(Files.exists(out), "run directory created for bad input");
        assertFalse(Files.exists(parent), "parent of the run directory created for bad input");
        if (!defaultRunsExisted) {
            assertFalse(Files.exists(Path.of("runs")), "a default runs/ directory appeared in the working directory");
        }
        return r;
    }

    /**
     * The error lines of stderr. picocli's conventional usage hint after a parse error ("Try 'bayesrg
     * run --help' for more information.") is a hint, not part of the message, and is not counted.
     */
    /** A mistyped subcommand or flag is answered with the nearest real names, on the one error line. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "rn, run",
        "nnfft, nnft",
        "run --membrs 5, --members",
        "run --widht 8, --width",
        "nngp --dept 2, --depth"
    })
    void aMistypedSubcommandOrFlagGetsADidYouMean(String typed, String meant) {
        Result r = bayesrg(typed.split(" "));
        assertEquals(2, r.exitCode(), r::toString);
        List<String> lines = messageLines(r);
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).contains("did you mean") && lines.get(0).contains(meant), r::toString);
    }

    static List<String> messageLines(Result r) {
        return r.errLines().stream()
                .filter(l -> !(l.startsWith("Try '") && l.endsWith("--help' for more information.")))
                .toList();
    }
}
