package dev.bayesrg.run;

import dev.bayesrg.config.ConfigException;
import java.nio.file.Path;
import java.util.List;

/**
 * Which build of bayesrg wrote each shard, and the rule for merging them: one run-directory format,
 * one bayesrg version and, where both sides recorded it, one source commit, shared by every shard
 * and by the build that merges them. A merged run records one version and promises the unsharded
 * run's files; shards of builds whose numerics may differ would break that promise without a trace,
 * so a difference is refused (not warned about), naming the shard and both builds.
 */
final class ShardBuilds {
    private ShardBuilds() {}

    /** Refuses the first shard whose build differs from the first shard's or from this one. */
    static void checkOneBuild(List<Path> shards, List<RunSummary> summaries, List<RunManifest> manifests) {
        Path first = shards.get(0);
        RunSummary s0 = summaries.get(0);
        for (int s = 1; s < shards.size(); s++) {
            RunSummary summary = summaries.get(s);
            if (summary.formatVersion() != s0.formatVersion()) {
                throw new ConfigException(
                        shards.get(s).toString(),
                        "is in run-directory format " + summary.formatVersion() + ", " + first + " in format "
                                + s0.formatVersion() + "; merge shards written by one bayesrg");
            }
            if (!summary.softwareVersion().equals(s0.softwareVersion())) {
                throw new ConfigException(
                        shards.get(s).toString(),
                        "was written by bayesrg " + shown(summary.softwareVersion()) + ", " + first + " by bayesrg "
                                + shown(s0.softwareVersion()) + "; merge shards written by one bayesrg");
            }
            String commit = manifests.get(s).sourceCommit();
            String commit0 = manifests.get(0).sourceCommit();
            if (differ(commit, commit0)) {
                throw new ConfigException(
                        shards.get(s).toString(),
                        "was written by bayesrg built from commit " + abbreviated(commit) + ", " + first
                                + " from commit " + abbreviated(commit0) + "; merge shards written by one build");
            }
        }
        if (!s0.softwareVersion().equals(Version.get())) {
            throw new ConfigException(
                    first.toString(),
                    "was written by bayesrg " + shown(s0.softwareVersion()) + ", this is bayesrg " + Version.get()
                            + "; merge with the bayesrg that ran the shards");
        }
        String commit0 = manifests.get(0).sourceCommit();
        if (differ(commit0, Version.commit())) {
            throw new ConfigException(
                    first.toString(),
                    "was written by bayesrg built from commit " + abbreviated(commit0) + ", this bayesrg from commit "
                            + abbreviated(Version.commit()) + "; merge with the build that ran the shards");
        }
    }

    /** Two recorded commits that differ; an unrecorded one (older runs, builds outside git) cannot. */
    private static boolean differ(String a, String b) {
        return known(a) && known(b) && !a.equals(b);
    }

    private static boolean known(String commit) {
        return !commit.isEmpty() && !Version.UNKNOWN.equals(commit);
    }

    private static String abbreviated(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static String shown(String version) {
        return version.isEmpty() ? "(unrecorded version)" : version;
    }
}
