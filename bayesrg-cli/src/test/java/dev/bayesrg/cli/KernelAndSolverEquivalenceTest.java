package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.runSmall;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tuned paths must not change results: the Vector API kernels give the plain-Java kernels'
 * exact bytes for a whole run, and the training solvers agree on the whole flow to rounding.
 */
class KernelAndSolverEquivalenceTest {
    @TempDir
    Path tmp;

    /** Runs {@code bayesrg run} in a fresh JVM, with or without the Vector API module. */
    private void runInFreshJvm(boolean vector, Path out, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(CliHarness.SMALL);
        args.addAll(List.of(extra));
        args.addAll(List.of("--quiet", "--out", out.toString()));
        freshJvm(vector, tmp.resolve(out.getFileName() + ".log"), args);
    }

    /** Runs the command line in a fresh JVM and returns what it printed; fails unless it exits 0. */
    private static String freshJvm(boolean vector, Path log, List<String> args)
            throws IOException, InterruptedException {
        // with the module, every kernel call on the vector path from the first member on, compiled or
        // not: the comparison never depends on when the JIT gets to the kernels
        List<String> options =
                vector ? List.of("--add-modules=jdk.incubator.vector", "-Dbayesrg.vector=force") : List.of();
        Process p = new ProcessBuilder(CliHarness.freshJvm(options, args))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // a deadline only so that a hung child cannot hang the build; far beyond any real run
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "run did not finish");
        String printed = Files.readString(log);
        assertEquals(0, p.exitValue(), printed);
        return printed;
    }

    @Test
    void theForcedJvmRunsTheVectorKernelsAndTheOtherPlainJava() throws Exception {
        assertTrue(freshJvm(true, tmp.resolve("v.log"), List.of("--version"))
                .contains("kernels: Vector API, forced from the first call"));
        assertTrue(freshJvm(false, tmp.resolve("p.log"), List.of("--version")).contains("kernels: plain Java"));
    }

    @Test
    void vectorKernelsLeaveEveryOutputByteUnchanged() throws Exception {
        // width 100 and 37 test points exercise the kernels' vector bodies and scalar tails
        String[] extra = {"--set", "network.hidden[2].width=100", "--set", "data.train=37", "--set", "data.test=37"};
        for (String solver : List.of("iterate", "tridiagonal", "closed-form")) {
            Path plain = tmp.resolve("plain-" + solver);
            Path vector = tmp.resolve("vector-" + solver);
            String[] args = concat(extra, "--set", "train.solver=" + solver);
            runInFreshJvm(false, plain, args);
            runInFreshJvm(true, vector, args);
            for (String file : List.of("predictions.npy", "fisher.npy", "loss_curves.npy", "flow.csv", "members.csv")) {
                assertArrayEquals(
                        Files.readAllBytes(plain.resolve(file)),
                        Files.readAllBytes(vector.resolve(file)),
                        file + " differs between the plain-Java and the Vector API kernels (" + solver + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0} vs {1}, {2}")
    @CsvSource({
        "iterate, closed-form, gd",
        "tridiagonal, iterate-primal, gd",
        "iterate, iterate-primal, gd",
        "closed-form, iterate-primal, gd",
        "iterate, iterate-primal, sgd"
    })
    void solversAgreeOnTheWholeFlow(String a, String b, String optimizer) throws IOException {
        Path runA = tmp.resolve(a + "-" + optimizer);
        Path runB = tmp.resolve(b + "-" + optimizer + "-b");
        runSmall(runA, "--set", "train.solver=" + a, "--set", "train.optimizer=" + optimizer);
        runSmall(runB, "--set", "train.solver=" + b, "--set", "train.optimizer=" + optimizer);
        double[] pa = CliHarness.readNpy(runA.resolve("predictions.npy")).values();
        double[] pb = CliHarness.readNpy(runB.resolve("predictions.npy")).values();
        assertEquals(pa.length, pb.length);
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < pa.length; k++) {
            diff += (pa[k] - pb[k]) * (pa[k] - pb[k]);
            norm += pb[k] * pb[k];
        }
        assertTrue(Math.sqrt(diff / norm) < 1e-10, "predictions differ by " + Math.sqrt(diff / norm) + " relative");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
