package dev.bayesrg.brg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bayesrg.config.BrgConfig.CoarseGraining;
import dev.bayesrg.config.ConfigLoader;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.Preset;
import dev.bayesrg.fisher.FisherEigenbasis;
import dev.bayesrg.fisher.FisherGeometry;
import dev.bayesrg.fisher.FisherJacobian;
import dev.bayesrg.fisher.FisherMatrix;
import dev.bayesrg.net.Architecture;
import dev.bayesrg.net.Network;
import dev.bayesrg.net.ParameterPrior;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The eigenbasis flow against brute force on a small smooth network: the dense P × P metric from
 * finite differences of the network's output, its full EJML eigendecomposition (null space
 * included), coarse graining by explicit projectors, and the conditional law of a Gaussian prior by
 * the Schur complement in the full eigenbasis.
 */
class EigenbasisFlowTest {
    /** Smooth (tanh) so that finite differences are accurate; biases with their own prior variance. */
    private static final ExperimentConfig SMALL = ConfigLoader.fromPreset(Preset.PAPER)
            .with("network.hidden=[{width: 5, activation: tanh, bias: true}, {width: 4, activation: tanh, bias: true}]")
            .with("network.outputBias=true")
            .with("network.trainable=all")
            .with("network.init.scheme=fan-in")
            .with("network.init.sigmaW=1.5")
            .with("network.init.biasStd=0.3")
            .load();

    private static final int FISHER_INPUTS = 7;
    private static final double NOISE_VARIANCE = 0.5;

    private final Architecture architecture = new Architecture(2, SMALL.network());
    private final Network network = new Network(architecture);
    private final ParameterPrior prior =
            new ParameterPrior(architecture, SMALL.network().init());
    private final UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(2024L);
    private final double[] theta = prior.sample(rng);
    private final double[][] inputs = inputs(rng);
    private final int p = theta.length;

    private static double[][] inputs(UniformRandomProvider rng) {
        double[][] x = new double[FISHER_INPUTS][2];
        for (double[] row : x) {
            row[0] = 2 * rng.nextDouble() - 1;
            row[1] = 2 * rng.nextDouble() - 1;
        }
        return x;
    }

    private FisherEigenbasis eigenbasis() {
        return FisherEigenbasis.of(FisherJacobian.network(network, theta, inputs, 0, p, NOISE_VARIANCE));
    }

    /** ∂f(x)/∂θ_i by the five-point stencil: error O(h⁴) + O(ε/h), about 1e-12 here. */
    private double[] finiteDifferenceGradient(double[] x) {
        double h = 1e-3;
        double[] g = new double[p];
        double[] t = theta.clone();
        for (int i = 0; i < p; i++) {
            double[] f = new double[4];
            double[] steps = {-2 * h, -h, h, 2 * h};
            for (int s = 0; s < 4; s++) {
                t[i] = theta[i] + steps[s];
                f[s] = network.output(t, x);
            }
            t[i] = theta[i];
            g[i] = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
        }
        return g;
    }

    private double[] finiteDifferenceMetric() {
        double[] f = new double[p * p];
        for (double[] x : inputs) {
            double[] g = finiteDifferenceGradient(x);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    f[i * p + j] += g[i] * g[j] / (FISHER_INPUTS * NOISE_VARIANCE);
                }
            }
        }
        return f;
    }

    /** Σ_{λ_k ≥ cutoff} v_k v_kᵀ of the dense metric's full eigendecomposition. */
    private static double[] stiffProjector(FisherMatrix.Eigenbasis dense, double cutoff, int p) {
        double[] projector = new double[p * p];
        for (int k = 0; k < p; k++) {
            if (dense.stiffness()[k] >= cutoff) {
                double[] v = dense.directions()[k];
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        projector[i * p + j] += v[i] * v[j];
                    }
                }
            }
        }
        return projector;
    }

    /** Cutoffs in the middle of the spectrum's gaps, on a log scale, and one above the largest eigenvalue. */
    private static List<Double> cutoffsBetween(double[] spectrum, int rank) {
        List<Double> cutoffs = new ArrayList<>();
        for (int k = rank - 1; k >= 1; k--) {
            cutoffs.add(Math.sqrt(spectrum[k] * spectrum[k - 1]));
        }
        cutoffs.add(2 * spectrum[0]);
        return cutoffs;
    }

    @Test
    void eigenvaluesAndStiffSubspacesEqualTheDenseFiniteDifferenceMetrics() {
        FisherMatrix finiteDifferences = new FisherMatrix(p, finiteDifferenceMetric());
        FisherMatrix dense = FisherMatrix.allParameters(network, theta, inputs, NOISE_VARIANCE);
        double scale = 0;
        for (int i = 0; i < p * p; i++) {
            scale = Math.max(scale, Math.abs(dense.values()[i]));
        }
        for (int i = 0; i < p * p; i++) { // backpropagation and finite differences: one metric
            assertEquals(finiteDifferences.values()[i], dense.values()[i], 1e-9 * scale);
        }
        FisherMatrix.Eigenbasis full = dense.eigenbasis();
        FisherEigenbasis eigen = eigenbasis();
        assertEquals(FISHER_INPUTS, eigen.rank(), "rank n_F for generic inputs");
        double largest = full.stiffness()[0];
        for (int k = 0; k < p; k++) {
            double expected = k < FISHER_INPUTS ? eigen.stiffness(k) : 0.0;
            assertEquals(full.stiffness()[k], expected, 1e-12 * largest, "eigenvalue " + k);
            assertEquals(finiteDifferences.eigenbasis().stiffness()[k], expected, 1e-9 * largest, "eigenvalue " + k);
        }
        for (int k = 0; k < eigen.rank(); k++) { // unit eigenvectors: F v = λ v
            double[] v = eigen.direction(k);
            double norm = 0;
            for (int i = 0; i < p; i++) {
                double fv = 0;
                for (int j = 0; j < p; j++) {
                    fv += dense.get(i, j) * v[j];
                }
                assertEquals(eigen.stiffness(k) * v[i], fv, 1e-11 * largest);
                norm += v[i] * v[i];
            }
            assertEquals(1.0, norm, 1e-10);
        }
        for (double cutoff : cutoffsBetween(eigen.stiffness(), eigen.rank())) {
            int s = eigen.stiffCount(cutoff);
            double[] expected = stiffProjector(full, cutoff, p);
            double[][] v = eigen.directions(s);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double projector = 0;
                    for (int k = 0; k < s; k++) {
                        projector += v[k][i] * v[k][j];
                    }
                    assertEquals(expected[i * p + j], projector, 1e-10, "projector at cutoff " + cutoff);
                }
            }
        }
    }

    /**
     * With more Fisher inputs than parameters the eigenbasis comes from the P × P metric instead of
     * the n_F × n_F Gram matrix: the same spectrum (n_F long, zeros past P), the same stiff subspaces
     * and the same zero-mode flow as the Gram matrix's own eigendecomposition gives (EJML, v_k = Jᵀ u_k
     * / √λ_k), and a factor with F = Jᵀ J.
     */
    @Test
    void moreFisherInputsThanParametersGiveTheGramMatrixEigenbasisFromTheSmallerMatrix() {
        int n = p + 16;
        double[][] many = new double[n][2];
        for (double[] row : many) {
            row[0] = 2 * rng.nextDouble() - 1;
            row[1] = 2 * rng.nextDouble() - 1;
        }
        FisherJacobian j = FisherJacobian.network(network, theta, many, 0, p, NOISE_VARIANCE);
        FisherEigenbasis eigen = FisherEigenbasis.of(j);
        double[] gram = new double[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < p; i++) {
                    gram[a * n + b] += j.values()[a * p + i] * j.values()[b * p + i];
                }
            }
        }
        FisherMatrix.Eigenbasis reference = new FisherMatrix(n, gram).eigenbasis();
        double largest = reference.stiffness()[0];
        assertEquals(n, eigen.stiffness().length, "the spectrum is n_F long, as the Gram matrix's");
        // rank P but for eigenvalues below the resolution λ_max P 2⁻⁵⁰ (tanh saturates: here one, 1e-14 λ_max)
        int resolved = 0;
        while (resolved < p && reference.stiffness()[resolved] > largest * p * Math.scalb(1.0, -50)) {
            resolved++;
        }
        assertTrue(resolved >= p - 2, "nearly full rank: " + resolved);
        assertEquals(resolved, eigen.rank());
        for (int k = 0; k < n; k++) {
            assertEquals(reference.stiffness()[k], eigen.stiffness(k), 1e-12 * largest, "eigenvalue " + k);
        }
        // the metric's eigenvectors from the Gram matrix's: v_k = Jᵀ u_k / √λ_k
        double[][] fromGram = new double[p][p];
        for (int k = 0; k < p; k++) {
            for (int i = 0; i < p; i++) {
                for (int a = 0; a < n; a++) {
                    fromGram[k][i] += j.values()[a * p + i] * reference.directions()[k][a];
                }
                fromGram[k][i] /= Math.sqrt(reference.stiffness()[k]);
            }
        }
        FisherMatrix.Eigenbasis viaGram =
                new FisherMatrix.Eigenbasis(java.util.Arrays.copyOf(reference.stiffness(), p), fromGram);
        List<Double> cutoffs = new ArrayList<>(List.of(0.0));
        // between eigenvalues above 1e-6 λ_max only: below, either way of finding an eigenvector from
        // a product of J with itself loses digits (error ~ 1e-16 λ_max / gap), and so would the comparison
        cutoffsBetween(eigen.stiffness(), eigen.rank()).stream()
                .filter(c -> c > 1e-6 * largest)
                .forEach(cutoffs::add);
        double[] flowed = theta.clone();
        List<double[]> observed = new ArrayList<>();
        SubspaceCoarseGrainer zero =
                new SubspaceCoarseGrainer(i -> CoarseGrainer.law(CoarseGraining.ZERO, prior, null, i), 0, p, () -> {
                    throw new AssertionError("the zero mode draws nothing");
                });
        int[] coarseGrainedAt =
                EigenbasisFlow.run(flowed, 0, eigen, cutoffs, zero, (entry, t, count) -> observed.add(t.clone()));
        assertEquals(n, coarseGrainedAt.length, "one coarse-graining entry per dimension of the spectrum");
        double[] expected = theta.clone();
        for (int k = 0; k < cutoffs.size(); k++) {
            double[] projector = cutoffs.get(k) > 0 ? stiffProjector(viaGram, cutoffs.get(k), p) : identity(p);
            expected = times(projector, expected, p);
            for (int i = 0; i < p; i++) {
                assertEquals(expected[i], observed.get(k)[i], 1e-10, "entry " + (k + 1) + ", parameter " + i);
            }
        }
        double[] factor = eigen.factor().values();
        double scale = 0;
        for (double g : gram) {
            scale = Math.max(scale, Math.abs(g));
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double metric = 0;
                double fromFactor = 0;
                for (int r = 0; r < n; r++) {
                    metric += j.values()[r * p + a] * j.values()[r * p + b];
                    fromFactor += factor[r * p + a] * factor[r * p + b];
                }
                assertEquals(metric, fromFactor, 1e-12 * scale, "F = Jᵀ J of the factor, entry " + a + "," + b);
            }
        }
        // found from the P × P metric, not the Gram matrix: the factor's rows √λ_k v_k are orthogonal
        for (int r = 0; r < n; r++) {
            for (int t = 0; t < r; t++) {
                double dot = 0;
                for (int i = 0; i < p; i++) {
                    dot += factor[r * p + i] * factor[t * p + i];
                }
                assertEquals(0.0, dot, 1e-12 * scale, "rows " + r + " and " + t + " of the factor");
            }
        }
    }

    @Test
    void zeroModeFlowProjectsOutEachNewlySloppySubspaceOfTheDenseMetric() {
        FisherEigenbasis eigen = eigenbasis();
        FisherMatrix.Eigenbasis full = FisherMatrix.allParameters(network, theta, inputs, NOISE_VARIANCE)
                .eigenbasis();
        List<Double> cutoffs = new ArrayList<>(List.of(0.0));
        cutoffs.addAll(cutoffsBetween(eigen.stiffness(), eigen.rank()));
        double[] flowed = theta.clone();
        List<double[]> observed = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        SubspaceCoarseGrainer zero =
                new SubspaceCoarseGrainer(i -> CoarseGrainer.law(CoarseGraining.ZERO, prior, null, i), 0, p, () -> {
                    throw new AssertionError("the zero mode draws nothing");
                });
        EigenbasisFlow.run(flowed, 0, eigen, cutoffs, zero, (entry, t, count) -> {
            observed.add(t.clone());
            counts.add(count);
        });
        double[] expected = theta.clone();
        for (int k = 0; k < cutoffs.size(); k++) {
            // brute force: θ_k = P_stiff(ε_k) θ_{k-1}, the sloppy part of θ set to 0 (the projector
            // at ε = 0 is the identity: nothing is sloppy there)
            double[] projector = cutoffs.get(k) > 0 ? stiffProjector(full, cutoffs.get(k), p) : identity(p);
            expected = times(projector, expected, p);
            for (int i = 0; i < p; i++) {
                assertEquals(expected[i], observed.get(k)[i], 1e-10, "entry " + (k + 1) + ", parameter " + i);
            }
            int stiff = cutoffs.get(k) > 0 ? eigen.stiffCount(cutoffs.get(k)) : p;
            assertEquals(p - stiff, counts.get(k));
        }
        assertEquals(p, counts.get(counts.size() - 1), "past the largest eigenvalue everything is sloppy");
    }

    /**
     * The default law, the prior resampled with one variance s², against brute force on the same
     * standard normals: at the first positive cutoff ξ = m + s z over the parameters and
     * θ' = ξ + P_stiff (θ − ξ) with the dense metric's projector; at each later cutoff the component
     * along each newly sloppy dense eigenvector w_k (stiffest first) becomes w_k·m + s g_k, one
     * normal per direction. w_k's sign is fixed as the flow's is: the entries of the Gram-space vector
     * J w_k, with J from finite differences, sum to a positive number.
     */
    @Test
    void isotropicFlowRedrawsEachNewlySloppyComponentOfTheDenseMetric() {
        FisherEigenbasis eigen = eigenbasis();
        FisherMatrix.Eigenbasis full = FisherMatrix.allParameters(network, theta, inputs, NOISE_VARIANCE)
                .eigenbasis();
        double s = Math.sqrt(0.7);
        double[] mean = new double[p];
        for (int i = 0; i < p; i++) {
            mean[i] = 0.01 * i;
        }
        List<Double> cutoffs = new ArrayList<>(List.of(0.0));
        cutoffs.addAll(cutoffsBetween(eigen.stiffness(), eigen.rank()));
        java.util.Random random = new java.util.Random(5);
        List<Double> normals = new ArrayList<>();
        SubspaceCoarseGrainer isotropic = new SubspaceCoarseGrainer(i -> new SloppyLaw(mean[i], s * s), 0, p, () -> {
            normals.add(random.nextGaussian());
            return normals.get(normals.size() - 1);
        });
        List<double[]> observed = new ArrayList<>();
        EigenbasisFlow.run(theta.clone(), 0, eigen, cutoffs, isotropic, (entry, t, count) -> observed.add(t.clone()));
        double[][] gradients = new double[FISHER_INPUTS][];
        for (int n = 0; n < FISHER_INPUTS; n++) {
            gradients[n] = finiteDifferenceGradient(inputs[n]);
        }
        double[] expected = theta.clone();
        int next = 0;
        int stiff = p;
        for (int k = 0; k < cutoffs.size(); k++) {
            double cutoff = cutoffs.get(k);
            int nowStiff = cutoff > 0 ? eigen.stiffCount(cutoff) : p;
            if (stiff == p && nowStiff < p) {
                double[] xi = new double[p];
                for (int i = 0; i < p; i++) {
                    xi[i] = mean[i] + s * normals.get(next++);
                }
                double[] kept = times(stiffProjector(full, cutoff, p), minus(expected, xi), p);
                for (int i = 0; i < p; i++) {
                    expected[i] = xi[i] + kept[i];
                }
            } else {
                for (int d = nowStiff; d < stiff; d++) {
                    double[] w = signFixed(full.directions()[d], gradients);
                    double component = dot(w, mean) + s * normals.get(next++) - dot(w, expected);
                    for (int i = 0; i < p; i++) {
                        expected[i] += component * w[i];
                    }
                }
            }
            stiff = Math.min(stiff, nowStiff);
            for (int i = 0; i < p; i++) {
                assertEquals(expected[i], observed.get(k)[i], 1e-10, "entry " + (k + 1) + ", parameter " + i);
            }
        }
        assertEquals(normals.size(), next, "every normal drawn is used, in order");
        assertEquals(
                p + eigen.stiffCount(cutoffs.get(1)), next, "P at the first positive cutoff, then one per direction");
    }

    /** w or −w, whichever makes the entries of J w sum to a positive number (J the scaled gradients as rows). */
    private static double[] signFixed(double[] w, double[][] gradients) {
        double sum = 0;
        for (double[] g : gradients) {
            sum += dot(g, w);
        }
        assertTrue(Math.abs(sum) > 1e-6 * Math.sqrt(dot(w, w)), "a sum whose sign is not rounding");
        double[] out = w.clone();
        if (sum < 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = -out[i];
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /** The two forms of the conditional law against the Schur complement in the full eigenbasis. */
    @ParameterizedTest(name = "{0}, isotropic {1}")
    @CsvSource({"RESAMPLE_PRIOR, false", "GAUSSIAN, false", "RESAMPLE_PRIOR, true"})
    void redrawnComponentsFollowTheLawConditionedOnEveryOtherComponent(CoarseGraining mode, boolean isotropic) {
        FisherEigenbasis eigen = eigenbasis();
        FisherMatrix.Eigenbasis full = FisherMatrix.allParameters(network, theta, inputs, NOISE_VARIANCE)
                .eigenbasis();
        double[] mean = new double[p];
        double[] variance = new double[p];
        for (int i = 0; i < p; i++) {
            SloppyLaw law = CoarseGrainer.law(mode, prior, null, i);
            mean[i] = law.mean() + 0.01 * i; // a mean that is not zero, to see it conditioned too
            variance[i] = isotropic ? 0.7 : law.variance();
        }
        java.util.function.IntFunction<SloppyLaw> laws = i -> new SloppyLaw(mean[i], variance[i]);
        double[] state = theta.clone();
        int stiff = 4;
        int lessStiff = 2;
        double[][] directions = eigen.directions(stiff);
        // first cutoff: keep the 4 stiffest directions, redraw everything else (null space included)
        Affine kept = affine(
                p,
                z -> { // one normal per flowed parameter: the null space is redrawn too
                    double[] t = state.clone();
                    new SubspaceCoarseGrainer(laws, 0, p, z).keepOnly(t, 0, directions, stiff);
                    return t;
                });
        boolean[] keep = new boolean[p];
        java.util.Arrays.fill(keep, 0, stiff, true);
        assertLaw(schurComplement(full, keep, mean, variance, state), kept);
        // a later cutoff: redraw directions 2 and 3, keep the rest as it is
        // the general law conditions on every parameter; the isotropic one draws each direction's component
        Affine redrawn = affine(isotropic ? stiff - lessStiff : p, z -> {
            double[] t = state.clone();
            new SubspaceCoarseGrainer(laws, 0, p, z).redraw(t, 0, directions, lessStiff, stiff);
            return t;
        });
        boolean[] rest = new boolean[p];
        java.util.Arrays.fill(rest, true);
        rest[2] = false;
        rest[3] = false;
        assertLaw(schurComplement(full, rest, mean, variance, state), redrawn);
    }

    @Test
    void aSubspaceMixingPinnedAndFreeParametersIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new SubspaceCoarseGrainer(i -> new SloppyLaw(0.0, i == 0 ? 0.0 : 1.0), 0, 3, () -> 0.0));
        assertTrue(e.getMessage().contains("1 of 3"), e.getMessage());
    }

    @Test
    void geometryOfTheDiagonalAgainstTheDenseEigenbasis() {
        FisherEigenbasis eigen = eigenbasis();
        FisherMatrix dense = FisherMatrix.allParameters(network, theta, inputs, NOISE_VARIANCE);
        FisherMatrix.Eigenbasis full = dense.eigenbasis();
        double[] diagonal = new double[p];
        for (int i = 0; i < p; i++) {
            diagonal[i] = dense.diagonal(i);
        }
        List<Double> cutoffs = cutoffsBetween(eigen.stiffness(), eigen.rank());
        FisherGeometry geometry = FisherGeometry.of(eigen, diagonal, cutoffs);
        for (int c = 0; c < cutoffs.size(); c++) {
            double cutoff = cutoffs.get(c);
            double[] stiffProjector = stiffProjector(full, cutoff, p);
            int sloppy = 0;
            double overlap = 0;
            int eigenSloppy = 0;
            for (int i = 0; i < p; i++) {
                eigenSloppy += full.stiffness()[i] < cutoff ? 1 : 0;
                if (diagonal[i] < cutoff) {
                    sloppy++;
                    overlap += 1 - stiffProjector[i * p + i]; // (I − P_stiff)_ii = |Π e_i|²
                }
            }
            assertEquals((double) sloppy / p, geometry.diagonalSloppyFraction()[c], 0.0);
            assertEquals((double) eigenSloppy / p, geometry.eigenSloppyFraction()[c], 0.0);
            assertEquals(sloppy == 0 ? Double.NaN : overlap / sloppy, geometry.overlap()[c], 1e-10);
        }
    }

    @Test
    void spectrumSummariesOfAHandMadeSpectrum() {
        FisherGeometry g = new FisherGeometry(new double[] {4, 1, 1, 0}, new double[0], new double[0], new double[0]);
        assertEquals(3, g.rank());
        assertEquals(6.0, g.trace(), 0.0);
        assertEquals(36.0 / 18.0, g.participationRatio(), 1e-15); // (Σλ)²/Σλ²
        double entropy = -(2.0 / 3) * Math.log(2.0 / 3) - 2 * (1.0 / 6) * Math.log(1.0 / 6);
        assertEquals(Math.exp(entropy), g.effectiveRank(), 1e-14);
        assertEquals(2.0 / 3, g.leadingShare(), 1e-15);
    }

    /** θ_new = a + B z for the standard normals z a coarse graining consumes: found by feeding 0 and unit vectors. */
    private record Affine(double[] offset, double[][] columns) {}

    private Affine affine(int normals, java.util.function.Function<java.util.function.DoubleSupplier, double[]> draw) {
        double[] offset = draw.apply(() -> 0.0);
        double[][] columns = new double[normals][];
        for (int j = 0; j < normals; j++) {
            int unit = j;
            int[] next = {0};
            double[] t = draw.apply(() -> next[0]++ == unit ? 1.0 : 0.0);
            assertEquals(normals, next[0], "standard normals drawn");
            columns[j] = new double[p];
            for (int i = 0; i < p; i++) {
                columns[j][i] = t[i] - offset[i];
            }
        }
        return new Affine(offset, columns);
    }

    /** The conditional mean and covariance of θ ~ N(m, D) given its components along the kept eigenvectors. */
    private static double[][] schurComplement(
            FisherMatrix.Eigenbasis full, boolean[] kept, double[] mean, double[] variance, double[] theta) {
        int p = mean.length;
        int nk = 0;
        for (boolean b : kept) {
            nk += b ? 1 : 0;
        }
        int nr = p - nk;
        DMatrixRMaj keptBasis = new DMatrixRMaj(p, nk);
        DMatrixRMaj restBasis = new DMatrixRMaj(p, nr);
        for (int k = 0, a = 0, b = 0; k < p; k++) {
            for (int i = 0; i < p; i++) {
                if (kept[k]) {
                    keptBasis.set(i, a, full.directions()[k][i]);
                } else {
                    restBasis.set(i, b, full.directions()[k][i]);
                }
            }
            if (kept[k]) {
                a++;
            } else {
                b++;
            }
        }
        DMatrixRMaj d = CommonOps_DDRM.diag(variance);
        DMatrixRMaj sigmaKK = sandwich(keptBasis, d, keptBasis);
        DMatrixRMaj sigmaRK = sandwich(restBasis, d, keptBasis);
        DMatrixRMaj sigmaRR = sandwich(restBasis, d, restBasis);
        DMatrixRMaj m = new DMatrixRMaj(p, 1, true, mean);
        DMatrixRMaj deviation = new DMatrixRMaj(p, 1, true, theta);
        CommonOps_DDRM.subtractEquals(deviation, m);
        DMatrixRMaj keptDeviation = new DMatrixRMaj(nk, 1);
        CommonOps_DDRM.multTransA(keptBasis, deviation, keptDeviation);
        DMatrixRMaj gain = new DMatrixRMaj(nr, nk);
        DMatrixRMaj inverse = sigmaKK.copy();
        assertTrue(CommonOps_DDRM.invert(inverse));
        CommonOps_DDRM.mult(sigmaRK, inverse, gain);
        DMatrixRMaj restMean = new DMatrixRMaj(nr, 1);
        CommonOps_DDRM.multTransA(restBasis, m, restMean);
        CommonOps_DDRM.multAdd(gain, keptDeviation, restMean);
        DMatrixRMaj restCovariance = sigmaRR.copy();
        DMatrixRMaj correction = new DMatrixRMaj(nr, nr);
        CommonOps_DDRM.multTransB(gain, sigmaRK, correction);
        CommonOps_DDRM.subtractEquals(restCovariance, correction);
        // θ = K Kᵀθ + R c_R
        DMatrixRMaj keptPart = new DMatrixRMaj(nk, 1);
        CommonOps_DDRM.multTransA(keptBasis, new DMatrixRMaj(p, 1, true, theta), keptPart);
        DMatrixRMaj conditionalMean = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.mult(keptBasis, keptPart, conditionalMean);
        CommonOps_DDRM.multAdd(restBasis, restMean, conditionalMean);
        DMatrixRMaj covariance = outerSandwich(restBasis, restCovariance, restBasis);
        double[][] out = new double[p + 1][];
        out[0] = conditionalMean.data;
        for (int i = 0; i < p; i++) {
            out[i + 1] = java.util.Arrays.copyOfRange(covariance.data, i * p, (i + 1) * p);
        }
        return out;
    }

    /** Aᵀ M B. */
    private static DMatrixRMaj sandwich(DMatrixRMaj a, DMatrixRMaj m, DMatrixRMaj b) {
        DMatrixRMaj mb = new DMatrixRMaj(m.numRows, b.numCols);
        CommonOps_DDRM.mult(m, b, mb);
        DMatrixRMaj out = new DMatrixRMaj(a.numCols, b.numCols);
        CommonOps_DDRM.multTransA(a, mb, out);
        return out;
    }

    /** A M Bᵀ. */
    private static DMatrixRMaj outerSandwich(DMatrixRMaj a, DMatrixRMaj m, DMatrixRMaj b) {
        DMatrixRMaj am = new DMatrixRMaj(a.numRows, m.numCols);
        CommonOps_DDRM.mult(a, m, am);
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, b.numRows);
        CommonOps_DDRM.multTransB(am, b, out);
        return out;
    }

    private void assertLaw(double[][] expected, Affine actual) {
        for (int i = 0; i < p; i++) {
            assertEquals(expected[0][i], actual.offset()[i], 1e-10, "conditional mean " + i);
            for (int j = 0; j < p; j++) {
                double covariance = 0;
                for (double[] column : actual.columns()) {
                    covariance += column[i] * column[j];
                }
                assertEquals(expected[i + 1][j], covariance, 1e-10, "conditional covariance " + i + "," + j);
            }
        }
    }

    private static double[] identity(int p) {
        double[] m = new double[p * p];
        for (int i = 0; i < p; i++) {
            m[i * p + i] = 1;
        }
        return m;
    }

    private static double[] times(double[] matrix, double[] v, int p) {
        double[] out = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                out[i] += matrix[i * p + j] * v[j];
            }
        }
        return out;
    }
}
