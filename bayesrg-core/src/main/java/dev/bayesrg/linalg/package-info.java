/**
 * The engine's linear algebra, as plain loops over {@code double[]} in row-major order (the way
 * EJML keeps its algorithms apart from the code that uses them): dot products, the Gram matrix
 * G = ΦΦᵀ, dense layers, the dual update of read-out gradient descent, rank-two updates and the
 * Householder reduction of a symmetric matrix to tridiagonal form. Every kernel sums in one fixed
 * order, so its bits depend only on its inputs. {@link dev.bayesrg.linalg.Kernels} picks, per
 * {@link dev.bayesrg.linalg.Kernels.Mode}, the plain-Java loops or their Vector API twins, which give
 * the same bits; nothing here depends on any other package of bayesrg.
 */
package dev.bayesrg.linalg;
