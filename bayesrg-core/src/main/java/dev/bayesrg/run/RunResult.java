package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import java.util.List;

/**
 * A finished ensemble run: its configuration and data, every member's measurements (in member
 * order), the flow table, the critical scale, the wall time of the computation and which shard of
 * the ensemble it covers ({@link Shard#ALL} for a whole run).
 */
public record RunResult(
        ExperimentConfig config,
        DataSets data,
        List<MemberResult> members,
        List<FlowEntry> flow,
        CriticalScale critical,
        int trainableCount,
        double seconds,
        Shard shard) {
    /** Whether each member, in the order of {@link #members}, diverged. */
    public boolean[] divergedMembers() {
        boolean[] d = new boolean[members.size()];
        for (int m = 0; m < d.length; m++) {
            d[m] = members.get(m).diverged();
        }
        return d;
    }

    public int divergedCount() {
        return (int) members.stream().filter(MemberResult::diverged).count();
    }
}
