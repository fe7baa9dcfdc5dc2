package dev.bayesrg.brg;

import dev.bayesrg.fisher.FisherEigenbasis;
import dev.bayesrg.fisher.FisherJacobian;
import dev.bayesrg.linalg.Kernels;
import java.util.List;

/**
 * The eigenbasis flow of an isotropic or deterministic law ({@link SubspaceCoarseGrainer#componentwise()})
 * without forming a single direction v_k = Jᵀ u_k / √λ_k. Such a law redraws the component along
 * each v_k on its own, so the flow is known from the components a_k = v_k·θ of the stiff directions:
 * the first cutoff keeps them and puts a draw ξ of the law everywhere else, θ' = ξ + Σ_k (a_k − v_k·ξ) v_k;
 * each later cutoff sets those of the newly sloppy directions D to v_k·m + s z_k, θ += Σ_{k∈D} δ_k v_k.
 * Components are read through the Gram space, v_k·x = u_k·(J x) / √λ_k, and every step's change is
 * Jᵀ c with c = Σ_k u_k δ_k / √λ_k (neither needs u_k itself: {@link FisherEigenbasis#gramComponents},
 * {@link FisherEigenbasis#gramCombinations}): all the flow's steps are found first in the n_F-dimensional
 * Gram space and then turned into parameter-space changes by one product C J, instead of the n_F × P
 * work per direction that forming it costs.
 */
final class GramSpaceFlow {
    private GramSpaceFlow() {}

    /** As {@link EigenbasisFlow#run}, for a law whose {@link SubspaceCoarseGrainer#componentwise()} holds. */
    static void run(
            double[] theta,
            int offset,
            FisherEigenbasis basis,
            List<Double> cutoffs,
            SubspaceCoarseGrainer law,
            BrgFlow.Observer observer) {
        int dimension = basis.dimension();
        int first = 0;
        while (first < cutoffs.size() && !(cutoffs.get(first) > 0.0)) {
            first++;
        }
        for (int k = 0; k < first; k++) { // nothing coarse grained before the first positive cutoff
            observer.observe(k + 1, theta, 0);
        }
        if (first == cutoffs.size()) {
            return;
        }
        int[] stiff = new int[cutoffs.size()];
        int kept = basis.stiffCount(cutoffs.get(first));
        for (int k = first; k < cutoffs.size(); k++) {
            stiff[k] = Math.min(k == first ? kept : stiff[k - 1], basis.stiffCount(cutoffs.get(k)));
        }
        double[][] steps = steps(theta, offset, basis, stiff, first, law);
        // the first step is θ' − ξ: θ' = ξ + it
        double[] base = steps[0];
        for (int k = first, step = 1; k < cutoffs.size(); k++) {
            if (k == first) {
                System.arraycopy(base, 0, theta, offset, dimension);
                Kernels.axpy(1.0, steps[step++], 0, theta, offset, dimension);
            } else if (stiff[k] < stiff[k - 1]) {
                Kernels.axpy(1.0, steps[step++], 0, theta, offset, dimension);
            }
            observer.observe(k + 1, theta, dimension - stiff[k]);
        }
    }

    /**
     * ξ, then the change of the flowed parameters at the first cutoff beyond ξ, then that of every
     * later cutoff that coarse grains something, drawing from the law in the flow's order.
     */
    private static double[][] steps(
            double[] theta, int offset, FisherEigenbasis basis, int[] stiff, int first, SubspaceCoarseGrainer law) {
        FisherJacobian jacobian = basis.factor();
        int n = jacobian.inputs();
        int p = jacobian.parameters();
        int kept = stiff[first];
        double[] norm = new double[kept];
        for (int k = 0; k < kept; k++) {
            norm[k] = 1.0 / Math.sqrt(basis.stiffness(k));
        }
        double[] mean = law.mean();
        double[] xi = law.base();
        double[] components =
                components(basis, norm, jacobian.times(java.util.Arrays.copyOfRange(theta, offset, offset + p)));
        double[] baseComponents = components(basis, norm, jacobian.times(xi));
        double[] meanComponents = xi == mean ? baseComponents : components(basis, norm, jacobian.times(mean));
        int redraws = 0;
        for (int k = first + 1; k < stiff.length; k++) {
            redraws += stiff[k] < stiff[k - 1] ? 1 : 0;
        }
        // per step, the coefficients δ_k / √λ_k of C's row Σ_k u_k δ_k / √λ_k over the Gram space
        double[][] a = new double[1 + redraws][kept];
        for (int k = 0; k < kept; k++) {
            a[0][k] = (components[k] - baseComponents[k]) * norm[k];
        }
        for (int k = first + 1, row = 1; k < stiff.length; k++) {
            if (stiff[k] < stiff[k - 1]) {
                for (int d = stiff[k]; d < stiff[k - 1]; d++) {
                    double redrawn = law.redrawnComponent(meanComponents[d]);
                    a[row][d] = (redrawn - components[d]) * norm[d];
                    components[d] = redrawn;
                }
                row++;
            }
        }
        double[][] rows = basis.gramCombinations(a, kept);
        double[] c = new double[(1 + redraws) * n];
        for (int r = 0; r <= redraws; r++) {
            System.arraycopy(rows[r], 0, c, r * n, n);
        }
        double[] product = new double[(1 + redraws) * p];
        Kernels.denseLayer(jacobian.values(), null, n, p, c, 1 + redraws, product, false);
        double[][] steps = new double[2 + redraws][];
        steps[0] = xi;
        for (int r = 0; r <= redraws; r++) {
            steps[r + 1] = java.util.Arrays.copyOfRange(product, r * p, (r + 1) * p);
        }
        return steps;
    }

    /** v_k·x = u_k·(J x) / √λ_k for every kept k, from y = J x. */
    private static double[] components(FisherEigenbasis basis, double[] norm, double[] y) {
        double[] a = basis.gramComponents(y, norm.length);
        for (int k = 0; k < a.length; k++) {
            a[k] *= norm[k];
        }
        return a;
    }
}
