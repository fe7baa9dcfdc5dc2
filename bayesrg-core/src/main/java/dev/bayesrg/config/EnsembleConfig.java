package dev.bayesrg.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The ensemble: how many members and the seed from which every member's parameter streams are
 * derived (member α uses streams keyed by (seed, α) only, so results do not depend on threads), and
 * where trained members come from: {@code importFrom} null, trained here; else the path of an
 * ensemble directory written elsewhere ({@code bayesrg import}) whose trained members are read
 * instead, {@code importKind} saying what it holds of each member (its ensemble.json's kind).
 */
public record EnsembleConfig(int members, long seed, String importFrom, ImportKind importKind) {
    /** What an imported ensemble directory holds of each member (docs/import.md). */
    public enum ImportKind {
        /** Every layer's weights and biases of a fully connected network. */
        @JsonProperty("mlp")
        MLP,
        /** Last-hidden-layer features and the trained linear read-out. */
        @JsonProperty("readout")
        READOUT,
        /** Network outputs on the mesh only: no parameters, so no Fisher metric and no flow. */
        @JsonProperty("outputs")
        OUTPUTS;

        /** The kind's name, as ensemble.json and the configuration write it. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the members are read from an ensemble directory instead of trained here. */
    public boolean imported() {
        return importFrom != null;
    }

    /**
     * Whether the members are known by their outputs on the mesh alone (an imported {@code outputs}
     * ensemble): they have no parameters, so no Fisher metric, no flow and no network to evaluate.
     */
    public boolean outputsOnly() {
        return importKind == ImportKind.OUTPUTS;
    }
}
