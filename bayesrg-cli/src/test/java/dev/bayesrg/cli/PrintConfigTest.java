package dev.bayesrg.cli;

import static dev.bayesrg.cli.CliHarness.bayesrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bayesrg.cli.CliHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --print-config}: the resolved configuration as YAML that reads back to itself. */
class PrintConfigTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path tmp;

    private Result printConfig(Path out, String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "run";
        args[1] = "--print-config";
        System.arraycopy(extra, 0, args, 2, extra.length);
        args[args.length - 2] = "--out";
        args[args.length - 1] = out.toString();
        boolean defaultRunsExisted = Files.exists(Path.of("runs"));
        Result r = bayesrg(args);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err(), "nothing on stderr");
        assertFalse(Files.exists(out), "--print-config must not create the run directory");
        if (!defaultRunsExisted) {
            assertFalse(Files.exists(Path.of("runs")), "--print-config must not create runs/");
        }
        return r;
    }

    @Test
    void printedConfigReadBackWithConfigPrintsTheIdenticalYaml() throws IOException {
        Result first = printConfig(
                tmp.resolve("no-run-1"),
                "--members",
                "3",
                "--width",
                "17",
                "--epochs",
                "4",
                "--seed",
                "11",
                "--set",
                "brg.mode=gaussian",
                "--set",
                "brg.sloppyVariance=0.25",
                "--set",
                "brg.cutoffs=[0.5, 2]",
                "--set",
                "network.hidden[0].activation=tanh");
        Path saved = tmp.resolve("resolved.yaml");
        Files.writeString(saved, first.out());

        Result second = printConfig(tmp.resolve("no-run-2"), "--config", saved.toString());
        assertEquals(first.out(), second.out(), "round trip through --config changed the YAML");

        JsonNode tree = YAML.readTree(first.out());
        assertEquals(3, tree.at("/ensemble/members").asInt());
        assertEquals(11, tree.at("/ensemble/seed").asLong());
        assertEquals(4, tree.at("/train/epochs").asInt());
        assertEquals(17, tree.at("/network/hidden/2/width").asInt());
        assertEquals("tanh", tree.at("/network/hidden/0/activation").asText());
        assertEquals("gaussian", tree.at("/brg/mode").asText());
        assertEquals(0.25, tree.at("/brg/sloppyVariance").asDouble());
        assertEquals(2, tree.at("/brg/cutoffs").size());
    }

    @Test
    void defaultPrintedConfigRoundTrips() throws IOException {
        Result first = printConfig(tmp.resolve("no-run-1"));
        Path saved = tmp.resolve("paper.yaml");
        Files.writeString(saved, first.out());
        assertEquals(
                first.out(),
                printConfig(tmp.resolve("no-run-2"), "--config", saved.toString())
                        .out());
        JsonNode tree = YAML.readTree(first.out());
        assertEquals(512, tree.at("/ensemble/members").asInt());
        assertEquals("gd", tree.at("/train/optimizer").asText());
        assertEquals(200, tree.at("/data/fisher").asInt());
        assertEquals(2048, tree.at("/network/hidden/2/width").asInt());
        assertEquals(25, tree.at("/brg/cutoffs").size());
    }

    @Test
    void referenceCodePresetHasSgdTenFisherInputsAndWidth2000() throws IOException {
        Result r = printConfig(tmp.resolve("no-run"), "--preset", "reference-code");
        JsonNode tree = YAML.readTree(r.out());
        assertEquals("sgd", tree.at("/train/optimizer").asText());
        assertEquals(10, tree.at("/data/fisher").asInt());
        JsonNode hidden = tree.at("/network/hidden");
        assertEquals(2000, hidden.get(hidden.size() - 1).get("width").asInt());
        assertEquals(200, tree.at("/data/train").asInt());
        assertEquals(200, tree.at("/data/test").asInt());
        assertEquals(512, tree.at("/ensemble/members").asInt());
        assertEquals(1e-6, tree.at("/train/learningRate").asDouble());
        assertEquals(1000, tree.at("/train/epochs").asInt());
        assertEquals(25, tree.at("/brg/cutoffs").size());
        assertTrue(r.out().endsWith("\n"));
    }

    @Test
    void printConfigWithBadInputIsStillExitTwo() {
        Path out = tmp.resolve("no-run");
        Result r = bayesrg("run", "--print-config", "--members", "0", "--out", out.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--members"), r::toString);
        assertEquals("", r.out());
        assertFalse(Files.exists(out));
    }
}
