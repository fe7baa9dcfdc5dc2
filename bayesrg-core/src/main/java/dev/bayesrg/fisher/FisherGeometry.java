package dev.bayesrg.fisher;

import java.util.List;

/**
 * What the diagonal approximation of the Fisher metric hides, measured for one member along a
 * cutoff schedule: the metric's spectrum, and at each cutoff ε the fraction of parameter space the
 * diagonal calls sloppy (coordinates with F_ii &lt; ε) beside the fraction the eigenbasis calls sloppy
 * (dimensions with λ &lt; ε), and how far the diagonal's sloppy coordinates actually lie in the
 * eigenbasis's sloppy subspace.
 *
 * @param spectrum               λ_1 ≥ … ≥ λ_{n_F}, the metric's largest eigenvalues (the rest are 0)
 * @param diagonalSloppyFraction per cutoff, #{i : F_ii &lt; ε} / P
 * @param eigenSloppyFraction    per cutoff, #{dimensions with λ &lt; ε} / P (0 for ε ≤ 0)
 * @param overlap                per cutoff, the mean over the diagonal's sloppy coordinates i of |Π e_i|²,
 *                               Π the projector onto the eigenbasis's sloppy subspace: 1 when the diagonal
 *                               picks only truly sloppy directions, less when its picks carry stiff ones;
 *                               NaN when the diagonal calls nothing sloppy
 */
public record FisherGeometry(
        double[] spectrum, double[] diagonalSloppyFraction, double[] eigenSloppyFraction, double[] overlap) {

    /** The geometry of {@code basis} and its diagonal {@code diagonal} at each of {@code cutoffs}. */
    public static FisherGeometry of(FisherEigenbasis basis, double[] diagonal, List<Double> cutoffs) {
        int p = basis.dimension();
        int count = cutoffs.size();
        double[] diagonalSloppy = new double[count];
        double[] eigenSloppy = new double[count];
        double[] overlap = new double[count];
        // Σ_{k<s} v_ki², grown direction by direction from the largest cutoff (fewest stiff) down
        double[] stiffWeight = new double[p];
        int formed = 0;
        // every direction any cutoff needs, formed together: one product, not one per direction
        double smallest = Double.POSITIVE_INFINITY;
        for (double cutoff : cutoffs) {
            smallest = cutoff > 0.0 ? Math.min(smallest, cutoff) : smallest;
        }
        if (smallest < Double.POSITIVE_INFINITY) {
            basis.directions(basis.stiffCount(smallest));
        }
        for (int c = count - 1; c >= 0; c--) {
            double cutoff = cutoffs.get(c);
            if (cutoff <= 0.0) { // nothing has F_ii < ε or λ < ε
                overlap[c] = Double.NaN;
                continue;
            }
            int stiff = basis.stiffCount(cutoff);
            for (; formed < stiff; formed++) {
                double[] v = basis.direction(formed);
                for (int i = 0; i < p; i++) {
                    stiffWeight[i] += v[i] * v[i];
                }
            }
            int sloppy = 0;
            double inSloppySubspace = 0;
            for (int i = 0; i < p; i++) {
                if (diagonal[i] < cutoff) {
                    sloppy++;
                    inSloppySubspace += Math.max(0.0, 1.0 - stiffWeight[i]);
                }
            }
            diagonalSloppy[c] = (double) sloppy / p;
            eigenSloppy[c] = (double) (p - stiff) / p;
            overlap[c] = sloppy == 0 ? Double.NaN : inSloppySubspace / sloppy;
        }
        return new FisherGeometry(basis.stiffness(), diagonalSloppy, eigenSloppy, overlap);
    }

    /** The number of nonzero eigenvalues in the spectrum. */
    public int rank() {
        int r = 0;
        while (r < spectrum.length && spectrum[r] > 0.0) {
            r++;
        }
        return r;
    }

    /** tr F = Σ_k λ_k. */
    public double trace() {
        double s = 0;
        for (int k = 0; k < rank(); k++) {
            s += spectrum[k];
        }
        return s;
    }

    /**
     * (Σ λ)² / Σ λ²: how many directions carry the metric, counted so that one dominant direction
     * gives 1 and r equal ones give r (0 for the zero metric).
     */
    public double participationRatio() {
        double sum = 0;
        double squares = 0;
        for (int k = 0; k < rank(); k++) {
            sum += spectrum[k];
            squares += spectrum[k] * spectrum[k];
        }
        return squares == 0.0 ? 0.0 : sum * sum / squares;
    }

    /**
     * exp(−Σ p_k ln p_k) with p_k = λ_k / tr F, the effective rank of Roy and Vetterli: the number of
     * equal eigenvalues with the same spectral entropy (0 for the zero metric).
     */
    public double effectiveRank() {
        int r = rank();
        if (r == 0) {
            return 0.0;
        }
        double trace = trace();
        double entropy = 0;
        for (int k = 0; k < r; k++) {
            double p = spectrum[k] / trace;
            entropy -= p * Math.log(p);
        }
        return Math.exp(entropy);
    }

    /** λ_1 / tr F: the share of the metric's trace that its stiffest direction carries (0 for the zero metric). */
    public double leadingShare() {
        return rank() == 0 ? 0.0 : spectrum[0] / trace();
    }
}
