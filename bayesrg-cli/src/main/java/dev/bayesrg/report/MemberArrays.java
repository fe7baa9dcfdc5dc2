package dev.bayesrg.report;

import dev.bayesrg.run.MemberResult;
import dev.bayesrg.run.RunResult;
import java.util.Arrays;
import java.util.List;

/**
 * The per-member arrays of a run, one row per member: whether it diverged and its probe outputs
 * (members.csv), its Fisher diagonal (fisher.npy) and its training loss (loss_curves.npy). The
 * figures' statistics use the members that did not diverge.
 *
 * @param diverged   per member, whether its training diverged
 * @param probe      {@code probe[member][entry]} = f_α(x*) at flow entry {@code entry}
 * @param fisher     Fisher diagonal, [members][trainable parameters]
 * @param lossCurves training MSE every {@code lossEvery} epochs, [members][points]
 */
record MemberArrays(boolean[] diverged, double[][] probe, double[][] fisher, double[][] lossCurves) {
    /**
     * The arrays of a run still in memory: exactly what members.csv, fisher.npy and
     * loss_curves.npy hold, without parsing them back. The tests check that a report drawn from
     * these equals one drawn from the files, byte for byte.
     */
    static MemberArrays of(RunResult run) {
        List<MemberResult> ms = run.members();
        double[][] probe = new double[ms.size()][];
        double[][] fisher = new double[ms.size()][];
        double[][] loss = new double[ms.size()][];
        for (int m = 0; m < ms.size(); m++) {
            probe[m] = ms.get(m).probe();
            fisher[m] = ms.get(m).fisherDiagonal();
            loss[m] = ms.get(m).lossCurve();
        }
        return new MemberArrays(run.divergedMembers(), probe, fisher, loss);
    }

    /** The members of the run. */
    int size() {
        return diverged.length;
    }

    /** The members that did not diverge. */
    int used() {
        int n = 0;
        for (boolean d : diverged) {
            if (!d) {
                n++;
            }
        }
        return n;
    }

    /** Probe outputs at flow entry {@code entry} of the members that did not diverge (finite values only). */
    double[] probeAt(int entry) {
        double[] v = new double[size()];
        int n = 0;
        for (int m = 0; m < size(); m++) {
            double x = probe[m][entry];
            if (!diverged[m] && Double.isFinite(x)) {
                v[n++] = x;
            }
        }
        return Arrays.copyOf(v, n);
    }
}
