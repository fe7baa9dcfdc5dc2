package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.activation.Activation;
import dev.bayesrg.cli.CliHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bayesrg nngp}: the kernel CSV against hand-computed values, --out, help and bad flags. */
class NngpCommandTest {
    @TempDir
    Path tmp;

    private static double[][] parse(String csv) {
        return csv.lines()
                .filter(l -> !l.isBlank())
                .map(l -> Arrays.stream(l.split(","))
                        .mapToDouble(Double::parseDouble)
                        .toArray())
                .toArray(double[][]::new);
    }

    @Test
    void reluDepthTwoOnALineMatchesTheArcCosineFormulaByHand() {
        Result r = bayesrg("nngp", "--depth", "2", "--activation", "relu", "--sigma-w2", "2", "--line", "1,0:0,1:2");
        assertEquals(0, r.exitCode(), r::toString);
        double[][] k = parse(r.out());
        assertEquals(2, k.length);
        // K1 = 2 x.x'/2: diagonal 1, off-diagonal 0 (orthogonal) -> K2 = 2 * K1/2 = 1 and 2 * 1/(2π)
        assertEquals(1.0, k[0][0], 1e-15);
        assertEquals(1.0, k[1][1], 1e-15);
        assertEquals(1.0 / Math.PI, k[0][1], 1e-15);
        assertEquals(k[0][1], k[1][0], 0.0);
    }

    @Test
    void pointsFileWithHeaderAndOutFileGiveTheLinearKernel() throws IOException {
        Path pts = tmp.resolve("xs.csv");
        Files.writeString(pts, "x0,x1,x2\n1,2,3\n\n-1,0.5,2\n");
        Path out = tmp.resolve("k.csv");
        Result r = bayesrg(
                "nngp",
                "--depth",
                "3",
                "--activation",
                "identity",
                "--sigma-w2",
                "1.5",
                "--sigma-b2",
                "0.1",
                "--points",
                pts.toString(),
                "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        double[][] k = parse(Files.readString(out));
        double w = 1.5;
        double dot = -1 + 1 + 6;
        assertEquals(0.1 * (1 + w + w * w) + w * w * w * dot / 3, k[0][1], 1e-13);
    }

    @Test
    void quadratureActivationsRunAndGiveASymmetricMatrix() {
        for (String act : List.of("tanh", "gelu", "erf", "cos")) {
            Result r = bayesrg("nngp", "--depth", "3", "--activation", act, "--line", "-1,0.5:1,2:4");
            assertEquals(0, r.exitCode(), r::toString);
            double[][] k = parse(r.out());
            assertEquals(4, k.length);
            for (int i = 0; i < 4; i++) {
                assertTrue(k[i][i] > 0, act);
                for (int j = 0; j < 4; j++) {
                    assertEquals(k[i][j], k[j][i], 0.0, act);
                }
            }
        }
    }

    @ParameterizedTest(name = "nngp {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--depth 0 --line 0:1:3|--depth",
                "--depth x --line 0:1:3|--depth",
                "--depth 2 --activation swish --line 0:1:3|--activation",
                "--depth 2 --sigma-w2 0 --line 0:1:3|--sigma-w2",
                "--depth 2 --sigma-w2 NaN --line 0:1:3|--sigma-w2",
                "--depth 2 --sigma-b2 -1 --line 0:1:3|--sigma-b2",
                "--depth 2 --line 0,1:1:3|--line",
                "--depth 2 --line 0:1|--line",
                "--depth 2 --line 0:1:0|--line",
                "--depth 2 --line a:1:3|--line",
                "--depth 2 --line 0:1:x|--line",
                "--depth 2|--points",
                "--depth 2 --line 0:1:3 --points p.csv|--points",
                "--depth 2 --points /nonexistent/p.csv|--points",
                "--depth 2 --line 0:1:3 --out /nonexistent/dir/k.csv|--out",
                "--activation relu --line 0:1:3|--depth"
            })
    void badFlagsExitTwoWithOneLineNamingTheFlag(String flags, String named) {
        Result r = bayesrg(("nngp " + flags).split(" "));
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.errLines().get(0).contains(named), r::toString);
        assertTrue(r.errLines().size() <= 2, r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void badPointsFileNamesFileLineAndColumn() throws IOException {
        Path pts = tmp.resolve("bad.csv");
        Files.writeString(pts, "1,2\n3,abc\n");
        Result r = bayesrg("nngp", "--depth", "2", "--points", pts.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.errLines().get(0).contains("bad.csv:2:2"), r::toString);
        Files.writeString(pts, "1,2\n3\n");
        Result ragged = bayesrg("nngp", "--depth", "2", "--points", pts.toString());
        assertEquals(2, ragged.exitCode(), ragged::toString);
        assertTrue(ragged.errLines().get(0).contains("bad.csv:2"), ragged::toString);
    }

    /** --activation takes exactly the named activations, in any case, and names them all when it does not. */
    @Test
    void everyNamedActivationIsAcceptedInAnyCaseAndAnUnknownNameListsThemAll() {
        for (Activation a : Activation.all()) {
            Result lower = bayesrg("nngp", "--depth", "2", "--activation", a.id(), "--line", "-1,0.5:1,2:3");
            assertEquals(0, lower.exitCode(), lower::toString);
            Result upper = bayesrg(
                    "nngp", "--depth", "2", "--activation", a.id().toUpperCase(Locale.ROOT), "--line", "-1,0.5:1,2:3");
            assertEquals(lower.out(), upper.out(), a.id());
        }
        Result r = bayesrg("nngp", "--depth", "2", "--activation", "swish", "--line", "0:1:3");
        assertEquals(
                "nngp: error: --activation: got 'swish', allowed " + String.join(", ", Activation.ids()),
                r.errLines().get(0));
    }

    /** The help's lists of activations, and of those with closed forms, are the library's. */
    @Test
    void helpNamesEveryActivationAndWhichOnesHaveClosedForms() {
        String help = bayesrg("nngp", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("one of: " + String.join(", ", Activation.ids()) + " (default relu)"), help);
        assertTrue(
                help.contains("relu, erf, cos and identity use closed forms; tanh and gelu use Gaussian quadrature."),
                help);
        assertEquals(
                Set.of("identity", "relu", "erf", "cos", "tanh", "gelu"), Set.copyOf(Activation.ids()), "--activation");
        assertEquals(
                Set.of("relu", "erf", "cos", "identity"),
                Activation.all().stream()
                        .filter(Activation::hasClosedForm)
                        .map(Activation::id)
                        .collect(Collectors.toSet()),
                "closed forms");
    }

    @Test
    void helpExitsZeroAndListsTheOptions() {
        Result r = bayesrg("nngp", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        for (String o :
                new String[] {"--depth", "--activation", "--sigma-w2", "--sigma-b2", "--points", "--line", "--out"}) {
            assertTrue(r.out().contains(o), r.out());
        }
        assertTrue(r.out().contains("gelu"), r.out());
    }
}
