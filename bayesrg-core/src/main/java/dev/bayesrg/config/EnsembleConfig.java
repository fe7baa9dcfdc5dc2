package dev.bayesrg.config;

/**
 * The ensemble: how many members and the seed from which every member's parameter streams are
 * derived (member α uses streams keyed by (seed, α) only, so results do not depend on threads).
 */
public record EnsembleConfig(int members, long seed) {}
