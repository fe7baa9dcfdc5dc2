package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nnft/snapshots.json} read back: the field theory on the run's mesh at every flow entry and,
 * when recorded, at every training checkpoint ({@link NnftWriter} writes it). Values that were not
 * finite, or not written (an entry with fewer than two members), read as NaN.
 *
 * @param mesh        how the mesh was chosen (config {@code nnft.mesh}: test, csv, line, grid)
 * @param meshPoints  M, the points of the mesh
 * @param membersUsed members that did not diverge
 * @param meshWeight  the lattice quadrature weight w of a uniform mesh, or NaN
 * @param entries     one per flow entry, entry 0 = trained
 * @param checkpoints one per training checkpoint (empty without {@code nnft.snapshotEvery})
 */
public record NnftFile(
        String mesh,
        int meshPoints,
        int membersUsed,
        double meshWeight,
        List<Snapshot> entries,
        List<Snapshot> checkpoints) {

    /**
     * The field theory of one ensemble (a flow entry or a training checkpoint) as written.
     *
     * @param index                   flow entry, or training epoch for a checkpoint
     * @param measured                whether the ensemble was measured (false: fewer than two members
     *                                remained, and every value below is NaN)
     * @param mean                    G^(1)(x_i)
     * @param kernel                  K(x_i, x_j) = G_c^(2) (NaN-filled M×M when not written)
     * @param normalisedKappa4        ‖G_c^(4)‖ / ‖Wick4‖ on the mesh (ratio of Frobenius norms; older
     *                                directories' mean |G_c^(4)/Wick| over the multisets)
     * @param normalisedKappa4Se      its jackknife standard error (NaN in directories written before it)
     * @param quarticCouplingNorm     |Λ4|
     * @param klToTrained             KL of the Gaussian part to the trained ensemble's (flow entries)
     * @param bestMatchingEpoch       the training epoch nearest in KL, or -1 (flow entries)
     * @param couplings               the couplings Λ3, Λ4, Λ6 by order r, those the file holds (none in
     *                                directories written before the tensors were)
     */
    public record Snapshot(
            int index,
            boolean measured,
            double[] mean,
            double[][] kernel,
            double normalisedKappa4,
            double normalisedKappa4Se,
            double quarticCouplingNorm,
            double klToTrained,
            int bestMatchingEpoch,
            java.util.Map<Integer, Coupling> couplings) {
        public Snapshot {
            couplings = java.util.Map.copyOf(couplings);
        }

        /** The coupling of order r, or one of NaNs when the file has none. */
        public Coupling coupling(int r) {
            return couplings.getOrDefault(r, Coupling.absent(r));
        }
    }

    /**
     * The coupling Λ_r of one ensemble: its Frobenius norm on the mesh with its jackknife standard
     * error ({@code *_coupling_norm}, {@code _se}), and its noise-floor test ({@code significance."r"}).
     *
     * @param order        r (3, 4 or 6)
     * @param norm         ‖Λ_r‖
     * @param normSe       its standard error
     * @param whitenedNorm t_r, the whitened norm ‖G_c^(r) (K^-1/2)^⊗r‖ the test uses
     * @param whitenedSe   its standard error
     * @param floorMean    the mean of t_r over Gaussian surrogates of the same kernel and members
     * @param floorSd      their standard deviation
     * @param z            (t_r − floorMean) / floorSd
     * @param p            the surrogate p-value
     * @param significant  whether t_r is above the noise floor at the file's α (false when not tested)
     */
    public record Coupling(
            int order,
            double norm,
            double normSe,
            double whitenedNorm,
            double whitenedSe,
            double floorMean,
            double floorSd,
            double z,
            double p,
            boolean significant) {
        static Coupling absent(int r) {
            double nan = Double.NaN;
            return new Coupling(r, nan, nan, nan, nan, nan, nan, nan, nan, false);
        }
    }

    /** The orders a coupling is written for, with the key of its norm in snapshots.json. */
    private static final java.util.Map<Integer, String> COUPLING_KEYS =
            java.util.Map.of(3, "cubic_coupling_norm", 4, "quartic_coupling_norm", 6, "sextic_coupling_norm");

    /** Whether training checkpoints were recorded. */
    public boolean hasTraining() {
        return !checkpoints.isEmpty();
    }

    static NnftFile of(JsonNode json) {
        int m = json.path("mesh_points").asInt();
        List<Snapshot> entries = new ArrayList<>();
        for (JsonNode e : json.path("entries")) {
            entries.add(snapshot(e, e.path("entry").asInt(), m));
        }
        List<Snapshot> checkpoints = new ArrayList<>();
        for (JsonNode c : json.path("training").path("checkpoints")) {
            checkpoints.add(snapshot(c, c.path("epoch").asInt(), m));
        }
        return new NnftFile(
                json.path("mesh").asText("test"),
                m,
                json.path("members_used").asInt(),
                number(json.get("mesh_weight")),
                List.copyOf(entries),
                List.copyOf(checkpoints));
    }

    private static Snapshot snapshot(JsonNode o, int index, int m) {
        double[] mean = new double[m];
        double[][] kernel = new double[m][m];
        for (int i = 0; i < m; i++) {
            mean[i] = number(o.path("mean").get(i));
            for (int j = 0; j < m; j++) {
                kernel[i][j] = number(o.path("kernel").path(i).get(j));
            }
        }
        JsonNode best = o.get("best_matching_epoch");
        JsonNode k = o.get("kernel");
        return new Snapshot(
                index,
                k != null && k.isArray() && !k.isEmpty(),
                mean,
                kernel,
                number(o.has("normalised_kappa4") ? o.get("normalised_kappa4") : o.get("mean_abs_normalised_kappa4")),
                number(o.get("normalised_kappa4_se")),
                number(o.get("quartic_coupling_norm")),
                number(o.get("kl_to_trained")),
                best == null || !best.isNumber() ? -1 : best.asInt(),
                couplings(o));
    }

    /** The couplings of one ensemble the file has: a norm with its error, or a noise-floor test. */
    private static java.util.Map<Integer, Coupling> couplings(JsonNode o) {
        java.util.Map<Integer, Coupling> out = new java.util.TreeMap<>();
        JsonNode tests = o.path("significance");
        for (var e : COUPLING_KEYS.entrySet()) {
            int r = e.getKey();
            JsonNode t = tests.get(Integer.toString(r));
            // a snapshot's |Λ4| is written without the tensors too: only an error or a test makes a coupling
            if (!o.has(e.getValue() + "_se") && t == null) {
                continue;
            }
            JsonNode q = t == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : t;
            out.put(
                    r,
                    new Coupling(
                            r,
                            number(o.get(e.getValue())),
                            number(o.get(e.getValue() + "_se")),
                            number(q.get("whitened_norm")),
                            number(q.get("whitened_norm_se")),
                            number(q.get("surrogate_mean")),
                            number(q.get("surrogate_sd")),
                            number(q.get("z")),
                            number(q.get("p")),
                            q.path("significant").asBoolean(false)));
        }
        return out;
    }

    private static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }
}
