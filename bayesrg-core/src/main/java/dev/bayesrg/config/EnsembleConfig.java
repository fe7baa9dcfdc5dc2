package dev.bayesrg.config;

/**
 * The ensemble: how many members and the seed from which every member's parameter streams are
 * derived (member α uses streams keyed by (seed, α) only, so results do not depend on threads), and
 * where trained members come from: null, trained here; else the path of an ensemble directory
 * written elsewhere ({@code bayesrg import}) whose trained members are read instead.
 */
public record EnsembleConfig(int members, long seed, String importFrom) {
    /** Whether the members are read from an ensemble directory instead of trained here. */
    public boolean imported() {
        return importFrom != null;
    }
}
