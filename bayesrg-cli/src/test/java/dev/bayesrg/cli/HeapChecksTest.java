package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that can be asked for arrays larger than the heap refuses up front, in one line
 * naming the flag, the estimate and the heap, with exit code 2 and nothing written: fresh ensembles
 * at a huge width, a hundred million cos-net neurons, a trained cos-net at its largest, a kernel
 * matrix of 5000 points, a million Monte Carlo draws on a 65-point mesh. The first ones need tens
 * of GB and are refused in this JVM (the build gives it 2 GB); the others need about 1.5 and 0.5 GB
 * and are asked of a child JVM with a 64 MiB heap.
 */
class HeapChecksTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> tooLargeForTheTestHeap() {
        return Stream.of(
                Arguments.of(
                        "--widths",
                        List.of(
                                "nnft",
                                "--widths",
                                "100000",
                                "--set",
                                "network.hidden=[{width: 30000, activation: relu, bias: false},"
                                        + " {width: 10, activation: relu, bias: false}]")),
                Arguments.of("--neurons", List.of("cosnet", "--neurons", "100000000", "--dimension", "3")),
                Arguments.of("--mc-draws", List.of("nngp", "--mc-draws", "1000000", "--mesh-points", "64")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tooLargeForTheTestHeap")
    void aCommandAskedForMoreThanTheHeapIsRefusedInOneLine(String flag, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(args);
        Path out = tmp.resolve("out");
        if (command.get(0).equals("nngp")) {
            Path run = tmp.resolve("run");
            CliHarness.runSmall(run);
            command.addAll(List.of("--compare", run.toString(), "--out", out.toString()));
        }
        CliHarness.Result r = bayesrg(command);
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        assertTrue(line.contains(flag + ": ") && line.contains("needs about"), line);
        assertTrue(line.contains("of heap, the JVM has") && line.contains("-Xmx"), line);
        assertFalse(Files.exists(out));
    }

    static Stream<Arguments> tooLargeForASmallHeap() {
        return Stream.of(
                Arguments.of("--width", List.of("cosnet", "--train", "--width", "4096", "--points", "4096")),
                Arguments.of("--line", List.of("nngp", "--depth", "2", "--line", "0,0:1,1:5000")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tooLargeForASmallHeap")
    void aCommandAskedForMoreThanASmallHeapIsRefusedInOneLine(String flag, List<String> args) throws Exception {
        Path out = tmp.resolve("out");
        List<String> command = new ArrayList<>(args);
        command.addAll(List.of("--out", out.toString()));
        CliHarness.Result r = CliHarness.inFreshJvm(List.of("-Xmx64m"), command, tmp);
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains(flag + ": ") && r.err().contains("the JVM has 64 MiB"), r::toString);
        assertFalse(Files.exists(out));
    }
}
