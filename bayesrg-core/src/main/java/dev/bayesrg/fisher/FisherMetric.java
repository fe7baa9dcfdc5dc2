package dev.bayesrg.fisher;

/**
 * A Fisher metric over the trainable parameters, as far as the RG flow in the parameter coordinates
 * needs it: the stiffness of each parameter. {@link FisherDiagonal} answers exactly; richer
 * representations answer by their diagonal: {@link FisherMatrix}, the dense metric, which also gives
 * its eigenbasis (the stiff and sloppy directions a flow in the eigenbasis ranks), and block or
 * K-FAC forms alike.
 */
public interface FisherMetric {
    /** The number of trainable parameters the metric covers. */
    int dimension();

    /** F_ii, the stiffness of trainable parameter i. */
    double diagonal(int i);
}
