package dev.bayesrg.run;

import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.linalg.Kernels;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A child process for {@link EmbeddingTest}: loads and initialises every class of bayesrg-core, runs
 * a tiny ensemble as an embedding program would, and prints the kernel mode and every live thread
 * that is not the JVM's own.
 */
public final class LoadEveryClass {
    private LoadEveryClass() {}

    public static void main(String[] args)
            throws IOException, URISyntaxException, InterruptedException, ReflectiveOperationException {
        Path classes = Path.of(Kernels.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> names;
        try (Stream<Path> walk = Files.walk(classes)) {
            names = walk.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString())
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> !n.equals("module-info"))
                    .sorted()
                    .toList();
        }
        for (String name : names) {
            Class.forName(name, true, LoadEveryClass.class.getClassLoader());
        }
        System.out.println("classes " + names.size());
        System.out.println("mode after loading " + Kernels.mode());
        ExperimentConfig config = ConfigLoader.fromPreset(Preset.PAPER)
                .with("ensemble.members=2")
                .with("network.hidden[2].width=16")
                .with("train.epochs=5")
                .load();
        Experiment.run(config, Experiment.prepareData(config, Path.of("")), 2, done -> {});
        System.out.println("mode after a run " + Kernels.mode());
        TreeSet<String> threads = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("bayesrg")) {
                threads.add(t.getName());
            }
        }
        System.out.println("bayesrg threads " + threads);
    }
}
