/**
 * JMH benchmarks of the engine's hot paths on the paper's shapes (n = 200 points, N = 2048
 * features): Gram matrix, batch features, eigendecomposition, one epoch of primal and dual GD and
 * SGD, and a whole member. They are not run by the tests; run them by hand, e.g.
 * {@code java -jar bayesrg-bench/target/benchmarks.jar -f 1 -wi 3 -i 5}.
 */
package dev.bayesrg.bench;
