package dev.bayesrg.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.run.RunFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example runs as a user's program would (no incubator module: the plain kernels) and
 * prints what the README promises; and the README shows exactly this code.
 */
class FirstRunTest {
    @Test
    void exampleRunsAndPrintsTheCriticalCutoffTheFieldTheoryAndTheCorroborationVerdicts(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("run");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            FirstRun.main(new String[] {out.toString(), "48"});
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        RunFiles run = RunFiles.open(out);
        assertEquals("critical cutoff: " + run.summary().criticalCutoff(), lines.get(0));
        assertTrue(
                lines.get(1).startsWith("48 members, " + run.summary().membersDiverged() + " diverged"),
                lines::toString);
        assertTrue(lines.get(2).startsWith("field theory on 8 mesh points"), lines::toString);
        // one verdict per flow entry, then the count; with shared hidden layers the GP is exact
        int entries = run.summary().cutoffs().size() + 1;
        for (int k = 0; k < entries; k++) {
            assertTrue(lines.get(3 + k).startsWith(String.format("entry %2d: GP ", k)), lines::toString);
        }
        assertEquals(
                entries + " of " + entries + " entries agree; table in " + out.resolve("nngp/corroboration.csv"),
                lines.get(3 + entries));
        assertEquals(4 + entries, lines.size(), lines::toString);
    }

    @Test
    void readmeShowsTheExampleAsItIsCompiled() throws Exception {
        String source =
                Files.readString(Path.of("src/main/java/dev/bayesrg/examples/FirstRun.java"), StandardCharsets.UTF_8);
        String example = source.substring(
                        source.indexOf('\n', source.indexOf("// README example: begin")) + 1,
                        source.indexOf("// README example: end"))
                .strip();
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        assertTrue(
                readme.contains("```java\n" + example + "\n```"),
                "README.md's \"Use bayesrg from Java\" code block differs from FirstRun.java; copy it over");
    }
}
