/**
 * Gaussian posteriors of a linear read-out given frozen features (arXiv:2405.17538, §4.1, eqs.
 * 63–71; docs/method.md, "Which posterior"): the alternatives to the paper's ensemble of
 * GD-trained networks that {@code posterior.method} chooses.
 * {@link dev.bayesrg.posterior.ReadoutPosterior} is the conjugate posterior of the read-out θ (the
 * weights, and the bias if there is one) under the prior N(m, D) and the likelihood N(y; Φθ, σ²I):
 * its mean and covariance and exact draws from it, all through the n × n dual K = ΦDΦᵀ + σ²I
 * (Woodbury), never an inverse of the P × P precision; draws by Matheron's rule. The same covariance
 * is the Laplace approximation's (F_total + D⁻¹)⁻¹ with F_total = ΦᵀΦ/σ², so a Laplace member is a
 * draw of that covariance around any given centre. {@link dev.bayesrg.posterior.BernsteinVonMises}
 * compares the exact covariance, the asymptotic (n F)⁻¹ of eq. 71 and an ensemble's sample covariance
 * on the stiff eigenspace of the Fisher metric. The package uses {@code net} (feature matrices) and
 * {@code linalg} (the Gram kernel and the symmetric eigensolver): plain arrays in and out, no
 * configuration or run directories.
 */
package dev.bayesrg.posterior;
