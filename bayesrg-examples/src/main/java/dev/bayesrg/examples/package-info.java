/**
 * Programs that use bayesrg as a library, as the README shows them: {@link
 * dev.bayesrg.examples.FirstRun} takes the paper's preset, tweaks it, runs the ensemble through
 * training, the Fisher metric and the BRG flow, reads the field theory along the flow and the
 * analytic-GP corroboration, and reads the run directory back. The build compiles and runs them,
 * and checks that the README's copy is this code.
 */
package dev.bayesrg.examples;
