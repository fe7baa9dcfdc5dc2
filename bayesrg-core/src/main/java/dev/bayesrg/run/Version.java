package dev.bayesrg.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What built this copy of bayesrg: its version and the source revision it was built from (the git
 * commit, and whether the work tree had uncommitted changes), both recorded at build time, so that
 * every run's manifest says which code produced it and runs of different builds are never mixed up
 * unnoticed. The build asks the git command in the checkout itself (so a linked worktree reports
 * its own commit); a build outside a git checkout records the revision as unknown.
 */
public final class Version {
    /** Stands for a value the build could not record. */
    public static final String UNKNOWN = "unknown";

    private static final Properties BUILD = load();

    private Version() {}

    /** The bayesrg version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return value("version");
    }

    /** The full git commit the build was made from, or {@value #UNKNOWN}. */
    public static String commit() {
        String commit = resource("source-commit.txt");
        return commit == null || !commit.matches("[0-9a-f]{40,64}") ? UNKNOWN : commit;
    }

    /**
     * Whether the work tree differed from {@link #commit()} when it was built ({@code true} or
     * {@code false}: {@code git status --porcelain} listed something or nothing), or {@value #UNKNOWN}.
     */
    public static String dirty() {
        String status = resource("source-status.txt");
        if (status == null || UNKNOWN.equals(commit())) {
            return UNKNOWN;
        }
        return status.isEmpty() ? "false" : "true";
    }

    /** A text resource written by the build beside this class, trimmed; null if the build wrote none. */
    private static String resource(String name) {
        try (InputStream in = Version.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** One line for people: version, commit (abbreviated) and whether the tree was dirty. */
    public static String describe() {
        String commit = commit();
        String revision = UNKNOWN.equals(commit)
                ? "source revision unknown"
                : "commit " + commit.substring(0, Math.min(12, commit.length()))
                        + ("true".equals(dirty()) ? " with uncommitted changes" : "");
        return "bayesrg " + get() + " (" + revision + ")";
    }

    /**
     * What {@code bayesrg --version} prints: the build, the JVM that runs it, and which kernels a run
     * in this JVM would use as configured (all give the same bits).
     */
    public static String[] lines() {
        return new String[] {
            describe(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + " "
                    + System.getProperty("java.vm.version") + ")",
            "kernels: " + dev.bayesrg.linalg.Kernels.describe(dev.bayesrg.linalg.Kernels.configured())
        };
    }

    private static String value(String key) {
        String v = BUILD.getProperty(key, UNKNOWN).trim();
        // an unfiltered ${...} means the build had no such value (no git checkout, say)
        return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no build information: every value reads as unknown
        }
        return p;
    }
}
