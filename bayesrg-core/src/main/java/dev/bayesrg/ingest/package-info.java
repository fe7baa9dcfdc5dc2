/**
 * Ensembles trained elsewhere: an ensemble directory written by PyTorch, JAX or NumPy code (or by the
 * Python companion's {@code export_ensemble}) is read and checked here, before anything is computed —
 * its manifest ({@link dev.bayesrg.ingest.EnsembleManifest}), its arrays' shapes, member counts,
 * finiteness and fit to the configured architecture — and then hands each member's trained
 * parameters, or its features and read-out, to the run's pipeline in place of training
 * ({@link dev.bayesrg.ingest.ImportedEnsemble}). The format is docs/import.md.
 */
package dev.bayesrg.ingest;
