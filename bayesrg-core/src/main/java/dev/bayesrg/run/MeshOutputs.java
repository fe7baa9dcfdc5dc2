package dev.bayesrg.run;

/**
 * One member's outputs on the nnft mesh x_1..x_M: {@code flow} [K+1][M] at every flow entry (entry 0
 * trained), {@code training} [C][M] at the training checkpoints (C = 0 when none are recorded; rows
 * after a divergence are NaN).
 */
public record MeshOutputs(double[][] flow, double[][] training) {
    /** No mesh recorded (e.g. a member read back from a run written before meshes existed). */
    public static final MeshOutputs NONE = new MeshOutputs(new double[0][], new double[0][]);
}
