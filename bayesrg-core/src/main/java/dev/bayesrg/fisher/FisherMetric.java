package dev.bayesrg.fisher;

/**
 * A Fisher metric over the trainable parameters, as far as the RG flow needs it: the stiffness of
 * each parameter. Diagonal representations answer exactly; richer ones (blocks, K-FAC) answer by
 * their diagonal.
 */
public interface FisherMetric {
    /** The number of trainable parameters the metric covers. */
    int dimension();

    /** F_ii, the stiffness of trainable parameter i. */
    double diagonal(int i);
}
