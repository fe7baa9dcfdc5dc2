package dev.bayesrg.run;

import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.data.DataSets;
import java.util.List;

/**
 * A finished ensemble run: its configuration and data, every member's measurements (in member
 * order), the flow table, the critical scale and the wall time of the computation.
 */
public record RunResult(ExperimentConfig config, DataSets data, List<MemberResult> members, List<FlowEntry> flow,
                        CriticalScale critical, int trainableCount, double seconds) {
    public int divergedCount() {
        return (int) members.stream().filter(MemberResult::diverged).count();
    }
}
