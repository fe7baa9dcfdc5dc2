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

    private static final String VERSION = versionProperty();
    private static final String COMMIT = commitResource();
    private static final String DIRTY = dirtyResource();

    private Version() {}

    /** The bayesrg version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return VERSION;
    }

    /** The full git commit the build was made from, or {@value #UNKNOWN}. */
    public static String commit() {
        return COMMIT;
    }

    /**
     * Whether the work tree differed from {@link #commit()} when it was built ({@code true} or
     * {@code false}: {@code git status --porcelain} listed something or nothing), or {@value #UNKNOWN}.
     */
    public static String dirty() {
        return DIRTY;
    }

    /** One line for people: version, commit (abbreviated) and whether the tree was dirty. */
    public static String describe() {
        String revision = UNKNOWN.equals(COMMIT)
                ? "source revision unknown"
                : "commit " + COMMIT.substring(0, 12) + ("true".equals(DIRTY) ? " with uncommitted changes" : "");
        return "bayesrg " + VERSION + " (" + revision + ")";
    }

    /** The JVM that runs this, as the manifest records it: its name and version. */
    public static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
    }

    /**
     * What {@code bayesrg --version} prints: the build, the JVM that runs it, and which kernels a run
     * in this JVM would use as configured (all give the same bits).
     */
    public static String[] lines() {
        return new String[] {
            describe(),
            "Java " + System.getProperty("java.version") + " (" + jvm() + ")",
            "kernels: " + dev.bayesrg.linalg.Kernels.describe(dev.bayesrg.linalg.Kernels.configured())
        };
    }

    private static String versionProperty() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    private static String commitResource() {
        String commit = resource("source-commit.txt");
        return commit == null || !commit.matches("[0-9a-f]{40,64}") ? UNKNOWN : commit;
    }

    private static String dirtyResource() {
        String status = resource("source-status.txt");
        if (status == null || UNKNOWN.equals(COMMIT)) {
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
}
